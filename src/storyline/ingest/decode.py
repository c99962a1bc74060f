"""Bytes to text: size cap, binary detection and encoding repair.

Shared by every reader so that hostile input is handled in one place.
"""

from __future__ import annotations

import unicodedata

from charset_normalizer import from_bytes

from storyline.errors import E_BINARY, E_EMPTY, W_ENCODING


class DecodeProblem(Exception):
    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters mean this is not text."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(sample) // 100)


def decode(data: bytes) -> tuple[str, list[tuple[str, str]]]:
    """Text and warnings ((code, message)); raises DecodeProblem for empty or binary input."""
    if not data.strip():
        raise DecodeProblem(E_EMPTY, "empty file: no text to read")
    if looks_binary(data):
        raise DecodeProblem(E_BINARY, "binary content, not text (NUL or control bytes)")
    warnings: list[tuple[str, str]] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text, encoding = _fallback(data)
        warnings.append((W_ENCODING, f"not valid UTF-8; decoded as {encoding}"))
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise DecodeProblem(E_EMPTY, "empty file: no text to read")
    return text, warnings


def _fallback(data: bytes) -> tuple[str, str]:
    # Western news dominates legacy encodings: cp1252 decodes latin-1 text too and
    # adds the curly quotes; charset_normalizer covers the rest (Cyrillic, Greek …).
    try:
        text = data.decode("cp1252")
        if not any(0x80 <= ord(ch) <= 0x9F for ch in text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_8",):
        return str(best), best.encoding
    return data.decode("latin-1"), "latin-1"
