"""The one lock around PDFium, which is not thread-safe.

pypdfium2 renders PDF pages for OCR (through pdfplumber's `to_image`) and for the web app's page images;
the web app does both on worker threads, and two calls into PDFium at once crash the whole process
(SIGSEGV). Every caller holds this lock while PDFium works.
"""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.Lock()
