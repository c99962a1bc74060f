"""Date phrases in news text, resolved against the publication date.

"on Monday" in an article of Thursday 2022-01-27 is 2022-01-24; "Jan. 18" is
2022-01-18; "last week" and "earlier this month" become ranges. Hand-written
because dateparser returns one point for "last week" and finds false dates in
running text ("may", "second"); it still parses datelines in ingest.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_MONTH = r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = _DAY.replace("?P<day>", "?P<day2>")
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_YEAR2 = _YEAR.replace("?P<year>", "?P<year2>")

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    # "Jan. 18", "January 18, 2022", "on Mar. 3"
    ("month_day", re.compile(rf"\b{_MONTH}\.?\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?(?!\s*(?:%|per|troops|people))", re.I)),
    # "18 January 2022", "3 March"
    ("day_month", re.compile(rf"\b{_DAY2}\s+{_MONTH2}\b\.?(?:,?\s+{_YEAR2}\b)?", re.I)),
    # "last Monday night", "on Thursday", "late Wednesday"
    ("weekday", re.compile(
        r"\b(?:(?P<rel>last|this|next|on|late|early|since|by|until)\s+)?"
        r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
        r"(?:\s+(?P<part>morning|afternoon|evening|night))?\b", re.I)),
    ("relative", re.compile(
        r"\b(?P<phrase>yesterday|today|tonight|this (?:morning|afternoon|evening)|last night|"
        r"(?:last|this|next|past) (?:week|month|year|weekend)|earlier (?:this|in the) (?:week|month|year)|"
        r"later this (?:week|month|year)|(?:a|one|two|three) (?:days?|weeks?) ago)\b", re.I)),
    # "in March", "last June", "in late January", "in July 2021", "March 2020"
    ("month", re.compile(
        rf"\b(?:(?P<rel>in|last|next|since|by|until|early|late|mid|in early|in late|in mid)[\s-]+)?{_MONTH}\b(?:(?<=\b(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec))\.|(?<=sept)\.)?(?:\s+{_YEAR}\b)?", re.I)),
    ("year", re.compile(r"\b(?:in|since|by|until|from|during|of)\s+(?P<year>(?:19|20)\d\d)\b(?!\s*(?:troops|people|soldiers|%))", re.I)),
]


@dataclass(slots=True)
class FoundDate:
    start: int
    end: int
    text: str
    first: date
    last: date
    granularity: str
    kind: str  # which pattern: "iso", "month_day", "weekday", "relative", …


ABSOLUTE = ("iso", "month_day", "day_month")


def find_dates(text: str, published: date | None, kinds: tuple[str, ...] | None = None) -> list[FoundDate]:
    """Every date phrase in the text, resolved where a publication date is known."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        if kinds is not None and kind not in kinds:
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            resolved = _resolve(kind, match, published, _future_context(text, start))
            if resolved is None:
                continue
            first, last, granularity = resolved
            surface = text[start:end]
            found.append(FoundDate(start, end, surface, first, last, granularity, kind))
            taken.append((start, end))
    return sorted(found, key=lambda f: f.start)


_FUTURE = re.compile(r"\b(will|would|'ll|shall|is due|are due|due to|expected to|scheduled|set to|plans? to|is to|are to|going to)\b[^.;]{0,40}$", re.I)


def _future_context(text: str, start: int) -> bool:
    """A future verb shortly before the phrase in the same clause: "would reopen on Thursday"."""
    window = text[max(0, start - 60): start]
    window = re.split(r"[.;!?]", window)[-1]
    return bool(_FUTURE.search(window))


def _resolve(kind: str, m: re.Match, published: date | None, future: bool = False):
    g = m.groupdict()
    if kind == "iso":
        try:
            d = date(int(g["year"]), int(g["m"]), int(g["d"]))
        except ValueError:
            return None
        return d, d, "day"
    word = g.get("month") or g.get("month2")
    if word and not word[0].isupper():
        return None  # "the march was peaceful", "may": in news copy month names are capitalised
    if kind in ("month_day", "day_month"):
        month = MONTHS[word.lower()]
        day = int(g.get("day") or g.get("day2"))
        year = g.get("year") or g.get("year2")
        if year:
            y = int(year)
        elif published:
            y = _nearest_year(published, month, day)
        else:
            return None
        try:
            d = date(y, month, day)
        except ValueError:
            return None
        return d, d, "day"
    if published is None:
        return None
    if kind == "weekday":
        rel = (g.get("rel") or "").lower()
        if future and rel in ("", "on", "by", "until", "late", "early"):
            rel = "coming"
        return _weekday(published, WEEKDAYS.index(g["wd"].lower()), rel)
    if kind == "relative":
        return _relative(published, g["phrase"].lower())
    if kind == "month":
        if word.lower() == "may" and not g.get("year") and not g.get("rel"):
            return None  # sentence-initial "May I…" / "May…"
        month = MONTHS[word.lower()]
        rel = (g.get("rel") or "").lower()
        if g.get("year"):
            y = int(g["year"])
        elif rel in ("last", "since"):
            y = published.year if month < published.month else published.year - 1
        elif rel == "next":
            y = published.year if month > published.month else published.year + 1
        else:
            y = _nearest_year(published, month, 15)
        last_day = calendar.monthrange(y, month)[1]
        return date(y, month, 1), date(y, month, last_day), "month"
    if kind == "year":
        y = int(g["year"])
        return date(y, 1, 1), date(y, 12, 31), "year"
    return None


def _nearest_year(published: date, month: int, day: int) -> int:
    """The year that puts month/day closest to the publication date, a little biased to the past."""
    best = None
    for y in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = date(y, month, min(day, calendar.monthrange(y, month)[1]))
        except ValueError:
            continue
        distance = (candidate - published).days
        cost = abs(distance) * (2.0 if distance > 0 else 1.0)
        if best is None or cost < best[0]:
            best = (cost, y)
    return best[1]


def _weekday(published: date, weekday: int, rel: str):
    back = (published.weekday() - weekday) % 7
    if rel == "next":
        ahead = (weekday - published.weekday()) % 7 or 7
        d = published + timedelta(days=ahead)
    elif rel == "coming":  # future tense: the same day or the next such day
        d = published + timedelta(days=(weekday - published.weekday()) % 7)
    elif rel == "last" and back == 0:
        d = published - timedelta(days=7)
    else:
        d = published - timedelta(days=back)  # news reports the most recent such day
    return d, d, "day"


def _relative(published: date, phrase: str):
    p = published
    monday = p - timedelta(days=p.weekday())
    month_start = p.replace(day=1)
    if phrase == "yesterday":
        d = p - timedelta(days=1)
        return d, d, "day"
    if phrase in ("today", "tonight") or phrase.startswith("this "):
        if phrase.endswith(("week", "month", "year", "weekend")):
            pass
        else:
            return p, p, "day"
    if phrase == "last night":
        d = p - timedelta(days=1)
        return d, d, "day"
    if phrase.endswith("ago"):
        n = {"a": 1, "one": 1, "two": 2, "three": 3}[phrase.split()[0]]
        unit = 7 if "week" in phrase else 1
        d = p - timedelta(days=n * unit)
        return d, d, "day"
    if phrase in ("last week", "past week"):
        return monday - timedelta(days=7), monday - timedelta(days=1), "week"
    if phrase in ("this week", "earlier this week", "earlier in the week"):
        return monday, p, "week"
    if phrase == "next week":
        return monday + timedelta(days=7), monday + timedelta(days=13), "week"
    if phrase in ("last weekend", "this weekend"):
        sat = monday - timedelta(days=2)
        return sat, sat + timedelta(days=1), "range"
    if phrase in ("earlier this month", "earlier in the month"):
        return month_start, max(month_start, p - timedelta(days=1)), "range"
    if phrase in ("this month",):
        return month_start, p, "month"
    if phrase in ("last month", "past month"):
        last_end = month_start - timedelta(days=1)
        return last_end.replace(day=1), last_end, "month"
    if phrase == "next month":
        nxt = (month_start + timedelta(days=32)).replace(day=1)
        return nxt, nxt.replace(day=calendar.monthrange(nxt.year, nxt.month)[1]), "month"
    if phrase.startswith("later this"):
        if phrase.endswith("week"):
            return p, monday + timedelta(days=6), "range"
        if phrase.endswith("month"):
            return p, p.replace(day=calendar.monthrange(p.year, p.month)[1]), "range"
        return p, date(p.year, 12, 31), "range"
    if phrase in ("earlier this year", "earlier in the year"):
        return date(p.year, 1, 1), p, "range"
    if phrase == "this year":
        return date(p.year, 1, 1), date(p.year, 12, 31), "year"
    if phrase in ("last year", "past year"):
        return date(p.year - 1, 1, 1), date(p.year - 1, 12, 31), "year"
    if phrase == "next year":
        return date(p.year + 1, 1, 1), date(p.year + 1, 12, 31), "year"
    return None


def estimate_published(text: str, reference: date, limit: int = 4000) -> date | None:
    """For an undated article: the latest calendar date it names (news is written
    just after what it reports). Years missing in the text come from `reference`."""
    days = [f.last for f in find_dates(text[:limit], reference, kinds=ABSOLUTE)]
    return max(days) if days else None
