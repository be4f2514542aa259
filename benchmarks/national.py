"""The national run: generate a year-by-year archive of reports, ingest it on a Dask cluster into PostgreSQL,
check it, aggregate a province and serve it — measured, then extrapolated to 100,000 reports.

usage: python benchmarks/national.py --pg URL [-n 2000] [--workers 2] [--json]

The archive comes from the sample generator (`zfxxgk.render.sample`): a province → cities → counties tree of
governments, departments and townships, each reporting for several years (the 2021 template), printed in
the layouts real reports come in (tab and one-cell-per-line text, HTML, DOCX, and a few PDFs printed by
LibreOffice). Narratives are written from a bank of phrases, so reports differ as real ones do; a few copy
another agency's section (near-duplicates), some are published late, some break a rule (inconsistent).

Then: `Store.ingest` with `executor="dask"` on a `distributed.LocalCluster` (for a real cluster only the
scheduler address changes) into a new PostgreSQL database on the server `--pg` (the cross-year checks run
as each report is stored); the duplicate check over every stored narrative, in a process of its own so its
peak memory is its own; the province's totals (`Store.aggregate`); and the web app's report list and
jurisdiction page. Reported: wall time, reports/s, peak RSS per Dask worker and of the other processes,
database size, each against the issue's goals; then extrapolated linearly to 100,000 reports, to 16 cores
and to a cluster. `-n 100000` runs the real thing (about an hour on two cores).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from inputs import describe, machine
from throughput import database

from zfxxgk.model import CellValue, Report
from zfxxgk.render.sample import LAYOUTS, sample_report

YEARS = (2021, 2022, 2023, 2024)
FULL = 100_000
PROVINCE = "东川省"
CITIES = ("临江市", "青州市", "安平市", "云岭市", "石门市", "河阳市", "北原市", "南浦市", "白沙市", "金川市", "平湖市", "长宁市")
COUNTIES = ("城关区", "新华区", "东山县", "西河县", "南岭县", "北山县", "永安县", "清水县", "桃源县", "丰乐县", "高阳县", "龙泉县")
DEPARTMENTS = (
    "发展和改革局", "教育局", "科学技术局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源局",
    "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康局",
    "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局",
)
TOWNS = ("城南", "城北", "河东", "河西", "新村", "马桥", "石桥", "柳林", "杨庄", "李集", "王店", "张湾")
PAGES = {"report list": "paginated (100 a page)", "jurisdiction page": "not paginated"}
GOALS = {"ingest_hours": 1.0, "duplicates_gb": 2.0, "duplicates_minutes": 10.0, "aggregate_s": 1.0, "page_ms": 300.0, "worker_mb": 300.0}

# Narrative phrases: a section is a few sentences, each a subject, an action and an object drawn from these.
_SUBJECTS = ("我单位", "本机关", "局党组", "办公室", "各科室", "政务公开领导小组", "信息公开工作专班", "分管领导", "各业务股室", "机关各部门")
_ACTIONS = (
    "认真落实", "持续深化", "进一步规范", "着力推进", "全面梳理", "严格执行", "扎实开展", "不断完善", "统筹做好", "切实加强",
    "稳步推进", "积极探索", "深入开展", "系统整理", "及时更新",
)
_OBJECTS = (
    "主动公开目录编制工作", "依申请公开办理流程", "政策文件解读工作", "政府网站信息发布审核", "政务新媒体管理", "重大决策预公开",
    "行政规范性文件清理", "财政预决算信息公开", "公共企事业单位信息公开", "基层政务公开标准化建设", "政务公开专区建设",
    "涉企政策集中发布", "回应社会关切机制", "信息公开保密审查", "政府信息管理台账", "公开工作考核评议", "公开业务培训",
    "营商环境信息公开", "民生资金信息公开", "突发事件信息发布", "建议提案办理结果公开", "权责清单动态调整", "办事指南标准化",
)
_TAILS = ("，取得明显成效。", "，公开质量稳步提升。", "，群众满意度有所提高。", "，形成长效机制。", "，做到应公开尽公开。", "，全年未发生失泄密事件。")
_SECTIONS = ("overview", "problems", "other")


@dataclass(frozen=True, slots=True)
class Agency:
    name: str
    kind: str  # "government" (deadline 31 March) or "department" (31 January), as 条例 第五十条 says


def agencies(count: int) -> list[Agency]:
    """`count` agencies of one province: its cities, their districts and counties, with their governments,
    departments and townships, in that order (so every city and county is complete before the next)."""
    out = [Agency(f"{PROVINCE}人民政府", "government")] + [Agency(f"{PROVINCE}{d.replace('局', '厅')}", "department") for d in DEPARTMENTS]
    for city in CITIES:
        out += [Agency(f"{PROVINCE}{city}人民政府", "government")] + [Agency(f"{PROVINCE}{city}{d}", "department") for d in DEPARTMENTS]
        for county in COUNTIES:
            place = f"{PROVINCE}{city}{county}"
            out += [Agency(f"{place}人民政府", "government")] + [Agency(f"{place}{d}", "department") for d in DEPARTMENTS]
            out += [Agency(f"{place}{t}{'街道办事处' if county.endswith('区') else '镇人民政府'}", "government") for t in TOWNS]
            if len(out) >= count:
                return out[:count]
    suffix = 2
    while len(out) < count:  # beyond one province's size: more provinces of the same shape
        out += [replace(a, name=a.name.replace(PROVINCE, f"{PROVINCE[:-1]}{suffix}省", 1)) for a in out[: count - len(out)]]
        suffix += 1
    return out


def _prose(rng: random.Random) -> str:
    return "".join(f"{rng.choice(_SUBJECTS)}{rng.choice(_ACTIONS)}{rng.choice(_OBJECTS)}{rng.choice(_TAILS)}" for _ in range(rng.randint(4, 8)))


@dataclass(slots=True)
class Plan:
    """What was put into the archive on purpose, to compare with what the checks find."""

    reports: int = 0
    formats: dict[str, int] | None = None
    late: int = 0
    inconsistent: int = 0
    copies: list[tuple[str, str]] | None = None  # (copy, original) file names


def generate(folder: Path, n: int, seed: int = 16, pdfs: int | None = None) -> Plan:
    """Write `n` reports into `folder` (about n / len(YEARS) agencies, every year each); returns the plan."""
    rng = random.Random(seed)
    layouts = {layout.name: layout for layout in LAYOUTS}
    pdfs = max(1, n * 3 // 1000) if pdfs is None else pdfs  # some hundreds in 100,000
    pdf_at = set(rng.sample(range(n), min(n, pdfs)))
    plan = Plan(formats={}, copies=[])
    written: list[tuple[str, Report]] = []
    everyone = agencies(-(-n // len(YEARS)))
    work = folder / ".render"
    for i in range(n):
        agency, year = everyone[i // len(YEARS)], YEARS[i % len(YEARS)]
        report = sample_report(rng, "2021")
        report.meta.agency, report.meta.year = agency.name, year
        deadline = date(year + 1, 3 if agency.kind == "government" else 1, 31)
        late = rng.random() < 0.05
        published = date(year + 1, deadline.month + 1, rng.randint(1, 28)) if late else date(year + 1, 1, rng.randint(5, 25))
        report.meta.published, report.meta.title = published.isoformat(), f"{agency.name}{year}年政府信息公开工作年度报告"
        report.narrative = {section: _prose(rng) for section in _SECTIONS}
        if written and rng.random() < 0.02:  # another agency's section, copied with a word changed
            name, original = written[rng.randrange(len(written))]
            if original.meta.agency != agency.name:
                report.narrative["problems"] = original.narrative["problems"].replace("进一步", "更加", 1)
                plan.copies.append((f"{i:06d}", name))
        if rng.random() < 0.03:  # a total that does not add up
            total = report.cells["requests.new.total"]
            report.cells["requests.new.total"] = CellValue((total.value or 0) + 1, total.kind, unit=total.unit)
            plan.inconsistent += 1
        layout = layouts["pdf"] if i in pdf_at else layouts[rng.choices(("tabs", "cells", "html", "docx"), (55, 15, 15, 15))[0]]
        work.mkdir(exist_ok=True)
        path = layout.render(report, work)
        path.rename(folder / f"{i:06d}{path.suffix}")
        written.append((f"{i:06d}", report))
        plan.formats[layout.reader] = plan.formats.get(layout.reader, 0) + 1
        plan.late += late
    work.rmdir()
    plan.reports = n
    return plan


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _vm_hwm_mb() -> float:
    """This process's peak RSS (Linux)."""
    return _status_mb("VmHWM")


def _rss_mb() -> float:
    return _status_mb("VmRSS")


def ingest(url: str, folder: Path, workers: int) -> dict[str, Any]:
    """Every file of `folder` stored through a Dask LocalCluster of `workers` single-threaded processes."""
    from distributed import Client, LocalCluster

    from zfxxgk.store import Store

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        before = client.run(time.process_time)  # workers up before the clock starts
        with Store.open(url) as store:
            started, cpu = time.perf_counter(), time.process_time()
            summary = store.ingest([folder], executor="dask", scheduler=cluster.scheduler_address)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        after = client.run(time.process_time)
        peaks = client.run(_vm_hwm_mb)
    return {
        "seconds": seconds,
        "counts": summary.counts,
        "failures": [(Path(o.path).name, o.reason) for o in summary.failures][:10],
        "worker_cpu_seconds": sum(after[w] - before[w] for w in after),
        "writer_cpu_seconds": cpu,
        "worker_peak_mb": max(peaks.values()),
        "writer_peak_mb": _vm_hwm_mb(),
    }


def duplicates(url: str, limit: int | None = None) -> dict[str, Any]:
    """The duplicate check over every current report's narrative (the first `limit`), as loaded from the
    database."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from zfxxgk.check.duplicate import find_duplicates
    from zfxxgk.model import Meta, Source
    from zfxxgk.store.database import open_engine
    from zfxxgk.store.schema import Agency as AgencyRow
    from zfxxgk.store.schema import ReportRow

    import datasketch  # noqa: F401  (imported before the baseline is taken, as the check would import it)

    engine = open_engine(url)
    base = _rss_mb()
    started = time.perf_counter()
    with Session(engine) as session:  # streamed: only the Reports are kept, not the rows they come from
        rows = session.execute(
            select(ReportRow.path, ReportRow.sha256, AgencyRow.name, ReportRow.year, ReportRow.template, ReportRow.narrative)
            .join(AgencyRow).where(ReportRow.is_current).order_by(ReportRow.path).limit(limit)
            .execution_options(yield_per=1000)
        )
        reports = [
            Report(Source(path, sha, "stored"), Meta(agency=name, year=year, template=template), {}, narrative)
            for path, sha, name, year, template, narrative in rows
        ]
    loaded = time.perf_counter() - started
    found = find_duplicates(reports)
    flagged = sorted({Path(r.source.path).stem for r, f in zip(reports, found) if f})
    engine.dispose()
    seconds = time.perf_counter() - started
    return {"reports": len(reports), "seconds": seconds, "load_seconds": loaded, "peak_mb": _vm_hwm_mb(), "base_mb": base, "flagged": flagged}


def _duplicates_process(url: str, limit: int | None = None) -> dict[str, Any]:
    """`duplicates` in a process of its own, so that its peak memory is its own."""
    command = [sys.executable, __file__, "--duplicates", url, *(["--limit", str(limit)] if limit else [])]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def _best_ms(call: Any, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def queries(url: str) -> dict[str, Any]:
    """The province's totals, and the web app's list and jurisdiction pages (server time, in process)."""
    from fastapi.testclient import TestClient
    from sqlalchemy import func, select, text
    from sqlalchemy.orm import Session

    from zfxxgk.store import Store
    from zfxxgk.store.schema import FindingRow
    from zfxxgk.web import WebSettings, create_app

    year = YEARS[-1]
    with Store.open(url) as store, tempfile.TemporaryDirectory(prefix="zfxxgk-national-") as spool:
        province = store.aggregate(year, agency_prefix=PROVINCE)
        aggregate_ms = _best_ms(lambda: store.aggregate(year, agency_prefix=PROVINCE))
        client = TestClient(create_app(store, WebSettings(spool_dir=Path(spool))))
        pages = {}
        for name, path in (("report list", f"/reports?year={year}"), ("jurisdiction page", f"/jurisdiction?year={year}&prefix={PROVINCE}")):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            pages[name] = _best_ms(lambda p=path: client.get(p))
        with Session(store.engine) as session:
            year_findings = session.scalar(select(func.count()).select_from(FindingRow).where(FindingRow.scope == "year")) or 0
            size = session.execute(text("select pg_database_size(current_database())")).scalar() or 0
    return {
        "aggregate_reports": len(province.included), "aggregate_ms": aggregate_ms, "pages_ms": pages,
        "year_findings": year_findings, "db_mb": size / 2**20,
    }


def run(server: str, n: int, workers: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="zfxxgk-national-") as tmp, database(server, Path(tmp)) as url:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        started = time.perf_counter()
        plan = generate(folder, n)
        generated = time.perf_counter() - started
        stored = ingest(url, folder, workers)
        dup = _duplicates_process(url)
        dup["quarter"] = _duplicates_process(url, n // 4)
        served = queries(url)
    copies = {copy for copy, _ in plan.copies or []}
    flagged = set(dup.pop("flagged"))
    dup["quarter"].pop("flagged")
    return {
        "machine": machine(), "n": n, "workers": workers, "generate_seconds": generated,
        "plan": {"formats": plan.formats, "late": plan.late, "inconsistent": plan.inconsistent, "copies": len(copies)},
        "ingest": stored, "duplicates": dup | {"copies_found": len(copies & flagged), "flagged": len(flagged)}, "queries": served,
    }


def extrapolate(data: dict[str, Any]) -> dict[str, float]:
    """Linear in the number of reports. Ingest: as measured (wall time on this shared machine), and from
    the CPU time it took (parsers' and writer's), on cores of its own — 2, and 16 where the single writer's
    share is not divided. The duplicate check: its time and its memory growth per report, measured between
    a quarter of the reports and all of them."""
    n = data["n"]
    scale = FULL / n
    ing, dup = data["ingest"], data["duplicates"]
    quarter = dup["quarter"]
    per_report_mb = max(0.0, dup["peak_mb"] - quarter["peak_mb"]) / max(1, dup["reports"] - quarter["reports"])
    parse_cpu, write_cpu = ing["worker_cpu_seconds"] * scale, ing["writer_cpu_seconds"] * scale
    return {
        "ingest_hours_measured": ing["seconds"] * scale / 3600,
        "ingest_hours_2_cores": max((parse_cpu + write_cpu) / 2, write_cpu) / 3600,
        "ingest_hours_16_cores": max((parse_cpu + write_cpu) / 16, write_cpu) / 3600,
        "duplicates_minutes": dup["seconds"] * scale / 60,
        "duplicates_gb": (dup["peak_mb"] + per_report_mb * (FULL - dup["reports"])) / 1024,
    }


def table(data: dict[str, Any]) -> str:
    """The results, each beside the issue's goal, as a Markdown table (the README's national section)."""
    x = extrapolate(data)
    ing, dup, q = data["ingest"], data["duplicates"], data["queries"]
    n = data["n"]
    ok = lambda good: "met" if good else "NOT MET"  # noqa: E731
    rows = [
        f"| ingest + per-report and cross-year checks, Dask LocalCluster ({data['workers']} workers) → PostgreSQL | {ing['seconds']:.0f} s, {n / ing['seconds']:.1f} reports/s "
        f"| {x['ingest_hours_measured']:.2f} h at this rate; from the CPU time ({ing['worker_cpu_seconds']:.0f} s parsing, {ing['writer_cpu_seconds']:.0f} s writing): "
        f"{x['ingest_hours_2_cores']:.2f} h on 2 free cores, {x['ingest_hours_16_cores']:.2f} h on 16 "
        f"| < {GOALS['ingest_hours']:.0f} h: {ok(x['ingest_hours_measured'] < GOALS['ingest_hours'])} as measured, {ok(x['ingest_hours_2_cores'] < GOALS['ingest_hours'])} on 2 free cores |",
        f"| peak RSS of a Dask worker / of the writer | {ing['worker_peak_mb']:.0f} MB / {ing['writer_peak_mb']:.0f} MB | same (bounded by the in-flight window) "
        f"| < {GOALS['worker_mb']:.0f} MB: {ok(ing['worker_peak_mb'] < GOALS['worker_mb'])} |",
        f"| duplicate check over {dup['reports']} narratives | {dup['seconds']:.1f} s, {dup['peak_mb']:.0f} MB peak ({dup['quarter']['peak_mb']:.0f} MB for a quarter of them); {dup['copies_found']} of {data['plan']['copies']} planted copies found, {dup['flagged']} reports flagged "
        f"| {x['duplicates_minutes']:.1f} min, {x['duplicates_gb']:.2f} GB | < {GOALS['duplicates_minutes']:.0f} min and < {GOALS['duplicates_gb']:.0f} GB: "
        f"{ok(x['duplicates_minutes'] < GOALS['duplicates_minutes'] and x['duplicates_gb'] < GOALS['duplicates_gb'])} |",
        f"| aggregate the province ({q['aggregate_reports']} reports of {YEARS[-1]}) | {q['aggregate_ms']:.0f} ms | ≈ {q['aggregate_ms'] * 5000 / max(1, q['aggregate_reports']):.0f} ms for 5,000 "
        f"| < {GOALS['aggregate_s']:.0f} s for 5,000: {ok(q['aggregate_ms'] * 5000 / max(1, q['aggregate_reports']) < GOALS['aggregate_s'] * 1000)} |",
    ]
    for page, ms in q["pages_ms"].items():
        how = PAGES[page]
        rows.append(f"| web {page}, {how} (server time, one year of {n // len(YEARS)} reports) | {ms:.0f} ms | ≤ {ms * FULL / n:.0f} ms (linear: an upper bound) "
                    f"| < {GOALS['page_ms']:.0f} ms: {ok(ms < GOALS['page_ms'])} at n, {ok(ms * FULL / n < GOALS['page_ms'])} at {FULL:,} by this bound |")
    rows.append(f"| database size | {q['db_mb']:.0f} MB | {q['db_mb'] * FULL / n / 1024:.1f} GB | |")
    plan = data["plan"]
    head = (
        f"{n} reports ({', '.join(f'{k} {v}' for k, v in sorted(plan['formats'].items()))}; {plan['late']} late, {plan['inconsistent']} inconsistent, "
        f"{plan['copies']} with a copied section) of {n // len(YEARS)} agencies over {len(YEARS)} years; generated in {data['generate_seconds']:.0f} s (not counted). "
        f"Ingest: {ing['counts']}; {q['year_findings']} cross-year findings stored.\n\n"
        f"| step | measured at n = {n} | extrapolated to {FULL:,} (linear) | goal |\n|---|---|---|---|\n"
    )
    return head + "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="reports to generate (default 2000; 100000 for the real run)")
    ap.add_argument("--pg", default=os.environ.get("ZFXXGK_BENCH_PG", ""), help="PostgreSQL server URL (default $ZFXXGK_BENCH_PG); a database is created and dropped")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Dask worker processes (default: the cores)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--duplicates", help=argparse.SUPPRESS)
    ap.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.duplicates:
        print(json.dumps(duplicates(args.duplicates, args.limit)))
        return
    if not args.pg:
        ap.error("give --pg URL (or $ZFXXGK_BENCH_PG): the national run stores into PostgreSQL")
    data = run(args.pg, args.n, args.workers)
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(f"Machine: {describe(data['machine'])}.\n\n{table(data)}")


if __name__ == "__main__":
    main()
