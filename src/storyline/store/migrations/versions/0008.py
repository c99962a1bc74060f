"""8: articles.published_offset: the UTC offset of the publication time."""

from storyline.store.schema import numbered

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    numbered(8)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
