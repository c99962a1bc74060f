"""Across the articles of one event: what outlets agree on, where they differ, who said what.

- pool: the sentences compared, and how alike two of them are;
- facts: sentences from different outlets that say the same thing, and unique claims;
- figures: counted things outlets give alike (agreement) or incompatibly (discrepancies);
- dates: one statement that outlets date or time differently;
- settings: one quote that outlets set in different places or company;
- spellings: one name that outlets of one language spell differently;
- quotes: one speaker's words as each outlet carries them, and words credited to different speakers;
- support: the citation contract, checked on every brief before it is output.

All thresholds live in one `AlignOptions` (options.py).
"""

from storyline.align.dates import date_discrepancies, time_discrepancies
from storyline.align.facts import facts_and_unique, supported, thresholds
from storyline.align.figures import agreed_figures, discrepancies, home_place
from storyline.align.options import OPTIONS, AlignOptions
from storyline.align.pool import Cite, SentenceRef, sentence_pool, similarity
from storyline.align.quotes import attributions, event_people, quote_groups
from storyline.align.settings import setting_discrepancies
from storyline.align.spellings import spelling_discrepancies
from storyline.align.stance import stances
from storyline.align.support import enforce, verdicts

__all__ = ["OPTIONS", "AlignOptions", "Cite", "SentenceRef", "agreed_figures", "attributions", "date_discrepancies",
           "discrepancies", "enforce", "event_people", "facts_and_unique", "home_place", "quote_groups", "sentence_pool",
           "setting_discrepancies", "similarity", "spelling_discrepancies", "stances", "supported", "thresholds",
           "time_discrepancies", "verdicts"]
