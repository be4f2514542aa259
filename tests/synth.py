"""Consistent report values for a template, and a way to print them into a real report's layout.

The seeds are mostly zeros, so their own numbers barely test where a value lands. These helpers keep a
seed's exact layout and rewrite its numbers, using the provenance the extractor recorded for each cell.
"""

from __future__ import annotations

import random
import re

from zfxxgk.model import Report
from zfxxgk.templates import Template
from zfxxgk.templates.rules import equations

APPLICANTS = ("natural", "business", "research", "ngo", "legal", "other")


def consistent_values(template: Template, rng: random.Random) -> dict[str, int]:
    """Random values under which every arithmetic rule of the template holds."""
    values: dict[str, int] = {}
    table = template.tables["requests"]
    outcome_rows = [r.id for r, _ in table.rows() if r.id not in ("new", "carried_in", "total", "carried_out")]
    for col in APPLICANTS:
        for row in outcome_rows:
            values[f"requests.{row}.{col}"] = rng.choice([0, 0, 0, 1, 2, 3, 7, 12, 25, 130])
        total = sum(values[f"requests.{row}.{col}"] for row in outcome_rows)
        carried_out = rng.choice([0, 0, 1, 4])
        carried_in = rng.randint(0, total + carried_out)
        values[f"requests.total.{col}"] = total
        values[f"requests.carried_out.{col}"] = carried_out
        values[f"requests.carried_in.{col}"] = carried_in
        values[f"requests.new.{col}"] = total + carried_out - carried_in
    for row, _ in table.rows():
        values[f"requests.{row.id}.total"] = sum(values[f"requests.{row.id}.{c}"] for c in APPLICANTS)
    for row, _ in template.tables["appeals"].rows():
        parts = {c: rng.choice([0, 0, 1, 2, 5, 11]) for c in ("upheld", "corrected", "other", "pending")}
        values.update({f"appeals.{row.id}.{c}": v for c, v in parts.items()})
        values[f"appeals.{row.id}.total"] = sum(parts.values())
    for cid in template.tables["active"].cell_ids():
        values[cid] = rng.choice([0, 0, 3, 18, 240, 1350])
    for eq in equations(template):
        if eq.rule.kind == "not_greater":
            left, right = eq.left[0], eq.right[0]
            values[left] = min(values[left], values[right])
    return values


def _fields(line: str) -> tuple[list[str], str, int]:
    """A line's cells as the text reader splits them, the separator, and the index offset."""
    if line.count("|") >= 2:
        offset = 1 if line.strip().startswith("|") else 0
        return line.split("|"), "|", offset
    if "\t" in line.strip("\t") or line.count("\t") > 1:
        return line.split("\t"), "\t", 0
    return [line], "", 0


def rewrite(text: str, report: Report, new: dict[str, int]) -> str:
    """The source text with each cell's printed number replaced by its new value, layout untouched."""
    lines = text.split("\n")
    for cid, value in new.items():
        cell = report.cells[cid]
        prov = cell.provenance
        assert prov is not None and prov.line is not None, cid
        number = re.match(r"[+-]?\d[\d,]*(?:\.\d+)?", prov.text)
        assert number, (cid, prov.text)
        replacement = str(value) + prov.text[number.end() :]
        fields, sep, offset = _fields(lines[prov.line - 1])
        index = 0 if not sep else (prov.column or 0) + offset
        assert fields[index].strip() == prov.text, (cid, fields[index], prov.text)
        fields[index] = fields[index].replace(prov.text, replacement, 1)
        lines[prov.line - 1] = sep.join(fields)
    return "\n".join(lines)
