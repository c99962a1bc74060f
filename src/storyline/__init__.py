"""storyline: many news articles from many outlets into events, storylines and cited briefs."""

import logging

from storyline.engine import Engine, IngestReport
from storyline.model import Article, Brief, Event, Storyline

__all__ = ["Article", "Brief", "Engine", "Event", "IngestReport", "Storyline"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
