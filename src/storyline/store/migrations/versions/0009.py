"""9: analyses.vectors: sentence embeddings kept with each analysis."""

from storyline.store.schema import numbered

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    numbered(9)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
