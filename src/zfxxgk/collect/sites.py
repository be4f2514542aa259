"""Site lists: `agency,url[,level,parent]` in CSV, read with every bad row named, written for review.

`level` sets the statutory deadline (条例第四十九、五十条): `government` (a people's government's own
report, 31 March), `department` and `township` (31 January). Left empty, it is guessed from the agency's
name with the same patterns `meta.late` uses.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..check.phrases import Deadline, phrases
from ..errors import ZfxxgkError
from ..read.normalize import compact

LEVELS = {"government": "人民政府", "department": "部门", "township": "乡镇、街道"}
COLUMNS = ("agency", "url", "level", "parent")


class SiteListError(ZfxxgkError):
    """A site list that cannot be used: the file and the row are named."""


@dataclass(frozen=True, slots=True)
class Site:
    agency: str
    url: str
    level: str | None = None
    parent: str | None = None


def guess_level(agency: str) -> str | None:
    """`government`, `department` or `township` from the name's ending, or None when it does not tell."""
    rule = deadline_for(agency)
    if rule is None:
        return None
    return next(level for level, kind in LEVELS.items() if kind == rule.kind)


def deadline_for(agency: str, level: str | None = None) -> Deadline | None:
    """The deadline rule for an agency: its level's when given, else the first pattern its name fits."""
    rules = phrases().deadlines
    if level:
        return next((r for r in rules if r.kind == LEVELS[level]), None)
    name = compact(agency)
    return next((r for r in rules if r.pattern.search(name)), None)


def deadline(agency: str, level: str | None, year: int) -> date | None:
    rule = deadline_for(agency, level)
    return date(year + 1, rule.month, rule.day) if rule else None


def read_sites(path: str | Path) -> list[Site]:
    """The sites of a CSV file (UTF-8, with or without BOM, or GB18030 as Excel saves it in China)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SiteListError(f"{path}: 无法读取站点清单（{exc.strerror or exc}）") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "agency" not in header or "url" not in header:
        raise SiteListError(f"{path}: 第1行：表头须包含 agency,url 两列（可选 level,parent），实为 {','.join(header) or '空'}")
    reader.fieldnames = header
    sites, problems = [], []
    for line, row in enumerate(reader, start=2):
        agency, url = (row.get("agency") or "").strip(), (row.get("url") or "").strip()
        level = (row.get("level") or "").strip().lower() or None
        if not agency or not url.startswith(("http://", "https://")):
            problems.append(f"第{line}行：须有机关名称和 http(s) 地址")
        elif level is not None and level not in LEVELS:
            problems.append(f"第{line}行：level 应为 {'、'.join(LEVELS)} 之一，实为 {level}")
        else:
            sites.append(Site(agency, url, level, (row.get("parent") or "").strip() or None))
    if problems:
        raise SiteListError(f"{path}: " + "；".join(problems))
    return sites


def write_sites(sites: list[Site], path: str | Path) -> None:
    """A site list for review: UTF-8 with a BOM, so Excel opens the Chinese names correctly."""
    with Path(path).open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for site in sites:
            writer.writerow([site.agency, site.url, site.level or "", site.parent or ""])
