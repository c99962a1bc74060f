"""12: briefs.conflicts: the discrepancies a brief shows, for the events list's badge."""

from storyline.store.schema import numbered

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    numbered(12)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
