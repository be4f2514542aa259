"""Upload: drop many files, watch each one's upload and outcome (new, duplicate, updated, failed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from ..deps import get_uploads
from ..errors import ERROR_RESPONSES, not_found
from ..render import render
from ..schemas import BatchOut, FileOut
from ..uploads import UploadQueue

NAV = ("/upload", "上传")

router = APIRouter()
api = APIRouter(prefix="/api/batches", tags=["upload"], responses=ERROR_RESPONSES)

Uploads = Annotated[UploadQueue, Depends(get_uploads)]
Files = Annotated[list[UploadFile] | None, File(description="report files, any supported format")]


@router.get("/upload", response_class=HTMLResponse, include_in_schema=False)
def upload_page(request: Request) -> HTMLResponse:
    return render(request, "upload.html", {"limit_mb": request.app.state.settings.max_upload_bytes // (1024 * 1024)})


async def _add(uploads: UploadQueue, batch_id: str, files: list[UploadFile]) -> list[FileOut]:
    """Hashing, sniffing and spooling run in the thread pool, never on the event loop."""
    out = []
    for upload in files:
        try:
            data = await upload.read()
            out.append(FileOut(**await run_in_threadpool(uploads.add, batch_id, upload.filename, data)))
        except KeyError as exc:
            raise not_found(f"没有编号为 {batch_id} 的上传批次") from exc
    return out


@api.post("", response_model=BatchOut, summary="Start a batch (optionally with its first files)")
async def create_batch(uploads: Uploads, files: Files = None) -> BatchOut:
    """Files are checked at once (empty, binary and image files fail here) and stored in the background."""
    batch = await run_in_threadpool(uploads.new_batch)
    await _add(uploads, batch["id"], files or [])
    return BatchOut(**(await run_in_threadpool(uploads.batch, batch["id"]) or batch))


@api.post("/{batch_id}/files", response_model=list[FileOut], summary="Add files to a batch")
async def add_files(batch_id: str, uploads: Uploads, files: Files = None) -> list[FileOut]:
    return await _add(uploads, batch_id, files or [])


@api.get("/{batch_id}", response_model=BatchOut, summary="A batch's progress: each file's status and outcome")
def get_batch(batch_id: str, uploads: Uploads) -> BatchOut:
    batch = uploads.batch(batch_id)
    if batch is None:
        raise not_found(f"没有编号为 {batch_id} 的上传批次")
    return BatchOut(**batch)


router.include_router(api)
