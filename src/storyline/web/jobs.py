"""Ingestion started from the web app: uploads saved with a size cap, then read in a
background thread whose progress and per-file errors a page shows (one writer at a time)."""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from storyline.engine import Engine
from storyline.ingest import IngestOptions
from storyline.store import Store


@dataclass
class Job:
    id: str
    inputs: list[str]  # saved files and the URLs or feeds given
    state: str = "waiting"  # "waiting", "reading", "done" or "failed"
    done: int = 0
    total: int | None = None
    added: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)  # {"source", "code", "reason"}

    def as_dict(self) -> dict:
        return {"id": self.id, "state": self.state, "done": self.done, "total": self.total, "added": self.added,
                "updated": self.updated, "errors": self.errors, "inputs": self.inputs}


class Jobs:
    """The app's ingest jobs, run one after another in the background (SQLite has one writer)."""

    def __init__(self, store: Store, folder: Path, options: IngestOptions):
        self.store, self.folder, self.options = store, folder, options
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()

    def save(self, job_id: str, name: str, chunks, max_bytes: int) -> Path | None:
        """Write one upload under the job's folder, by its base name only; None past `max_bytes`."""
        safe = re.sub(r"[^\w.-]", "_", Path(name or "upload").name).lstrip(".") or "upload"
        target = self.folder / job_id / safe
        target.parent.mkdir(parents=True, exist_ok=True)
        size = 0
        with target.open("wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    out.close()
                    target.unlink()
                    return None
                out.write(chunk)
        return target

    def start(self, job: Job, refused: list[dict]) -> Job:
        job.errors.extend(refused)
        self.jobs[job.id] = job
        threading.Thread(target=self._run, args=(job,), daemon=True).start()
        return job

    def _run(self, job: Job) -> None:
        def progress(done: int, total: int | None, _what: str) -> None:
            job.done, job.total = done, total

        with self.lock:
            job.state = "reading"
            try:
                report = Engine(self.store, ingest_options=self.options).ingest(job.inputs, progress=progress)
            except Exception as exc:  # the job says why; the server goes on
                job.state, job.errors = "failed", [*job.errors, {"source": "", "code": "", "reason": str(exc)}]
                return
            job.added, job.updated = len(report.added), len(report.updated)
            job.errors += [{"source": e.source, "code": e.code, "reason": e.reason} for e in report.errors]
            job.state = "done"


def new_job_id() -> str:
    return uuid.uuid4().hex[:12]
