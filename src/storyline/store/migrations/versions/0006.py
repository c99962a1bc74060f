"""6: articles.published_sure and articles.author."""

from storyline.store.schema import numbered

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    numbered(6)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
