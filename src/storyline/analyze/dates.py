"""Date phrases in news text, resolved against the publication date.

"on Monday" in an article of Thursday 2022-01-27 is 2022-01-24; "Jan. 18" is
2022-01-18; "last week" and "earlier this month" become ranges. Hand-written
because dateparser returns one point for "last week" and finds false dates in
running text ("may", "second"); it still parses datelines in ingest.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
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

# the period that follows an abbreviated month ("Jan.", "Sept."), not the one that ends a sentence after "March"
_ABBREVIATED = r"(?:(?<=\b(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec))|(?<=\bsept))"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    # "Jan. 18", "January 18, 2022", "on Mar. 3"; tokenised text too: "Jan . 18", "June 25 , 2009"
    ("month_day", re.compile(rf"\b{_MONTH}(?:{_ABBREVIATED}\s?\.)?\s+{_DAY}\b(?:\s?,?\s+{_YEAR}\b)?"
                             rf"(?!\s*(?:%|per|troops|people))", re.I)),
    # "18 January 2022", "3 March", "25 June , 2009"
    ("day_month", re.compile(rf"\b{_DAY2}\s+{_MONTH2}\b\.?(?:\s?,?\s+{_YEAR2}\b)?", re.I)),
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


def find_dates(text: str, published: date | None, kinds: tuple[str, ...] | None = None,
               stamps: bool = False) -> list[FoundDate]:
    """Every date phrase in the text, resolved where a publication date is known. A page's
    own stamp ("CAIRO | Mon Mar 7, 2011 6:43 pm EST") dates nothing that happened: left out,
    or, with `stamps`, kept with kind "stamp"."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        if kinds is not None and kind not in kinds:
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            stamp = _page_stamp(text, start, end)  # when the page was put up, not when anything happened
            if stamp and not stamps:
                taken.append((start, end))
                continue
            resolved = _resolve(kind, match, published, _future_context(text, start))
            if resolved is None:
                continue
            first, last, granularity = resolved
            surface = text[start:end]
            found.append(FoundDate(start, end, surface, first, last, granularity, "stamp" if stamp else kind))
            taken.append((start, end))
    return sorted(found, key=lambda f: f.start)


# a page's own stamp: "CAIRO | Mon Mar 7, 2011 6:43 pm EST", "Page last updated at 07:43 GMT, Tuesday,
# 23 August 2011", "Robin Lustig | 10:05 UK time, Friday, 20 January 2012", "01 February 12 04:27 GMT"
_STAMP_BEFORE = re.compile(r"(?:\||\b(?:last\s+)?(?:updated|published|posted|modified)\b)[^.!?|]{0,40}$", re.I)
_CLOCK_AFTER = re.compile(r"^\s*,?\s*\d{1,2}[:.]\d{2}\b")


def _page_stamp(text: str, start: int, end: int) -> bool:
    """A date phrase that stamps the page (after a "|" or "updated", or with a clock time right
    after it, where news says "on March 7 at 6:43 pm") rather than dating what the text tells."""
    return bool(_STAMP_BEFORE.search(text[max(0, start - 60):start]) or _CLOCK_AFTER.match(text[end:end + 12]))


_FUTURE = re.compile(r"\b(will|would|'ll|shall|is due|are due|due to|expected to|scheduled|set to|plans? to|is to|are to|going to)\b[^.;]{0,40}$", re.I)


_PAST_VERBS = (r"\w+ed|said|told|met|won|lost|held|gave|took|made|came|went|spoke|wrote|sent|left|began|"
               r"fell|rose|struck|hit|shot|ran|was|were")
# A verb in the past tense right before the phrase: "announced on Wednesday", "said Wednesday".
# Not a participle after an auxiliary ("will be released on Wednesday").
_PAST_RIGHT_BEFORE = re.compile(
    r"(?<!\bbe )(?<!\bbeen )(?<!\bbeing )(?<!\bhave )(?<!\bget )"
    rf"\b(?:{_PAST_VERBS})\s+(?:on\s+|late\s+|early\s+)?$", re.I)


def _future_context(text: str, start: int) -> bool:
    """A future verb shortly before the phrase in the same clause: "would reopen on Thursday" —
    unless a past-tense verb stands right before it ("the minister, who will retire, announced
    on Wednesday"), so a past event is not pushed to the next such weekday."""
    window = text[max(0, start - 60): start]
    window = re.split(r"[.;!?]", window)[-1]
    return bool(_FUTURE.search(window)) and not _PAST_RIGHT_BEFORE.search(window)


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
        return _relative(published, g["phrase"].lower(), future)
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


def _relative(published: date, phrase: str, future: bool = False):
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
    if phrase == "this weekend" and (future or p.weekday() >= 1):
        # written on the weekend, the weekend it is; from Tuesday on, or of what will happen,
        # the coming one; on a Monday, of what happened, the one just past
        sat = monday + timedelta(days=5)
        return sat, sat + timedelta(days=1), "range"
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


# --- Placing an undated article in time -------------------------------------

@dataclass(frozen=True, slots=True)
class DateGuess:
    """An estimated publication day. `how` is a machine word, a colon and a detail
    ("dateline: YANGON, March 29", "text-date: on 2 April +0", "relative: Wednesday",
    "event: median of 3"); `confidence` is in 0..1."""

    day: date
    how: str
    confidence: float


HEAD = 300  # a dateline sits in the first few hundred characters
BEFORE_CONTEXT = 45  # an event date this many days before the context's earliest date is background
AFTER_CONTEXT = 3  # … or this many days after its latest
MAX_FROM_CONTEXT = 60  # never guess further than this from the context
REFERENCE_WINDOW = 400  # with only a reference, full dates further away than this are background
SCAN = 4000

_DATE_FORMS = [
    re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    re.compile(rf"{_MONTH}\.?\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?", re.I),
    re.compile(rf"{_DAY2}\s+{_MONTH2}\b\.?(?:,?\s+{_YEAR2}\b)?", re.I),
]
# What may stand before a dateline's date on its line: nothing, a "Published:" label,
# a weekday, or a place in capitals or title case ("YANGON,", "KANSAS CITY, Mo.,").
_DATELINE_PREFIX = re.compile(
    r"^[ \t]*(?i:(?:published|posted|updated|last updated|first published)(?:\s+on)?\s*:?\s*)?"
    r"(?:[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3},[ \t]*(?:[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)?,[ \t]*)?)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ \t]+)?$")
# What follows it: an agency in brackets, a dash or colon, a time, or the end of the line.
_DATELINE_SUFFIX = re.compile(
    r"^[ \t]*(?:\((?:[A-Z][\w .&-]{0,30})\)|[-—–:|/]|,?[ \t]*\d{1,2}[:.]\d\d|[ \t]*(?:\r?\n|$)|,[ \t]*\(|[ \t]+at\b|[ \t]*\()",
    re.I)
# Before a date: the end of a period or a deadline, not an event ("until April 22",
# "through May 5", "by April 22", "ends on", "from April 2 to April 22").
_RANGE_END = re.compile(
    r"\b(?:until|till|til|through|thru|to|by|before|ending|ends?|expires?|expiring|deadline(?: of)?|due(?: on| by)?|"
    r"scheduled (?:for|on)|set for|slated for|starting|starts?|begins?|beginning|from|after|since|"
    r"(?:week|month|quarter|period|year)s?\s+end(?:ed|ing))\s+(?:on\s+)?$|[-–]\s*$",
    re.I)
# After a date: "April 22, when the truce ends", "May 5 deadline", "April 2-22".
_AFTER_DATE = re.compile(
    r"^(?:,?\s+when\b[^.;]{0,40}\b(?:ends?|expires?|will|is due|would)\b|\s+deadline\b|\s*[-–]\s*\d|\s+(?:to|through|until)\s+"
    r"(?:[A-Z][a-z]+\.?\s+)?\d)", re.I)


def estimate_date(title: str | None, body: str, context: Sequence[date] = (),
                  reference: date | None = None) -> DateGuess | None:
    """When an undated article was probably published.

    `context` holds the publication dates of the articles it is probably grouped
    with (its event, else the batch); `reference` anchors years and periods when
    there is no context (e.g. the batch median). In order:

    1. A dateline in the first ~300 characters ("YANGON, March 29 (Reuters) -",
       "Mandalay, 30 March:", "March 29, 2025", "2025-03-29") wins; a missing year is
       the one that puts it closest to the context's median or the reference.
    2. Else the latest past event date the text names in full ("on March 28",
       "announced on 2 April", "March 28, 2025"). Skipped: dates in future or
       period-end contexts ("until April 22", "will vote on May 5", "by April 22",
       "ends on"), background dates (more than 45 days before the context's first
       date or 3 after its last; with only a reference, more than ~13 months from
       it) and bare months or years ("in 2014", "in March 2019"). The day returned
       is the event date itself (+0), not the day after: online and wire news is
       mostly out the same day, and on the dev sets (benchmarks/bench_dates.py)
       shifting guesses by +1 lowers exact-day accuracy.
    3. With a context, a past-tense weekday ("said on Wednesday"; not "ahead of
       … on Wednesday", "every Sunday") places the article on that weekday or the
       day after, whichever is nearer the context's median (the day after when the
       lede says "yesterday"). It beats the dates of step 2 when it comes first in
       the text: in AP style a month and day name events a week or more away, the
       day's own news goes by weekday.
    4. Else, with a context, its (lower) median (how="event").

    Never further than 60 days from a context when there is one. With neither
    context nor reference only a dateline or a date with its year counts; with
    nothing usable the answer is None.
    """
    ctx = sorted(context)
    anchor = ctx[(len(ctx) - 1) // 2] if ctx else reference
    if ctx:
        lo, hi = ctx[0] - timedelta(days=BEFORE_CONTEXT), ctx[-1] + timedelta(days=AFTER_CONTEXT)
    elif reference:
        lo, hi = reference - timedelta(days=REFERENCE_WINDOW), reference + timedelta(days=REFERENCE_WINDOW)
    else:
        lo, hi = date.min, date.max

    def near(d: date) -> bool:
        return not ctx or ctx[0] - timedelta(days=MAX_FROM_CONTEXT) <= d <= ctx[-1] + timedelta(days=MAX_FROM_CONTEXT)

    guess = _dateline(body[:HEAD], anchor)
    if guess and near(guess.day):
        return guess
    text = (title.strip() + ".\n" if title and title.strip() else "") + body[:SCAN]
    events = [f for f in find_dates(text, anchor, kinds=ABSOLUTE)
              if lo <= f.first <= hi and _is_event(text, f) and (ctx or reference or _has_year(f))]
    weekday = _weekday_guess(text, ctx) if ctx else None
    if events:
        latest = max(events, key=lambda f: (f.first, -f.start))
        if weekday is None or min(f.start for f in events) < weekday[1]:
            confidence = 0.75 if ctx else (0.6 if _has_year(latest) else 0.45)
            return DateGuess(latest.first, f"text-date: {latest.text} +0", confidence)
    if weekday:
        return weekday[0]
    if not ctx:
        return None
    return DateGuess(anchor, f"event: median of {len(ctx)}", 0.3 if len(ctx) > 1 else 0.25)


def _has_year(found: FoundDate) -> bool:
    return bool(re.search(r"(?:19|20)\d\d", found.text))


def _dateline(head: str, anchor: date | None) -> DateGuess | None:
    """A date standing alone at the top, after a place name or before an agency or dash."""
    for form in _DATE_FORMS:
        for m in form.finditer(head):
            line_start = head.rfind("\n", 0, m.start()) + 1
            if not _DATELINE_PREFIX.match(head[line_start:m.start()]):
                continue
            if not _DATELINE_SUFFIX.match(head[m.end():]):
                continue
            g = m.groupdict()
            try:
                if "m" in g and g.get("m"):
                    d = date(int(g["year"]), int(g["m"]), int(g["d"]))
                    year_given = True
                else:
                    word = g.get("month") or g.get("month2")
                    if not word[0].isupper():
                        continue
                    month = MONTHS[word.lower()]
                    day = int(g.get("day") or g.get("day2"))
                    year = g.get("year") or g.get("year2")
                    year_given = bool(year)
                    if year:
                        d = date(int(year), month, day)
                    elif anchor:
                        d = date(_closest_year(anchor, month, day), month, day)
                    else:
                        continue
            except ValueError:
                continue
            place = head[line_start:m.start()].strip(" ,\t")
            detail = f"{place}, {m.group(0)}" if place else m.group(0)
            return DateGuess(d, f"dateline: {detail}", 0.95 if year_given else 0.9)
    return None


def _closest_year(anchor: date, month: int, day: int) -> int:
    """The year that puts month/day closest to the anchor (29 February falls back to a leap year)."""
    best = None
    for y in range(anchor.year - 1, anchor.year + 2):
        try:
            distance = abs((date(y, month, day) - anchor).days)
        except ValueError:
            continue
        if best is None or distance < best[0]:
            best = (distance, y)
    if best is None:
        raise ValueError("no such day near the anchor")
    return best[1]


def _is_event(text: str, found: FoundDate) -> bool:
    """A date that reports something that happened: it carries its year or follows "on" or a
    past-tense verb ("on March 28", "announced 2 April", "March 28, 2025"); it is not a plan
    ("will vote on May 5"), the end or start of a period ("until April 22", "the week ended
    May 1", "since"), nor a noun modifier naming an earlier event ("the Jan. 6 attack")."""
    if _future_context(text, found.start):
        return False
    before = text[max(0, found.start - 40):found.start]
    if _RANGE_END.search(before) or _AFTER_DATE.match(text[found.end:found.end + 60]):
        return False
    at_top = found.start < 40 and not before.strip()
    return _has_year(found) or at_top or bool(_EVENT_CUE.search(before))


# "on March 28", "announced 2 April", "… the ministry said. March 28 was the deadline" (sentence start)
_EVENT_CUE = re.compile(rf"(?:\bon|[.!?]|\n|\b(?:{_PAST_VERBS}))\s*$", re.I)


_AHEAD = re.compile(r"\b(?:will|'ll|expected to|scheduled|set to|due to|plans? to|to air|heading|ahead of|in advance of|"
                    r"upcoming|every|each)\b", re.I)
_YESTERDAY = re.compile(r"\b(?:yesterday|last night)\b", re.I)


def _weekday_guess(text: str, ctx: list[date]) -> tuple[DateGuess, int] | None:
    """The first past-tense weekday the text names ("said on Wednesday"), and where it stands.

    The article is out that day or the next: of the days within three of the context's
    median that are that weekday or the day after, the one nearest the median, the same day
    on a tie. With "yesterday"/"last night" in the lede (not quoted) the day after, unless the context
    clearly sits on the weekday itself (two days nearer).
    """
    median = ctx[(len(ctx) - 1) // 2]
    lede = re.sub(r"[\"“][^\"”]*[\"”]", " ", text[:400])  # not in quotes: "we met yesterday", she said
    yesterday = bool(_YESTERDAY.search(lede))
    for f in find_dates(text, median, kinds=("weekday",)):
        word = re.search(r"monday|tuesday|wednesday|thursday|friday|saturday|sunday", f.text, re.I).group(0)
        rel = f.text.split()[0].lower()
        if rel in ("next", "this", "until", "by", "since", "last") or _future_context(text, f.start):
            continue
        sentence = re.split(r"[.!?]\s|\n", text[max(0, f.start - 200):f.start])[-1]
        if _AHEAD.search(sentence) and not _PAST_RIGHT_BEFORE.search(sentence):
            continue  # "ahead of his address on Wednesday", "will take effect at 11:59 p.m. Saturday"
        if re.match(r"\s*(?:'s|’s)", text[f.end:]) or re.search(r"\b(?:super|black|cyber|ash|holy|good)\s+$", text[max(0, f.start - 8):f.start], re.I):
            continue  # "Tuesday's flap", "Super Tuesday"
        weekday = WEEKDAYS.index(word.lower())
        costs = []
        for k in range(-3, 4):
            day = median + timedelta(days=k)
            lag = (day.weekday() - weekday) % 7
            if lag in (0, 1):  # "yesterday" turns the day after into the nearer of the two
                costs.append((abs(k) + 0.5 * lag + (1.75 if yesterday and lag == 0 else 0.0), day, lag))
        _, day, lag = min(costs)
        detail = f"relative: {f.text} +{lag}" + (" (yesterday)" if yesterday else "")
        return DateGuess(day, detail, 0.5), f.start
    return None
