"""5: unplaced: the articles in no event yet, filled from the store."""

from storyline.store.schema import numbered

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    numbered(5)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
