"""4: corrections: manual merges, moves and splits, replayed after any re-clustering."""

from storyline.store.schema import numbered

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    numbered(4)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
