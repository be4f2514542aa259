"""Rating stored reports: CPU time to rate N stored reports (default 10,000), beside its floor.

usage: python benchmarks/rating.py [-n 10000] [--json]

Builds a fresh SQLite database of N current reports — half the agencies' year Y, half their year Y−1,
each with a narrative drawn from pools of real-looking sentences (so boilerplate and near-duplicates
occur) and a few findings — written with bulk inserts, not parsed (parsing is benchmarked by
throughput.py). Then rates year Y (which rates Y and Y−1 together) on one core, and, as the floor, only
loads the same reports from the database. Reported, never asserted: the aim is under a minute for 10,000.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from inputs import machine
from sqlalchemy import insert
from sqlalchemy.orm import Session

from zfxxgk.rate.database import load_items, rate_session, _current
from zfxxgk.store import Store
from zfxxgk.store.schema import Agency, AgencyAlias, FindingRow, Original, ReportRow

YEAR = 2024
TARGET_SECONDS = 60.0
OVERVIEW = (
    "本年度，{a}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。",
    "全年主动公开政府信息{n}条，其中规范性文件{m}件。", "围绕优化营商环境发布政策解读{m}篇，开展在线访谈{k}次。",
    "更新政务公开标准目录{k}次，新增目录事项{m}项。", "办理人大代表建议和政协提案{m}件，全部按期办结。",
    "组织政务公开业务培训{k}场，培训工作人员{n}人次。", "政府网站发布信息{n}条，政务新媒体推送{m}条。",
    "进一步加强政府信息公开平台建设，持续做好政策解读和回应关切工作。", "对{m}件行政规范性文件开展清理，废止{k}件。",
)
PROBLEMS = (
    "政策解读的形式较为单一，图表和视频解读偏少。", "依申请公开答复文书的规范性有待提高，个别答复说理不够充分。",
    "基层政务公开标准目录的更新不及时，部分栏目内容较少。", "政务新媒体的互动回应不够及时，留言答复周期偏长。",
    "重点领域信息公开的深度不够，财政预决算说明不够细。", "下一步将加强培训，完善工作机制，提升公开质量。",
    "下一步将丰富解读形式，制作图解和视频解读材料。", "公开平台的检索功能不完善，历史信息查找困难。",
)


def build(db: Path, n: int, rng: random.Random) -> None:
    store = Store.open(str(db))
    agencies = n // 2
    with Session(store.engine) as session, session.begin():
        session.execute(insert(Agency), [{"id": a + 1, "name": f"某市第{a + 1}号局"} for a in range(agencies)])
        session.execute(insert(AgencyAlias), [{"agency_id": a + 1, "alias": f"某市第{a + 1}号局"} for a in range(agencies)])
        originals, reports, findings = [], [], []
        for i in range(n):
            agency, year = i % agencies + 1, YEAR - i // agencies
            sha = f"{i:064x}"
            figures = {"a": f"某市第{agency}号局", "n": rng.randint(100, 900), "m": rng.randint(5, 60), "k": rng.randint(2, 9)}
            narrative = {
                "overview": "".join(s.format(**figures) for s in rng.sample(OVERVIEW, 5)),
                "problems": "".join(f"{c}是{s}" for c, s in zip("一二三四", rng.sample(PROBLEMS, 4))),
                "other": "本年度未收取信息处理费。",
            }
            originals.append({"sha256": sha, "data": b"", "size": 0})
            reports.append({
                "id": i + 1, "agency_id": agency, "year": year, "template": "2021", "sha256": sha, "path": f"{i}.txt",
                "format": "text", "agency_printed": figures["a"], "title": None, "published": f"{year + 1}-01-{rng.randint(10, 40) % 31 + 1:02d}",
                "narrative": narrative, "sections": ["overview", "active", "requests", "appeals", "problems", "other"], "notes": [],
                "version": 1, "is_current": True, "extractor_version": "bench", "errors": 0, "warnings": 0,
            })
            if rng.random() < 0.2:
                findings.append({"report_id": i + 1, "scope": "report", "rule": "requests.balance", "severity": "error",
                                 "message": "自然人：一+二（5）≠ 三（七）总计 + 四（4）", "cells": [], "expected": 5, "actual": 4, "provenance": []})
        session.execute(insert(Original), originals)
        session.execute(insert(ReportRow), reports)
        if findings:
            session.execute(insert(FindingRow), findings)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="stored reports (default 10,000)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        build(db, args.n, random.Random(1))
        store = Store.open(str(db))
        with Session(store.engine) as session:
            start = time.process_time()
            load_items(session, _current(session, [YEAR - 1, YEAR]), {})
            floor = time.process_time() - start
        with Session(store.engine) as session:
            start = time.process_time()
            rating = rate_session(session, YEAR, None, None, {})
            seconds = time.process_time() - start
        store.close()
    result = {
        "reports": len(rating.reports), "cpu_seconds": round(seconds, 2), "reports_per_second": round(len(rating.reports) / seconds, 1),
        "floor_seconds": round(floor, 2), "times_floor": round(seconds / floor, 1) if floor else None,
        "target": f"< {TARGET_SECONDS:.0f} s for 10,000: {'met' if seconds * 10_000 / max(1, len(rating.reports)) < TARGET_SECONDS else 'NOT MET'}",
        "machine": machine(),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for key, value in result.items():
        print(f"{key:>18}: {value}")


if __name__ == "__main__":
    main()
