"""The publication register (政府信息公开目录) and the yearly figures that 表二 takes from other systems.

规章 and 行政规范性文件 are entered with the day issued and, later, the day repealed, so 本年制发, 本年废止
and 现行有效 follow from the dates. 行政许可/处罚/强制 decision counts and 行政事业性收费 (万元) come from
the licensing, enforcement and finance systems as one number per year, typed in or imported. The
catalogue is public: titles, numbers, dates and links, nothing about any person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from . import audit, sheets
from .errors import DeskError, NotFound
from .roles import Actor
from .schema import DocumentRow, FigureRow

DOCUMENT_KINDS = {"rules": "规章", "normative_docs": "行政规范性文件", "other": "其他政府信息"}
FIGURES = {"licensing": "行政许可", "penalty": "行政处罚", "coercion": "行政强制", "fees": "行政事业性收费"}
_DOCUMENT_FIELDS = {
    "kind": ("类别", "种类", "文件类型"),
    "title": ("标题", "名称", "文件名称"),
    "doc_number": ("文号", "发文字号"),
    "issued_on": ("制发日期", "印发日期", "发布日期", "成文日期"),
    "repealed_on": ("废止日期", "失效日期"),
    "url": ("链接", "网址"),
}
_FIGURE_FIELDS = {"year": ("年度", "年份"), "item": ("事项", "项目"), "value": ("数量", "金额", "数值", "数量或金额")}


@dataclass(frozen=True, slots=True)
class DocumentView:
    id: int
    kind: str
    kind_label: str
    title: str
    doc_number: str | None
    issued_on: date
    repealed_on: date | None
    url: str | None
    summary: str | None


def _view(row: DocumentRow) -> DocumentView:
    return DocumentView(
        row.id, row.kind, DOCUMENT_KINDS[row.kind], row.title, row.doc_number, row.issued_on, row.repealed_on, row.url, row.summary
    )


def _kind(text: str) -> str:
    for code, label in DOCUMENT_KINDS.items():
        if text in (code, label) or (code == "normative_docs" and text == "规范性文件"):
            return code
    raise DeskError(f"未知的文件类别：{text}（可用：{'、'.join(DOCUMENT_KINDS.values())}）")


def add_document(
    session: Session,
    actor: Actor,
    agency_id: int,
    kind: str,
    title: str,
    issued_on: date,
    doc_number: str | None = None,
    repealed_on: date | None = None,
    url: str | None = None,
    summary: str | None = None,
) -> DocumentView:
    actor.require("publication", agency_id)
    if repealed_on is not None and repealed_on < issued_on:
        raise DeskError(f"《{title}》的废止日期早于制发日期")
    row = DocumentRow(
        agency_id=agency_id, kind=_kind(kind), title=title.strip(), doc_number=doc_number or None,
        issued_on=issued_on, repealed_on=repealed_on, url=url or None, summary=summary or None,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "document", agency_id, document=row.id, title=row.title, issued_on=issued_on, repealed_on=repealed_on)
    return _view(row)


def repeal(session: Session, actor: Actor, document_id: int, on: date) -> DocumentView:
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise NotFound(f"没有编号为 {document_id} 的文件")
    actor.require("publication", row.agency_id)
    if on < row.issued_on:
        raise DeskError("废止日期早于制发日期")
    row.repealed_on = on
    audit.record(session, actor, "document.repealed", row.agency_id, document=row.id, on=on)
    return _view(row)


def set_figure(session: Session, actor: Actor, agency_id: int, year: int, item: str, value: float) -> None:
    """One yearly figure (replacing the one entered before): decisions in 件, fees in 万元."""
    actor.require("publication", agency_id)
    code = next((c for c, label in FIGURES.items() if item in (c, label)), None)
    if code is None:
        raise DeskError(f"未知的事项：{item}（可用：{'、'.join(FIGURES.values())}）")
    if value < 0 or (code != "fees" and not float(value).is_integer()):
        raise DeskError(f"{FIGURES[code]}：{value} 不是有效的{'金额' if code == 'fees' else '件数'}")
    row = session.scalar(select(FigureRow).where(FigureRow.agency_id == agency_id, FigureRow.year == year, FigureRow.item == code))
    if row is None:
        session.add(FigureRow(agency_id=agency_id, year=year, item=code, value=value))
    else:
        row.value = value
    audit.record(session, actor, "figure", agency_id, year=year, item=code, value=value)


def import_documents(session: Session, actor: Actor, agency_id: int, path: str | Path) -> int:
    """Every row of a CSV/XLSX list of documents (类别, 标题, 文号, 制发日期, 废止日期, 链接)."""
    rows = sheets.read(path, _DOCUMENT_FIELDS, ("kind", "title", "issued_on"))
    for n, row in enumerate(rows, start=2):
        issued = sheets.parse_date(row["issued_on"])
        if issued is None:
            raise DeskError(f"{path} 第{n}行：缺少制发日期")
        add_document(
            session, actor, agency_id, row["kind"], row["title"], issued, row.get("doc_number"),
            sheets.parse_date(row.get("repealed_on", "")), row.get("url"),
        )
    return len(rows)


def import_figures(session: Session, actor: Actor, agency_id: int, path: str | Path) -> int:
    """Every row of a CSV/XLSX of yearly figures (年度, 事项, 数量或金额)."""
    rows = sheets.read(path, _FIGURE_FIELDS, tuple(_FIGURE_FIELDS))
    for n, row in enumerate(rows, start=2):
        try:
            year, value = int(row["year"].rstrip("年")), float(row["value"])
        except ValueError as exc:
            raise DeskError(f"{path} 第{n}行：{exc}") from None
        set_figure(session, actor, agency_id, year, row["item"], value)
    return len(rows)


def catalogue(session: Session, agency_id: int, query: str = "", kind: str | None = None) -> list[DocumentView]:
    """The public catalogue: an agency's documents, newest first, filtered by words in title or number."""
    select_ = select(DocumentRow).where(DocumentRow.agency_id == agency_id)
    if kind:
        select_ = select_.where(DocumentRow.kind == _kind(kind))
    for word in query.split():
        select_ = select_.where(or_(DocumentRow.title.contains(word), DocumentRow.doc_number.contains(word)))
    return [_view(r) for r in session.scalars(select_.order_by(DocumentRow.issued_on.desc(), DocumentRow.id.desc()))]
