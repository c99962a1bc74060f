"""7: feeds and feed_entries: what `watch` knows of each feed."""

from storyline.store.schema import numbered

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    numbered(7)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
