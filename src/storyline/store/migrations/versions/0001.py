"""1: the tables of the first release."""

from storyline.store.schema import numbered

revision = "0001"
down_revision = None


def upgrade() -> None:
    numbered(1)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
