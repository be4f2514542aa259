"""What route functions receive from the app: the store and the upload queue, set up once in `create_app`."""

from __future__ import annotations

from fastapi import Request

from ..store import Store
from .uploads import UploadQueue


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_uploads(request: Request) -> UploadQueue:
    return request.app.state.uploads
