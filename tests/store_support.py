"""Generated annual reports for the store tests: consistent numbers, printed the way real reports are.

The store is tested on thousands of files; real ones cannot ship with the tests, so these are written
from the templates themselves (every label, every table) with numbers that satisfy the 勾稽 rules, or
that break exactly the rule a test wants broken.
"""

from __future__ import annotations

import random
from pathlib import Path

from zfxxgk.templates import Template, for_year, load

APPLICANTS = ("natural", "business", "research", "ngo", "legal", "other")


def consistent_values(template_id: str, rng: random.Random, carried_in: dict[str, int] | None = None) -> dict[str, int | float]:
    """Values for every cell that satisfy every arithmetic rule of the template.

    `carried_in` (per applicant column) lets a test chain years so `year.carry_over` holds.
    """
    template = load(template_id)
    values: dict[str, int | float] = {cid: 0 for cid in template.cells}
    outcome_rows = [r.id for r, _ in template.tables["requests"].rows() if r.id not in ("new", "carried_in", "total", "carried_out")]
    for col in APPLICANTS:
        new = rng.randint(0, 30)
        into = (carried_in or {}).get(col, rng.randint(0, 3))
        out = rng.randint(0, min(new + into, 3))
        done = new + into - out
        spread = {row: 0 for row in outcome_rows}
        for _ in range(done):
            spread[rng.choice(outcome_rows)] += 1
        values[f"requests.new.{col}"] = new
        values[f"requests.carried_in.{col}"] = into
        values[f"requests.carried_out.{col}"] = out
        values[f"requests.total.{col}"] = done
        for row, n in spread.items():
            values[f"requests.{row}.{col}"] = n
    for row, _ in template.tables["requests"].rows():
        values[f"requests.{row.id}.total"] = sum(values[f"requests.{row.id}.{c}"] for c in APPLICANTS)
    for row in ("review", "suit_direct", "suit_after_review"):
        parts = [rng.randint(0, 4) for _ in range(4)]
        for col, n in zip(("upheld", "corrected", "other", "pending"), parts):
            values[f"appeals.{row}.{col}"] = n
        values[f"appeals.{row}.total"] = sum(parts)
    for cid, spec in template.cells.items():
        if spec.table == "active":
            values[cid] = round(rng.uniform(1, 500), 2) if spec.column.value == "amount" else rng.randint(0, 60)
    if template_id == "2019":
        for row in ("rules", "normative_docs"):
            values[f"active.{row}.published"] = min(values[f"active.{row}.published"], values[f"active.{row}.total_public"])
    return values


def _number(value: int | float | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _active(template: Template, values: dict[str, int | float]) -> list[str]:
    lines: list[str] = []
    table = template.tables["active"]
    for group in table.groups:
        lines += [f"\t{group.clause}", "", "\t信息内容", *(f"\t{c.label}" for c in group.columns), ""]
        for row in group.rows:
            lines += [f"\t{row.label}", *(f"\t{_number(values.get(f'active.{row.id}.{c.id}'))}" for c in group.columns), ""]
    return lines


def _requests(template: Template, values: dict[str, int | float]) -> list[str]:
    table = template.tables["requests"]
    lines = [f"\t（{table.note}）", "\t申请人情况", "", "\t", "\t自然人", "\t法人或其他组织", "\t总计", ""]
    lines += ["\t", "\t", *(f"\t{c.label}" for c in table.groups[0].columns[1:6]), "\t", ""]
    parents_done: set[str] = set()
    for row, group in table.rows():
        if row.parent and row.parent not in parents_done and row.parent.startswith("（"):
            lines.append(f"\t{row.parent}")
            parents_done.add(row.parent)
        elif row.parent and row.parent not in parents_done:
            lines += [f"\t{row.parent}", ""]
            parents_done.add(row.parent)
        lines += [f"\t{row.label}", *(f"\t{_number(values.get(f'requests.{row.id}.{c.id}'))}" for c in group.columns), ""]
    return lines


def _appeals(values: dict[str, int | float]) -> list[str]:
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    lines = ["\t行政复议", "\t行政诉讼", "", *(f"\t{h}" for h in heads), "\t未经复议直接起诉", "\t复议后起诉", ""]
    lines += [*(f"\t{h}" for h in heads * 2), ""]
    for row in ("review", "suit_direct", "suit_after_review"):
        lines += [f"\t{_number(values.get(f'appeals.{row}.{c}'))}" for c in ("upheld", "corrected", "other", "pending", "total")]
    return lines


def report_text(agency: str, year: int, values: dict[str, int | float], template_id: str | None = None) -> str:
    """A complete report in the tab-per-cell layout of the seeds, readable by the text reader."""
    template = load(template_id) if template_id else for_year(year)
    lines = [
        f"{agency}{year}年政府信息公开工作年度报告",
        "",
        f"根据《中华人民共和国政府信息公开条例》要求，特向社会公布{agency}{year}年度政府信息公开工作年度报告。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "",
        "一、总体情况",
        "",
        f"{year}年，{agency}认真贯彻落实《条例》，扎实推进政务公开工作。",
        "",
        "二、主动公开政府信息情况",
        "",
        *_active(template, values),
        "",
        "三、收到和处理政府信息公开申请情况",
        "",
        *_requests(template, values),
        "",
        "四、政府信息公开行政复议、行政诉讼情况",
        "",
        *_appeals(values),
        "",
        "五、存在的主要问题及改进情况",
        "",
        "公开内容还不够丰富，下一步将进一步加强。",
        "",
        "六、其他需要报告的事项",
        "",
        "无。",
        "",
        agency,
        f"{year + 1}年1月20日",
        "",
    ]
    return "\n".join(lines)


def write_report(folder: Path, name: str, agency: str, year: int, values: dict[str, int | float], template_id: str | None = None) -> Path:
    path = folder / name
    path.write_text(report_text(agency, year, values, template_id), encoding="utf-8")
    return path
