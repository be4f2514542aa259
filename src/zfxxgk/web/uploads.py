"""Uploads in the background: files are spooled under their sha256 and stored one at a time by a worker.

A reviewer may drop hundreds of files; the request that carries a file only checks it (content sniffing)
and spools it, and one worker thread passes spooled files to `Store.ingest_bytes`, so the database sees a
single writer and the page polls a batch's progress instead of waiting. Spooled files are named by their
hash, never by the name the browser sent, which is kept only as a label (its last path component).
"""

from __future__ import annotations

import hashlib
import logging
import queue
import re
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..read.sniff import sniff
from ..store import Store
from ..reasons import in_chinese

log = logging.getLogger(__name__)

Status = Literal["queued", "processing", "new", "duplicate", "updated", "failed"]
FINAL: frozenset[str] = frozenset({"new", "duplicate", "updated", "failed"})
FROM_STORE: dict[str, Status] = {"new": "new", "unchanged": "duplicate", "updated": "updated", "failed": "failed"}
REFUSED = {
    "empty": "空文件",
    "binary": "二进制数据，不是可识别的报告格式",
    "image": "图片：扫描件需要文字识别（OCR），暂不支持",
    "zip": "ZIP 压缩包（不是 Word 文档），请解压后上传其中的报告",
}
MAX_NAME = 200
KEPT_BATCHES = 200

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")


def safe_name(name: str | None) -> str:
    """The label an upload is known by: the last path component, without control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE_NAME.sub("", base).strip()
    if base in ("", ".", ".."):
        return "upload"
    return base[:MAX_NAME]


@dataclass(slots=True)
class FileStatus:
    id: int
    name: str
    size: int
    sha256: str
    status: Status = "queued"
    report_id: int | None = None
    agency: str | None = None
    year: int | None = None
    reason: str | None = None


@dataclass(slots=True)
class Batch:
    id: str
    created: float
    files: list[FileStatus] = field(default_factory=list)

    def snapshot(self) -> dict[str, Any]:
        counts = {s: 0 for s in ("queued", "processing", "new", "duplicate", "updated", "failed")}
        for f in self.files:
            counts[f.status] += 1
        done = all(f.status in FINAL for f in self.files)
        return {"id": self.id, "files": [asdict(f) for f in self.files], "counts": counts, "done": done}


@dataclass(frozen=True, slots=True)
class _Job:
    batch: str
    file: int
    path: Path


class UploadQueue:
    """Batches of uploaded files and the one worker that stores them; `start()` before use, `stop()` after."""

    def __init__(self, store: Store, spool_dir: Path | None = None) -> None:
        self.store = store
        self._tmp = None if spool_dir else tempfile.TemporaryDirectory(prefix="zfxxgk-uploads-")
        self.spool = Path(spool_dir or self._tmp.name)  # type: ignore[union-attr]
        self.spool.mkdir(parents=True, exist_ok=True)
        self._batches: OrderedDict[str, Batch] = OrderedDict()
        self._spooled: dict[str, int] = {}  # sha256 → jobs that still need the file
        self._lock = threading.Lock()
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._worker: threading.Thread | None = None

    def start(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._run, name="zfxxgk-uploads", daemon=True)
            self._worker.start()

    def stop(self) -> None:
        if self._worker is not None:
            self._jobs.put(None)
            self._worker.join(timeout=30)
            self._worker = None
        if self._tmp is not None:
            self._tmp.cleanup()

    def new_batch(self) -> dict[str, Any]:
        batch = Batch(secrets.token_hex(8), time.time())
        with self._lock:
            self._batches[batch.id] = batch
            while len(self._batches) > KEPT_BATCHES:
                self._batches.popitem(last=False)
            return batch.snapshot()

    def batch(self, batch_id: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._batches.get(batch_id)
            return found.snapshot() if found else None

    def add(self, batch_id: str, name: str | None, data: bytes) -> dict[str, Any]:
        """Check one file and queue it; a file that is plainly no report fails here and is never stored."""
        sha256 = hashlib.sha256(data).hexdigest()
        kind = sniff(data)
        with self._lock:
            batch = self._batches.get(batch_id)
            if batch is None:
                raise KeyError(batch_id)
            status = FileStatus(len(batch.files) + 1, safe_name(name), len(data), sha256)
            batch.files.append(status)
            if kind in REFUSED:
                status.status, status.reason = "failed", REFUSED[kind]
                return asdict(status)
            path = self.spool / sha256
            if self._spooled.get(sha256, 0) == 0:
                path.write_bytes(data)
            self._spooled[sha256] = self._spooled.get(sha256, 0) + 1
            self._jobs.put(_Job(batch_id, status.id, path))
            return asdict(status)

    def join(self) -> None:
        """Wait until every queued file is stored (for scripts and tests)."""
        self._jobs.join()

    def _update(self, job: _Job, **changes: Any) -> None:
        with self._lock:
            batch = self._batches.get(job.batch)
            if batch is not None:
                for key, value in changes.items():
                    setattr(batch.files[job.file - 1], key, value)

    def _release(self, path: Path) -> None:
        with self._lock:
            left = self._spooled.get(path.name, 1) - 1
            if left <= 0:
                self._spooled.pop(path.name, None)
                path.unlink(missing_ok=True)
            else:
                self._spooled[path.name] = left

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                self._jobs.task_done()
                return
            try:
                self._store(job)
            finally:
                self._release(job.path)
                self._jobs.task_done()

    def _store(self, job: _Job) -> None:
        self._update(job, status="processing")
        with self._lock:
            batch = self._batches.get(job.batch)
            name = batch.files[job.file - 1].name if batch else job.path.name
        try:
            outcome = self.store.ingest_bytes(job.path.read_bytes(), name)
        except Exception as exc:  # a store failure fails this file, never the worker
            log.exception("storing %s failed", name)
            self._update(job, status="failed", reason=f"保存失败（{exc.__class__.__name__}）")
            return
        self._update(
            job,
            status=FROM_STORE.get(outcome.status, "failed"),
            report_id=outcome.report_id,
            agency=outcome.agency,
            year=outcome.year,
            reason=in_chinese(outcome.reason),
        )
