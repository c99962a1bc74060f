"""Stable error codes for everything a user can get wrong or feed us.

The codes never change meaning, so scripts and the web UI can match on them.
"""

from __future__ import annotations

E_UNREADABLE = "E101"  # the path cannot be opened or read
E_TOO_LARGE = "E102"  # over the size cap
E_EMPTY = "E103"  # no text at all
E_BINARY = "E104"  # bytes that are not text
E_SIDECAR = "E105"  # a malformed line of meta.jsonl / meta.csv
E_NOT_FOUND = "E106"  # the path does not exist
E_UNSUPPORTED = "E107"  # a file type we have no reader for
E_NO_BODY = "E108"  # nothing left after cleaning
E_MALFORMED = "E109"  # a broken record inside a container: a JSON line, a WARC record, a feed's XML
E_UNSAFE = "E110"  # an archive refused by a guard: too many files, too large inflated, a bomb's ratio
E_FETCH = "E111"  # a URL that could not be fetched (network, status, robots.txt, size)
E_UNKNOWN_ID = "E301"  # no event or storyline with that id
E_AMBIGUOUS_ID = "E302"  # an id prefix that matches several
E_BAD_CORRECTION = "E303"  # a merge, move or split that changes nothing
E_USAGE = "E304"  # a malformed option value

W_ENCODING = "W201"  # decoded with a fallback encoding
W_NO_DATE = "W202"  # no publication date found
W_NO_TITLE = "W203"  # no title found
W_SIDECAR_ORPHAN = "W204"  # a sidecar line names a file that is not there


ERROR_NAMES = {
    E_UNREADABLE: "cannot read", E_TOO_LARGE: "over the size cap", E_EMPTY: "empty", E_BINARY: "binary content",
    E_SIDECAR: "bad sidecar line", E_NOT_FOUND: "not found", E_UNSUPPORTED: "no reader for the type",
    E_NO_BODY: "no article text", E_MALFORMED: "malformed record", E_UNSAFE: "refused by an archive guard",
    E_FETCH: "fetch failed",
}


class StorylineError(Exception):
    """A usage error with a stable code: the CLI prints it and exits 2."""

    def __init__(self, code: str, message: str):
        super().__init__(f"[{code}] {message}")
        self.code = code
