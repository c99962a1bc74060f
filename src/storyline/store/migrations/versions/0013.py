"""13: indexes on articles.outlet and articles.lang, for the events list's filters."""

from storyline.store.schema import numbered

revision = "0013"
down_revision = "0012"


def upgrade() -> None:
    numbered(13)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
