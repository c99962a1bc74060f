"""11: full-text search on SQLite (FTS5, kept by triggers)."""

from storyline.store.schema import numbered

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    numbered(11)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
