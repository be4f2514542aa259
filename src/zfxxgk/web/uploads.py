"""Uploads in the background: a durable queue in the database, spooled files, a fair pool of workers.

A reviewer may drop hundreds of files; the request that carries a file only checks it (content sniffing),
spools it under its sha256 and records it as `queued` (`upload_files`), so the answer "queued" is a promise
kept across a crash: at start-up every file still queued or half-processed is queued again from its
spooled copy — or, if that copy is gone, marked failed with the reason — and spooled files no queued row
needs are deleted. A shutdown lets each worker finish the file it holds; the rest stay queued for the next
start. The spool folder is fixed per database (not a fresh temporary folder), so a restart finds it.

Workers (one per core, at least two) parse side by side and write one at a time. They take files
round-robin between batches, and one batch may hold at most all workers but one: a client sending many
slow files cannot hold up another's upload. Spooled files are named by their hash, never by the name the
browser sent, which is kept only as a label (its last path component).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import tempfile
import threading
from collections import Counter, OrderedDict, deque
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..read.sniff import sniff
from ..reasons import in_chinese
from ..store import Store
from .tables import UploadBatchRow, UploadFileRow

log = logging.getLogger(__name__)

STATUSES = ("queued", "processing", "new", "duplicate", "updated", "failed")
PENDING = ("queued", "processing")
FROM_STORE: dict[str, str] = {"new": "new", "unchanged": "duplicate", "updated": "updated", "failed": "failed"}
REFUSED = {
    "empty": "空文件",
    "binary": "二进制数据，不是可识别的报告格式",
    "image": "图片：扫描件需要文字识别（OCR），暂不支持",
    "zip": "ZIP 压缩包（不是 Word 文档），请解压后上传其中的报告",
}
LOST = "服务重启时未找到此文件的暂存副本，请重新上传"
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


def default_spool(store: Store) -> Path:
    """The spool folder of this database: the same after a restart, so queued files are found again."""
    return Path(tempfile.gettempdir()) / f"zfxxgk-spool-{hashlib.sha256(store.url.encode()).hexdigest()[:16]}"


def worker_count() -> int:
    return max(2, os.cpu_count() or 1)


def _out(row: UploadFileRow) -> dict[str, Any]:
    return {
        "id": row.number, "name": row.name, "size": row.size, "sha256": row.sha256, "status": row.status,
        "report_id": row.report_id, "agency": row.agency, "year": row.year, "reason": row.reason,
    }


class _Fair:
    """Queued file ids by batch, handed out round-robin between batches; a batch holds at most `cap` workers."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.waiting: OrderedDict[str, deque[int]] = OrderedDict()
        self.busy: Counter[str] = Counter()

    def put(self, batch: str, file_id: int) -> None:
        self.waiting.setdefault(batch, deque()).append(file_id)

    def ready(self) -> bool:
        """Whether `take` would hand out a file."""
        return any(self.busy[batch] < self.cap for batch in self.waiting)

    def take(self) -> tuple[str, int] | None:
        for batch in list(self.waiting):
            if self.busy[batch] >= self.cap:
                continue
            files = self.waiting.pop(batch)
            file_id = files.popleft()
            if files:
                self.waiting[batch] = files  # to the back: the other batches come first next time
            self.busy[batch] += 1
            return batch, file_id
        return None

    def done(self, batch: str) -> None:
        self.busy[batch] -= 1
        if self.busy[batch] <= 0:
            del self.busy[batch]

    def idle(self) -> bool:
        return not self.waiting and not self.busy


class UploadQueue:
    """Batches of uploaded files and the workers that store them; `start()` before use, `stop()` after."""

    def __init__(self, store: Store, spool_dir: Path | None = None, workers: int | None = None) -> None:
        self.store = store
        self.spool = Path(spool_dir or default_spool(store))
        self.spool.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.workers = workers or worker_count()
        self._fair = _Fair(max(1, self.workers - 1))
        self._spooled: Counter[str] = Counter()  # sha256 → queued files that still need the spooled copy
        self._changed = threading.Condition()
        self._numbering = threading.Lock()  # files of a batch are numbered 1, 2, … in the order they arrive
        self._writing = threading.Lock()  # workers parse side by side and write one at a time
        self._stopping = False
        self._threads: list[threading.Thread] = []

    # -- life cycle --------------------------------------------------------------------------------------

    def start(self) -> None:
        """Resume what a crash or a shutdown left queued, clean the spool, start the workers."""
        if self._threads:
            return
        self._stopping = False
        self._resume()
        for n in range(self.workers):
            thread = threading.Thread(target=self._run, name=f"zfxxgk-uploads-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Each worker finishes the file it holds; queued files stay queued for the next start."""
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        for thread in self._threads:
            thread.join(timeout=60)
        self._threads = []

    def _resume(self) -> None:
        with Session(self.store.engine) as session, session.begin():
            rows = session.scalars(select(UploadFileRow).where(UploadFileRow.status.in_(PENDING)).order_by(UploadFileRow.id)).all()
            for row in rows:
                if (self.spool / row.sha256).is_file():
                    row.status = "queued"
                    self._queue(row.batch_id, row.id, row.sha256)
                else:
                    row.status, row.reason = "failed", LOST
        for path in self.spool.iterdir():
            if path.name not in self._spooled:
                path.unlink(missing_ok=True)  # a copy no queued file needs, or one a crash left half-written
        if rows:
            log.info("resumed %d queued uploads", sum(self._spooled.values()))

    def _queue(self, batch: str, file_id: int, sha256: str) -> None:
        with self._changed:
            self._spooled[sha256] += 1
            self._fair.put(batch, file_id)
            self._changed.notify()

    # -- batches and files -------------------------------------------------------------------------------

    def new_batch(self) -> dict[str, Any]:
        batch_id = secrets.token_hex(8)
        with Session(self.store.engine) as session, session.begin():
            session.add(UploadBatchRow(id=batch_id))
            session.flush()
            old = session.scalars(select(UploadBatchRow.id).order_by(UploadBatchRow.created_at.desc()).offset(KEPT_BATCHES)).all()
            with self._changed:
                old = [b for b in old if b not in self._fair.waiting and b not in self._fair.busy]
            if old:
                session.execute(delete(UploadFileRow).where(UploadFileRow.batch_id.in_(old)))
                session.execute(delete(UploadBatchRow).where(UploadBatchRow.id.in_(old)))
        return self._snapshot(batch_id, [])

    def batch(self, batch_id: str) -> dict[str, Any] | None:
        with Session(self.store.engine) as session:
            if session.get(UploadBatchRow, batch_id) is None:
                return None
            rows = session.scalars(select(UploadFileRow).where(UploadFileRow.batch_id == batch_id).order_by(UploadFileRow.number)).all()
            return self._snapshot(batch_id, [_out(r) for r in rows])

    @staticmethod
    def _snapshot(batch_id: str, files: list[dict[str, Any]]) -> dict[str, Any]:
        counts = dict.fromkeys(STATUSES, 0) | Counter(f["status"] for f in files)
        return {"id": batch_id, "files": files, "counts": counts, "done": all(f["status"] not in PENDING for f in files)}

    def add(self, batch_id: str, name: str | None, data: bytes) -> dict[str, Any]:
        """Check one file and queue it; a file that is plainly no report fails here and is never stored.

        The spooled copy is written (atomically) before the row that promises it, so a crash in between
        leaves only a stray copy, which the next start deletes."""
        sha256 = hashlib.sha256(data).hexdigest()
        kind = sniff(data)
        refused = REFUSED.get(kind)
        if refused is None:
            self._spool(sha256, data)
        with self._numbering, Session(self.store.engine) as session, session.begin():
            if session.get(UploadBatchRow, batch_id) is None:
                raise KeyError(batch_id)
            number = len(session.scalars(select(UploadFileRow.id).where(UploadFileRow.batch_id == batch_id)).all()) + 1
            row = UploadFileRow(
                batch_id=batch_id, number=number, name=safe_name(name), size=len(data), sha256=sha256,
                status="failed" if refused else "queued", reason=refused,
            )
            session.add(row)
            session.flush()
            out, file_id = _out(row), row.id
        if refused is None:
            self._queue(batch_id, file_id, sha256)
        return out

    def _spool(self, sha256: str, data: bytes) -> None:
        target = self.spool / sha256
        if target.is_file():
            return
        part = self.spool / f"{sha256}.{secrets.token_hex(4)}.part"
        part.write_bytes(data)
        os.replace(part, target)

    def join(self) -> None:
        """Wait until every queued file is stored (for scripts and tests)."""
        with self._changed:
            self._changed.wait_for(self._fair.idle)

    # -- the workers ---------------------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._stopping or self._fair.ready())
                if self._stopping:
                    return
                taken = self._fair.take()
            if taken is None:
                continue
            batch, file_id = taken
            try:
                self._store(file_id)
            except Exception:  # the database refused a status change: the file stays pending, resumed at start
                log.exception("upload %d could not be recorded", file_id)
            finally:
                with self._changed:
                    self._fair.done(batch)
                    self._changed.notify_all()

    def _set(self, file_id: int, **changes: Any) -> UploadFileRow:
        with Session(self.store.engine, expire_on_commit=False) as session, session.begin():
            row = session.get_one(UploadFileRow, file_id)
            for key, value in changes.items():
                setattr(row, key, value)
            return row

    def _store(self, file_id: int) -> None:
        row = self._set(file_id, status="processing")
        path = self.spool / row.sha256
        try:
            outcome = self.store.ingest_bytes(path.read_bytes(), row.name, self._writing)
        except Exception as exc:  # a store failure fails this file, never the worker
            log.exception("storing %s failed", row.name)
            self._set(file_id, status="failed", reason=f"保存失败（{exc.__class__.__name__}）")
        else:
            self._set(
                file_id, status=FROM_STORE.get(outcome.status, "failed"), report_id=outcome.report_id,
                agency=outcome.agency, year=outcome.year, reason=in_chinese(outcome.reason),
            )
        self._release(row.sha256)

    def _release(self, sha256: str) -> None:
        with self._changed:
            self._spooled[sha256] -= 1
            if self._spooled[sha256] <= 0:
                del self._spooled[sha256]
                (self.spool / sha256).unlink(missing_ok=True)
