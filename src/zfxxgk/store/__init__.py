"""The report database: every original kept, every reading stamped, years compared, jurisdictions summed.

Library API (each function is the twin of the command of the same name; `db` is a SQLAlchemy URL such as
`postgresql+psycopg://user@host/db`, or a file path for SQLite; default $ZFXXGK_DB, else ./zfxxgk.db)::

    import zfxxgk

    summary = zfxxgk.ingest(["reports/", "more/*.txt"], workers=4)   # IngestSummary
    summary.counts            # {"new": 120, "updated": 3, "unchanged": 40, "failed": 2}
    summary.failures          # [IngestOutcome(path, "failed", reason=...), ...]
    zfxxgk.export("all.parquet", shape="wide", year=2023)            # rows written
    cmp = zfxxgk.compare("晋江市西园街道办事处", 2022, 2023)           # Comparison: .cells, .findings
    agg = zfxxgk.aggregate(2023, agency_prefix="晋江市")               # Aggregate: .totals (a Report), .missing
    zfxxgk.correct(17, "requests.new.total", 52, reason="表内印刷错误，按正文更正")

`Store` is the object behind them, for long-lived callers such as the web app::

    store = zfxxgk.Store.open("zfxxgk.db")
    outcome = store.ingest_bytes(upload, "西园街道2023.pdf")   # .status new|updated|unchanged|failed, .report_id, .reason
    store.list_reports(year=2023, agency="西园街道", template="2021", has_errors=True, sort="errors")
    stored = store.get_report(outcome.report_id)    # .report (corrected), .original (bytes), .info, .corrections, .history
    store.correct(report_id, cell, value, reason, author="张三")
    store.compare(agency, 2022, 2023); store.aggregate(2023, agencies=[...]); store.agencies(); store.failures()
    store.ingest(paths, workers=8) / store.reprocess() / store.export(path, "csv", "long")

Guarantees: the same bytes are stored once (sha256); another file for the same agency-year becomes a new
version and the old one stays in history; each report is written in one transaction by one writer, so a
killed batch leaves a consistent database and a re-run completes it; each reading is stamped with the
extractor and rules version, and `reprocess` re-reads stale ones from the stored originals.
"""

from .agencies import AgencyInfo
from .aggregate import Aggregate
from .api import Store, aggregate, compare, correct, export, ingest, reprocess
from .compare import CellChange, Comparison
from .database import StoreError
from .ingest import IngestSummary
from .reports import ReportSummary, StoredReport
from .writer import IngestOutcome

__all__ = [
    "Aggregate",
    "AgencyInfo",
    "CellChange",
    "Comparison",
    "IngestOutcome",
    "IngestSummary",
    "ReportSummary",
    "Store",
    "StoreError",
    "StoredReport",
    "aggregate",
    "compare",
    "correct",
    "export",
    "ingest",
    "reprocess",
]
