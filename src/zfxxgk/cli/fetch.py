"""`zfxxgk fetch` and `zfxxgk watch`: collect reports from the web, and watch how they are published.

Thin layer over `zfxxgk.collect`: options become `FetchSettings`, the crawl's events drive a progress
display per site on stderr, and the results are printed; every failure is listed with its reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from ..errors import ZfxxgkError
from .common import stderr, stdout
from .store import ConfigOpt, DbOpt, Output, WorkersOpt

if TYPE_CHECKING:
    from ..collect import Event
    from ..fetch import FetchSettings

EXIT_PROBLEMS, EXIT_USAGE = 1, 2

SitesOpt = Annotated[Optional[Path], typer.Option("--sites", help="CSV site list with the columns agency,url[,level,parent].")]
YearOpt = Annotated[Optional[int], typer.Option("--year", help="Only reports of this year (default: every year).")]
DelayOpt = Annotated[float, typer.Option("--delay", min=0, help="Seconds between two requests to one host (robots.txt Crawl-delay, if longer, wins).")]
ParallelOpt = Annotated[int, typer.Option("--hosts", min=1, help="Sites fetched at the same time (each host still gets one request at a time).")]
AgentOpt = Annotated[Optional[str], typer.Option("--user-agent", help="User-Agent sent with every request.")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=1, help="Seconds allowed for one request, body included.")]
MaxMbOpt = Annotated[int, typer.Option("--max-mb", min=1, help="Largest file fetched, in MB (larger ones are stopped and listed).")]
PrivateOpt = Annotated[bool, typer.Option("--allow-private", help="Allow loopback, private and link-local addresses (intranet deployments).")]
NetworkOpt = Annotated[Optional[list[str]], typer.Option("--only-network", help="Connect only to this network (CIDR, repeatable), e.g. 10.0.0.0/8.")]
RobotsOpt = Annotated[bool, typer.Option("--robots/--ignore-robots", help="Obey robots.txt (default).")]


def _settings(delay: float, hosts: int, agent: str | None, timeout: float, max_mb: int, allow_private: bool, only: list[str] | None, robots: bool) -> FetchSettings:
    from ..fetch import FetchSettings, NetworkPolicy

    try:
        policy = NetworkPolicy.of(allow_private, only or ())
    except ValueError as exc:
        stderr.print(f"[red]zfxxgk: --only-network: {exc}[/red]", highlight=False)
        raise typer.Exit(EXIT_USAGE) from exc
    extra = {"user_agent": agent} if agent else {}
    return FetchSettings(delay=delay, hosts_in_parallel=hosts, timeout=timeout, max_bytes=max_mb * 1024 * 1024, policy=policy, obey_robots=robots, **extra)


class _SiteProgress:
    """A line per site being fetched (requests so far, reports found, failures), and one for the sites done.

    A finished site's line is replaced by the total, so a crawl of 100,000 agencies shows only the
    sites in flight."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, int] = {}
        self.counts: dict[str, list[int]] = {}
        self.done = [0, 0, 0, 0]  # sites, requests, reports, failures
        self.total = progress.add_task("", total=None)

    def __call__(self, event: Event) -> None:
        if event.site not in self.tasks:
            self.tasks[event.site] = self.progress.add_task(event.site, total=None)
            self.counts[event.site] = [0, 0, 0]
        counts = self.counts[event.site]
        if event.kind == "site_done":
            self.progress.remove_task(self.tasks.pop(event.site))
            self.done = [self.done[0] + 1, *(a + b for a, b in zip(self.done[1:], self.counts.pop(event.site)))]
            sites, requests, reports, failures = self.done
            self.progress.update(self.total, description=f"已完成 {sites} 个站点：{requests} 次请求，{reports} 份报告，{failures} 个失败")
            return
        counts[0] += 1
        counts[1] += event.kind == "report"
        counts[2] += event.kind == "failed"
        self.progress.update(self.tasks[event.site], description=f"{event.site}：{counts[0]} 次请求，{counts[1]} 份报告，{counts[2]} 个失败")


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=stderr, disable=not stderr.is_terminal)


def fetch(
    urls: Annotated[Optional[list[str]], typer.Argument(help="Report pages, column (list) pages or file URLs.", show_default=False)] = None,
    sites: SitesOpt = None,
    year: YearOpt = None,
    discover: Annotated[Optional[str], typer.Option("--discover", help="A portal's 政府信息公开 index: propose a site list (with -o).")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Where --discover writes the site list (CSV).")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
    delay: DelayOpt = 1.0,
    hosts: ParallelOpt = 16,
    user_agent: AgentOpt = None,
    timeout: TimeoutOpt = 60.0,
    max_mb: MaxMbOpt = 200,
    allow_private: PrivateOpt = False,
    only_network: NetworkOpt = None,
    robots: RobotsOpt = True,
    workers: WorkersOpt = None,
) -> None:
    """Fetch annual reports where agencies publish them, store and check them.

    A report page is stored with its attachments; the document holding the tables is parsed and
    ingested. A killed run resumes where it stopped; a finished one, run again, sends conditional
    requests only.

    Example: zfxxgk fetch --sites sites.csv --year 2024
    """
    from ..check import CheckConfig
    from ..collect import discover as find_sites
    from ..collect import fetch as crawl
    from ..collect import write_sites

    settings = _settings(delay, hosts, user_agent, timeout, max_mb, allow_private, only_network, robots)
    if discover:
        if output is None:
            stderr.print("[red]zfxxgk: --discover 需要 -o 站点清单.csv[/red]", highlight=False)
            raise typer.Exit(EXIT_USAGE)
        try:
            found = find_sites(discover, settings)
        except ZfxxgkError as exc:
            stderr.print(f"[red]zfxxgk: {exc}[/red]", highlight=False)
            raise typer.Exit(EXIT_USAGE) from exc
        write_sites(found, output)
        stdout.print(f"已写入 {output}：{len(found)} 个机关，请核对年报栏目地址和 level 后再用 --sites 抓取")
        return
    if not urls and sites is None:
        stderr.print("[red]zfxxgk: 请给出网址，或 --sites 站点清单.csv，或 --discover 网址[/red]", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    try:
        with _progress() as progress:
            summary = crawl(urls or [], sites, year, db, settings, CheckConfig.from_file(config) if config else None, _SiteProgress(progress), workers=workers)
    except ZfxxgkError as exc:
        stderr.print(f"[red]zfxxgk: {exc}[/red]", highlight=False)
        raise typer.Exit(EXIT_USAGE) from exc
    counts: dict[str, int] = {}
    for outcome in summary.reports:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    for url, reason in summary.failures:
        stderr.print(f"[red]zfxxgk: {url}: {reason}[/red]", highlight=False)
    stdout.print(
        f"{summary.requests} 次请求（{summary.conditional} 次条件请求，{summary.not_modified} 次未变），"
        f"报告 新增 {counts.get('new', 0)}、更新 {counts.get('updated', 0)}、未变 {counts.get('unchanged', 0)}，"
        f"失败 {len(summary.failures)} — {summary.seconds:.1f} 秒",
        highlight=False,
    )
    if summary.failures:
        raise typer.Exit(EXIT_PROBLEMS)


def watch(
    sites: SitesOpt = None,
    year: YearOpt = None,
    format: Annotated[Output, typer.Option("--format", help="table for people, json for programs.")] = Output.table,
    refetch: Annotated[bool, typer.Option("--refetch/--no-refetch", help="Re-fetch what is known first (conditional requests).")] = True,
    db: DbOpt = None,
    delay: DelayOpt = 1.0,
    hosts: ParallelOpt = 16,
    user_agent: AgentOpt = None,
    timeout: TimeoutOpt = 60.0,
    max_mb: MaxMbOpt = 200,
    allow_private: PrivateOpt = False,
    only_network: NetworkOpt = None,
    robots: RobotsOpt = True,
    workers: WorkersOpt = None,
) -> None:
    """Per agency and year: on time, late, missing, changed, removed, conflicting, unreadable, outside the column.

    Exit status 1 when any agency has a problem.

    Example: zfxxgk watch --sites sites.csv --year 2024
    """
    from ..collect import watch as watch_publication

    settings = _settings(delay, hosts, user_agent, timeout, max_mb, allow_private, only_network, robots)
    try:
        with _progress() as progress:
            result = watch_publication(sites, year, db, settings, refetch, on_event=_SiteProgress(progress), workers=workers)
    except ZfxxgkError as exc:
        stderr.print(f"[red]zfxxgk: {exc}[/red]", highlight=False)
        raise typer.Exit(EXIT_USAGE) from exc
    if format is Output.json:
        stdout.print_json(json.dumps([row.to_json() for row in result.rows], ensure_ascii=False))
    else:
        table = RichTable("机关", "年度", "状态", "公开期限", "发布日期", "问题")
        for row in result.rows:
            problems = "\n".join(f"{f.rule}：{f.message}" for f in row.findings) or "—"
            table.add_row(row.agency, str(row.year), row.status, row.deadline or "—", row.published or "—", problems)
        stdout.print(table)
    if result.problems:
        raise typer.Exit(EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    app.command("fetch")(fetch)
    app.command("watch")(watch)
