"""What a report is rated against: the other reports (boilerplate, near-duplicates) and its own last year.

Boilerplate is measured, not listed: a sentence is boilerplate when, digits and the agency's own name
taken out, it appears word for word in the reports of many other agencies of the corpus — the reports
rated together, plus the stored ones when rating from the database. Near-duplicates are the check
stage's `duplicate.narrative` (MinHash/LSH), run once over the whole batch.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..check.cross_year import cross_year
from ..check.duplicate import agency_key, find_duplicates, pairs
from ..check.text import prepare, sentences
from ..model import Finding, Report
from ..read.normalize import compact
from .facts import PublicationFacts

_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class Item:
    """One report with what the rater needs beside it. `key` names the agency within the batch (the
    stored agency id, or the printed name); `scanned` is true when any page had to be read by OCR."""

    report: Report
    key: str
    report_id: int | None = None
    facts: PublicationFacts | None = None
    scanned: bool = False
    has_year_findings: bool = False  # cross-year findings already among the report's (stored reports)


def item_of(report: Report, facts: PublicationFacts | None = None) -> Item:
    """An Item for a parsed report: agency from its printed name, OCR from its cells' provenance."""
    scanned = bool(report.source.unread_pages) or any(
        c.provenance is not None and c.provenance.confidence is not None for c in report.cells.values()
    )
    return Item(report, agency_key(report), facts=facts, scanned=scanned)


def sentence_key(sentence: str, agency: str) -> str:
    """A sentence as it is compared across reports: compact, without digits or the agency's own name."""
    text = _DIGITS.sub("", compact(sentence))
    return text.replace(agency, "") if agency else text


def section_sentences(report: Report, section: str) -> list[str]:
    return sentences(prepare(report.narrative.get(section, "") or ""))


@dataclass(slots=True)
class Batch:
    """The reports of one rating: those rated and those only compared with (earlier years)."""

    items: list[Item]
    rated: int  # items[:rated] are rated; the rest are context
    findings: list[list[Finding]] = field(default_factory=list)  # extra findings per item
    copied: list[set[str]] = field(default_factory=list)  # sections flagged as near-duplicates, per item
    _previous: dict[tuple[str, int], int] = field(default_factory=dict)
    _frequency: dict[tuple[str, ...], tuple[Counter[str], int]] = field(default_factory=dict)

    def previous(self, index: int) -> Item | None:
        """The same agency's report of the year before: by key, else (files, whose agencies are keyed by
        the printed name) the one report of that year whose name is this one's with a region prefix
        (`洪泽区人民政府` / `淮安市洪泽区人民政府`), as the store joins spellings."""
        item = self.items[index]
        year = item.report.meta.year
        if year is None:
            return None
        found = self._previous.get((item.key, year - 1))
        if found is None and item.report_id is None and item.report.meta.agency:
            from ..store.agencies import (
                names_match,  # the store's rule for one body under two spellings
            )

            name = item.report.meta.agency
            matches = [
                i for (key, y), i in self._previous.items()
                if y == year - 1 and (other := self.items[i].report.meta.agency) and names_match(name, other)
            ]
            found = matches[0] if len(matches) == 1 else None
        return None if found is None else self.items[found]

    def frequency(self, sections: tuple[str, ...], min_chars: int) -> tuple[Counter[str], int]:
        """How many agencies print each sentence key of these sections, and how many agencies there are."""
        cached = self._frequency.get(sections)
        if cached is not None:
            return cached
        by_key: dict[str, set[str]] = defaultdict(set)
        agencies: set[str] = set()
        for item in self.items:
            agencies.add(item.key)
            name = compact(item.report.meta.agency or "")
            for section in sections:
                for s in section_sentences(item.report, section):
                    key = sentence_key(s, name)
                    if len(key) >= min_chars:
                        by_key[key].add(item.key)
        counts = Counter({k: len(v) for k, v in by_key.items() if len(v) > 1})
        self._frequency[sections] = (counts, len(agencies))
        return counts, len(agencies)


def build_batch(rated: Sequence[Item], context: Sequence[Item] = ()) -> Batch:
    """The batch, with near-duplicates found once over all its reports and, for reports whose cross-year
    findings are not stored, the `year.*` checks run against the previous year's report in the batch."""
    items = list(rated) + list(context)
    batch = Batch(items, len(rated))
    for i, item in enumerate(items):
        if item.report.meta.year is not None:
            batch._previous.setdefault((item.key, item.report.meta.year), i)
    reports = [i.report for i in items]
    found = pairs(reports)
    batch.findings = find_duplicates(reports, found=found)
    batch.copied = [set() for _ in items]
    for p in found:
        later, earlier = (p.a, p.b) if (reports[p.a].meta.year or 0) >= (reports[p.b].meta.year or 0) else (p.b, p.a)
        batch.copied[later].add(p.section)
        if not p.previous_year:
            batch.copied[earlier].add(p.section)
    for i in range(len(rated)):
        previous = batch.previous(i)
        if previous is not None and not items[i].has_year_findings:
            batch.findings[i] = cross_year(items[i].report, previous.report) + batch.findings[i]
    return batch
