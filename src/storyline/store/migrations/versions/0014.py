"""14: full-text search on PostgreSQL (a tsvector kept by the server, under a GIN index)."""

from storyline.store.schema import numbered

revision = "0014"
down_revision = "0013"


def upgrade() -> None:
    numbered(14)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
