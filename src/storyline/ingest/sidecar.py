"""Per-folder metadata sidecars: meta.jsonl or meta.csv next to the articles.

Each record names a file and may give url, outlet, published, lang, title and
translated_from. A malformed record becomes an error; the others still apply.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from storyline.errors import E_SIDECAR
from storyline.model import IngestError

SIDECAR_NAMES = ("meta.jsonl", "meta.csv")
FIELDS = ("file", "url", "outlet", "published", "lang", "title", "translated_from")


def read_sidecar(folder: Path) -> tuple[dict[str, dict], list[IngestError]]:
    """Metadata records keyed by file name, and the errors of bad lines."""
    records: dict[str, dict] = {}
    errors: list[IngestError] = []
    for name in SIDECAR_NAMES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(IngestError(str(path), E_SIDECAR, f"cannot read sidecar: {exc}"))
            continue
        rows = _jsonl_rows(text) if name.endswith(".jsonl") else _csv_rows(text)
        for line_no, row, problem in rows:
            if problem is None:
                problem = _check(row)
            if problem:
                errors.append(IngestError(f"{path}:{line_no}", E_SIDECAR, problem))
                continue
            records[Path(row["file"]).name] = {k: row.get(k) or None for k in FIELDS}
    return records, errors


def _jsonl_rows(text: str):
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield line_no, {}, f"malformed JSON line ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(row, dict):
            yield line_no, {}, "a line must be a JSON object"
            continue
        yield line_no, row, None


def _csv_rows(text: str):
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        line_no = reader.line_num  # counts the blank lines the reader skips
        if None in row:  # more cells than header fields
            yield line_no, {}, "more cells than the header names"
            continue
        yield line_no, row, None


def _check(row: dict) -> str | None:
    if not isinstance(row.get("file"), str) or not row["file"].strip():
        return 'no "file" field naming the article'
    for key in FIELDS:
        value = row.get(key)
        if value is not None and not isinstance(value, str):
            return f'field "{key}" must be a string or null, not {type(value).__name__}'
    return None
