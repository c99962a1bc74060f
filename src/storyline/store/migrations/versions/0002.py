"""2: date_estimates: where an undated article was placed in time, and why."""

from storyline.store.schema import numbered

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    numbered(2)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
