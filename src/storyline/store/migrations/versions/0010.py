"""10: briefs: built briefs, kept while their key holds."""

from storyline.store.schema import numbered

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    numbered(10)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
