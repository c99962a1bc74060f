"""3: article_features and event_terms (clustering vectors, the candidate index); indexes on the events' days."""

from storyline.store.schema import numbered

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    numbered(3)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
