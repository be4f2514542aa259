"""Each single-report rule of spec §4 fires where it should and stays quiet on the seeds."""

from __future__ import annotations

from pathlib import Path

from refdata import seed_pairs
from zfxxgk.check import CheckConfig
from zfxxgk.model import Severity
from zfxxgk.pipeline import parse_bytes

SEED_000 = seed_pairs()[0][0] if seed_pairs() else Path("missing")


def _edited(old: str, new: str, count: int = 1) -> bytes:
    text = SEED_000.read_text("utf-8")
    assert old in text
    return text.replace(old, new, count).encode("utf-8")


def _rules(data: bytes, config: CheckConfig | None = None) -> dict[str, list]:
    report = parse_bytes(data, "edited.txt", config)
    out: dict[str, list] = {}
    for f in report.findings:
        out.setdefault(f.rule, []).append(f)
    return out


def test_year_mismatch_when_a_2021_report_uses_the_2019_format() -> None:
    found = _rules(_edited("秦山街道 2020 年度", "秦山街道 2022 年度"))
    [finding] = found["template.year_mismatch"]
    assert (finding.expected, finding.actual, finding.severity) == ("2021", "2019", Severity.ERROR)


def test_negative_count_is_an_error_but_a_negative_change_is_not() -> None:
    found = _rules(_edited("规范性文件\t1\t0\t0", "规范性文件\t-1\t0\t0"))
    assert [f.cells for f in found["cells.negative"]] == [["active.normative_docs.made"]]
    assert "cells.negative" not in _rules(_edited("行政许可\t0\t0\t0", "行政许可\t0\t-3\t0"))


def test_fractional_count_is_an_error_but_an_amount_may_have_decimals() -> None:
    found = _rules(_edited("规范性文件\t1\t0\t0", "规范性文件\t1.5\t0\t0"))
    assert [f.cells for f in found["cells.not_integer"]] == [["active.normative_docs.made"]]
    assert "cells.not_integer" not in _rules(_edited("681700", "681700.25"))


def test_published_more_than_total_public_is_a_warning() -> None:
    found = _rules(_edited("规章\t0\t0\t0", "规章\t0\t5\t2"))
    [finding] = found["active.published_exceeds_total"]
    assert finding.severity is Severity.WARNING and (finding.expected, finding.actual) == (5, 2)


def test_blank_cell_is_missing_not_zero() -> None:
    report = parse_bytes(_edited("行政强制\t0\t0\t0", "行政强制\t0\t\t0"), "blank.txt")
    assert report.cells["active.coercion.change"].kind.value == "EMPTY"
    assert report.values()["active.coercion.change"] is None
    [finding] = [f for f in report.findings if f.rule == "cells.missing"]
    assert finding.cells == ["active.coercion.change"]


def test_missing_table_and_section() -> None:
    text = SEED_000.read_text("utf-8")
    start = text.index("四、政府信息公开行政复议")
    cut = text[:start] + text[text.index("五、存在的主要问题"):]
    found = _rules(cut.encode("utf-8"))
    assert [f.actual for f in found["tables.missing"]] == [None]
    assert found["tables.missing"][0].expected == "政府信息公开行政复议、行政诉讼情况"
    assert any("第四部分" in f.message for f in found["sections.missing"])
    assert "cells.missing" not in found


def test_config_switches_rules_off_and_relevels_them(tmp_path: Path) -> None:
    config_file = tmp_path / "rules.toml"
    config_file.write_text('[rules]\n"requests.row_sum" = "off"\n"requests.balance" = "warning"\n', "utf-8")
    config = CheckConfig.from_file(config_file)
    data = _edited("一、本年新收政府信息公开申请数量\t\t0", "一、本年新收政府信息公开申请数量\t\t3")
    found = _rules(data, config)
    assert "requests.row_sum" not in found
    assert {f.severity for f in found["requests.balance"]} == {Severity.WARNING}


def test_dates_and_years_printed_in_characters_are_read() -> None:
    text = SEED_000.read_text("utf-8").replace("秦山街道 2020 年度", "秦山街道二〇二〇年度").replace("2021年1月20日", "二○二一年一月二十日")
    report = parse_bytes(text.encode("utf-8"), "characters.txt")
    assert (report.meta.year, report.meta.published) == (2020, "2021-01-20")


def test_dashes_are_read_as_empty_and_reported_as_info() -> None:
    report = parse_bytes(_edited("行政强制\t0\t0\t0", "行政强制\t—\t/\t0"), "dashes.txt")
    assert [report.cells[c].kind.value for c in ("active.coercion.prev_items", "active.coercion.change")] == ["NA", "NA"]
    [finding] = [f for f in report.findings if f.rule == "cells.dash"]
    assert finding.severity is Severity.INFO and len(finding.cells) == 2


def test_an_ambiguous_print_is_said_in_an_info_finding() -> None:
    """Digits run together with no rule to split them (表二 has none): the reading kept and the other."""
    text = SEED_000.read_text("utf-8").replace("规范性文件\t1\t0\t0", "规范性文件1077", 1)
    report = parse_bytes(text.encode("utf-8"), "glued.txt")
    [finding] = [f for f in report.findings if f.rule == "extract.ambiguous"]
    assert finding.severity is Severity.INFO and "1077" in finding.message
    assert finding.cells == ["active.normative_docs.made", "active.normative_docs.published", "active.normative_docs.total_public"]
