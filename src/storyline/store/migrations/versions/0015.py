"""15: indexes that keep the cost of placing new articles from growing with the archive.

Events are indexed by storyline, so a storyline's events, and the storylines a rewrite
leaves without events, are found without reading every event. The index of event terms
holds the event id too, so the candidate lookup reads the index alone.
"""

from alembic import op

revision = "0015"
down_revision = "0014"


def upgrade() -> None:
    # a store made at this version already has both (the tables' metadata declares them)
    op.create_index("ix_events_storyline_id", "events", ["storyline_id"], if_not_exists=True)
    op.create_index("ix_event_terms_term_day_event", "event_terms", ["term", "day", "event_id"], if_not_exists=True)
    op.drop_index("ix_event_terms_term_day", "event_terms", if_exists=True)


def downgrade() -> None:
    raise NotImplementedError("storyline's migrations only go forward: restore a backup to go back")
