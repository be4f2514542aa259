"""The app's pages, one module each: its HTML routes and the `/api/` routes that serve the same data.

A page module exposes `router` (a FastAPI `APIRouter`) and `NAV` (its menu entry `(path, label)`, or None).
"""
