"""The web app's JSON API and security, through FastAPI's test client (no browser)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from formats import docx_bytes
from openpyxl import load_workbook
from refdata import CORPUS, require
from web_support import AGENCY, PDF_NAME, earlier_year, make_app, seed_bytes

from zfxxgk.templates import load, template_ids
from zfxxgk.web.app import PAGES
from zfxxgk.web.pages import reports as reports_page
from zfxxgk.web.errors import ErrorBody
from zfxxgk.web.layout import Label, Slot, grids
from zfxxgk.web.security import CSRF_COOKIE, safe_next
from zfxxgk.web.uploads import safe_name

TOKEN = "s3cret-token-for-tests"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app, store = make_app(tmp_path)
    with TestClient(app) as c:
        c.get("/api/csrf")
        yield c
    store.close()


def csrf(c: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": c.cookies[CSRF_COOKIE]}


def upload(c: TestClient, name: str, data: bytes) -> dict[str, Any]:
    """Upload one file in a new batch and wait until it is stored; the batch's final state."""
    batch = c.post("/api/batches", files=[("files", (name, data, "application/octet-stream"))], headers=csrf(c))
    assert batch.status_code == 200, batch.text
    c.app.state.uploads.join()  # type: ignore[attr-defined]
    return c.get(f"/api/batches/{batch.json()['id']}").json()


def stored_id(c: TestClient, name: str = "001.txt", data: bytes | None = None) -> int:
    status = upload(c, name, data or seed_bytes())["files"][0]
    assert status["status"] in ("new", "duplicate", "updated"), status
    return status["report_id"]


def assert_error_shape(response: Any, status: int | None = None) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"status", "code", "message", "details"}, body
    ErrorBody.model_validate(body)
    assert body["error"]["status"] == response.status_code
    assert body["error"]["message"]
    if status is not None:
        assert response.status_code == status, body
    return body["error"]


# -- upload -----------------------------------------------------------------------------------------------


def test_upload_new_then_duplicate_then_updated(client: TestClient) -> None:
    first = upload(client, "001.txt", seed_bytes())
    assert first["done"] and first["counts"]["new"] == 1
    assert first["files"][0]["agency"] == AGENCY and first["files"][0]["year"] == 2020
    again = upload(client, "copy.txt", seed_bytes())
    assert again["files"][0]["status"] == "duplicate"
    assert again["files"][0]["report_id"] == first["files"][0]["report_id"]
    newer = seed_bytes().replace("严格".encode(), "认真".encode(), 1)
    assert newer != seed_bytes()
    assert upload(client, "001-v2.txt", newer)["files"][0]["status"] == "updated"


def test_batch_with_several_files_reports_each(client: TestClient) -> None:
    files = [("files", ("a.txt", seed_bytes(), "text/plain")), ("files", ("b.txt", b"", "text/plain"))]
    batch = client.post("/api/batches", files=files, headers=csrf(client)).json()
    more = client.post(f"/api/batches/{batch['id']}/files", files=[("files", ("c.txt", earlier_year(), "text/plain"))], headers=csrf(client))
    assert more.status_code == 200 and more.json()[0]["id"] == 3
    client.app.state.uploads.join()  # type: ignore[attr-defined]
    done = client.get(f"/api/batches/{batch['id']}").json()
    assert [f["status"] for f in done["files"]] == ["new", "failed", "new"]
    assert done["counts"] == {"queued": 0, "processing": 0, "new": 2, "duplicate": 0, "updated": 0, "failed": 1}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "空文件"),
        (b"   \n\t ", "空文件"),
        (bytes(range(256)) * 40, "二进制"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "图片"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 20, "PDF 文件损坏或不完整"),
        (docx_bytes("关于做好防汛工作的通知")[:-100], "Word 文档损坏或不完整"),
        ("关于做好防汛工作的通知。各单位要加强值班值守。\n".encode() * 20, "未找到年度报告的表格或年度"),
    ],
    ids=["empty", "blank", "binary", "image", "cut-pdf", "cut-docx", "not-a-report"],
)
def test_bad_uploads_fail_with_a_reason_and_are_not_stored(client: TestClient, tmp_path: Path, data: bytes, reason: str) -> None:
    status = upload(client, "bad.txt", data)["files"][0]
    assert status["status"] == "failed" and reason in status["reason"], status
    assert client.get("/api/reports").json()["count"] == 0
    assert not any((tmp_path / "spool").iterdir())


def test_oversized_upload_is_refused_before_parsing(tmp_path: Path) -> None:
    app, store = make_app(tmp_path, max_upload_bytes=1024)
    with TestClient(app) as c:
        c.get("/api/csrf")
        response = c.post("/api/batches", files=[("files", ("big.txt", b"x" * 200_000, "text/plain"))], headers=csrf(c))
        assert_error_shape(response, 413)
        assert "MB" in response.json()["error"]["message"]
        chunked = c.post("/api/batches", content=iter([b"x" * 100_000] * 3), headers={**csrf(c), "content-type": "multipart/form-data; boundary=x"})
        assert_error_shape(chunked, 413)
    store.close()


@pytest.mark.parametrize("name", ["../../../etc/passwd.txt", "..\\..\\windows\\report.txt", "/abs/path/report.txt", "..", "a\x00b\nc.txt"])
def test_uploaded_names_are_labels_never_paths(client: TestClient, tmp_path: Path, name: str) -> None:
    status = upload(client, name, seed_bytes())["files"][0]
    assert "/" not in status["name"] and "\\" not in status["name"] and status["name"] not in ("", ".", "..")
    assert not (tmp_path.parent / "etc").exists() and not (tmp_path / "etc").exists()
    assert all(len(p.name) == 64 for p in (tmp_path / "spool").iterdir())
    report = client.get(f"/api/reports/{status['report_id']}").json()
    assert report["info"]["path"] == safe_name(status["name"]) or status["status"] == "duplicate"


def test_safe_name() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\x\\年报.docx") == "年报.docx"
    assert safe_name("..") == safe_name("") == safe_name(None) == "upload"
    assert safe_name("a\x00b\r\n.txt") == "ab.txt"
    assert len(safe_name("x" * 1000)) == 200


def test_unknown_batch_is_404(client: TestClient) -> None:
    assert_error_shape(client.get("/api/batches/nope"), 404)
    assert_error_shape(client.post("/api/batches/nope/files", files=[("files", ("a.txt", b"x", "text/plain"))], headers=csrf(client)), 404)


# -- reports, corrections, compare, jurisdiction ---------------------------------------------------------


def test_report_detail_has_cells_provenance_and_findings(client: TestClient) -> None:
    rid = stored_id(client)
    body = client.get(f"/api/reports/{rid}").json()
    assert body["info"]["agency"] == AGENCY and body["info"]["infos"] >= 0
    report = body["report"]
    assert report["schema"] == "zfxxgk.report/1"
    assert report["cells"]["requests.new.natural"] == 48
    assert report["provenance"]["requests.new.natural"]["line"] == 111
    original = client.get(f"/api/reports/{rid}/original")
    assert original.content == seed_bytes()
    assert "attachment" in original.headers["content-disposition"]


def test_pdf_originals_are_shown_as_page_images(client: TestClient) -> None:
    pdf = require(CORPUS / "pdf" / PDF_NAME)
    rid = stored_id(client, PDF_NAME, pdf.read_bytes())
    page = client.get(f"/reports/{rid}").text
    assert page.count('class="page"') >= 3 and 'data-cell="requests.new.total"' in page
    image = client.get(f"/reports/{rid}/pages/3.png")
    assert image.headers["content-type"] == "image/png" and image.content.startswith(b"\x89PNG")
    assert "immutable" in image.headers["cache-control"]
    assert client.get(f"/reports/{rid}/pages/999.png").status_code == 404
    text_id = stored_id(client)
    assert client.get(f"/reports/{text_id}/pages/1.png").status_code == 404


def test_correction_adds_then_clears_findings(client: TestClient) -> None:
    rid = stored_id(client)
    rules = lambda body: {f["rule"] for f in body["report"]["findings"] if f["severity"] == "error"}
    wrong = client.post(f"/api/reports/{rid}/corrections", json={"cell": "requests.new.natural", "value": 47, "reason": "测试"}, headers=csrf(client))
    assert wrong.status_code == 200, wrong.text
    assert {"requests.balance", "requests.row_sum"} <= rules(wrong.json())
    assert wrong.json()["info"]["errors"] >= 2 and wrong.json()["info"]["corrections"] == 1
    right = client.post(f"/api/reports/{rid}/corrections", json={"cell": "requests.new.natural", "value": "48", "reason": "恢复"}, headers=csrf(client))
    assert rules(right.json()) == set()
    assert [c["value"] for c in right.json()["corrections"]] == [47, 48]


def test_bad_corrections_are_refused(client: TestClient) -> None:
    rid = stored_id(client)
    post = lambda body: client.post(f"/api/reports/{rid}/corrections", json=body, headers=csrf(client))
    assert_error_shape(post({"cell": "requests.new.natural", "value": "abc", "reason": "x"}), 400)
    assert_error_shape(post({"cell": "no.such.cell", "value": 1, "reason": "x"}), 400)
    assert_error_shape(post({"cell": "requests.new.natural", "value": 1, "reason": ""}), 422)
    assert_error_shape(client.post("/api/reports/999/corrections", json={"cell": "a", "value": 1, "reason": "x"}, headers=csrf(client)), 404)


def test_list_filters_and_downloads(client: TestClient) -> None:
    stored_id(client)
    stored_id(client, "2019.txt", earlier_year())
    assert client.get("/api/reports").json()["count"] == 2
    assert [r["year"] for r in client.get("/api/reports", params={"year": 2019}).json()["items"]] == [2019]
    assert client.get("/api/reports", params={"agency": "栖霞"}).json()["count"] == 2
    assert client.get("/api/reports", params={"agency": "海盐"}).json()["count"] == 0
    assert client.get("/api/reports", params={"template": "2021"}).json()["count"] == 0
    errors_first = client.get("/api/reports", params={"sort": "errors"}).json()["items"]
    assert errors_first[0]["errors"] >= errors_first[-1]["errors"]
    with_errors = client.get("/api/reports", params={"has_errors": "true"}).json()["items"]
    assert all(r["errors"] > 0 for r in with_errors)
    assert_error_shape(client.get("/api/reports", params={"year": "20x0"}), 422)
    assert_error_shape(client.get("/api/reports", params={"sort": "nope"}), 422)

    rows = list(csv.reader(io.StringIO(client.get("/reports.csv", params={"year": 2020}).content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["编号", "机关", "年度"] and len(rows) == 2 and rows[1][2] == "2020"
    sheet = load_workbook(io.BytesIO(client.get("/api/reports.xlsx").content)).active
    assert sheet.max_row == 3 and sheet.cell(1, 2).value == "机关"


def test_the_list_page_comes_in_pages(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports_page, "PAGE_SIZE", 1)
    stored_id(client)
    stored_id(client, "2019.txt", earlier_year())
    rows = re.compile(r'<a href="/reports/(\d+)">')
    first, second = client.get("/reports?sort=year"), client.get("/reports?sort=year&page=2")
    assert "共 2 份报告，第 1/2 页" in first.text and "第 2/2 页" in second.text
    assert len(rows.findall(first.text)) == len(rows.findall(second.text)) == 1
    assert rows.findall(first.text) != rows.findall(second.text)
    assert 'href="/reports?sort=year&page=2" rel="next"' in first.text and 'rel="prev"' in second.text
    filtered = client.get("/reports", params={"agency": "栖霞", "page": 2})
    assert "共 2 份报告，第 2/2 页" in filtered.text and len(rows.findall(filtered.text)) == 1
    assert client.get("/reports?page=3").status_code == 200 and "rel=\"next\"" not in client.get("/reports?page=2").text
    assert client.get("/reports?page=0").status_code == 422
    assert client.get("/api/reports").json()["count"] == 2  # the API and the downloads are not paged


def test_compare_two_years(client: TestClient) -> None:
    stored_id(client)
    stored_id(client, "2019.txt", earlier_year())
    body = client.get("/api/compare", params={"agency": AGENCY, "year_a": 2019, "year_b": 2020}).json()
    changes = {c["cell"]: c for c in body["cells"] if c["change"]}
    assert changes["requests.new.natural"]["a"] == 50 and changes["requests.new.natural"]["change"] == -2
    assert "year.carry_over" in {f["rule"] for f in body["findings"]}
    assert_error_shape(client.get("/api/compare", params={"agency": AGENCY, "year_a": 2015, "year_b": 2020}), 404)
    agencies = client.get("/api/agencies").json()
    assert agencies[0]["name"] == AGENCY and agencies[0]["years"] == [2019, 2020]


def test_jurisdiction_totals_charts_and_missing(client: TestClient) -> None:
    stored_id(client)
    stored_id(client, "2019.txt", earlier_year())
    body = client.get("/api/jurisdiction", params={"year": 2020, "agency": [AGENCY, "不存在的机关"]}).json()
    assert body["missing"] == ["不存在的机关"] and len(body["included"]) == 1
    assert body["totals"]["requests.new.total"] == 52
    assert sum(d["value"] for d in body["charts"]["applicants"]) == 52
    assert body["charts"]["trend"]["years"] == [2019, 2020]
    assert body["charts"]["trend"]["series"][0]["data"] == [54, 52]
    posted = client.post("/api/jurisdiction", json={"year": 2020, "prefix": "栖霞区"}, headers=csrf(client)).json()
    assert posted["totals"] == body["totals"] and posted["missing"] == []


# -- security -------------------------------------------------------------------------------------------


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _routes(route.original_router.routes)


def unsafe_routes() -> list[tuple[str, str]]:
    found = {(m, r.path) for page in PAGES for r in _routes(page.router.routes) for m in r.methods if m in {"POST", "PUT", "PATCH", "DELETE"}}
    return sorted(found)


def _concrete(path: str) -> str:
    return path.replace("{report_id}", "1").replace("{batch_id}", "x").replace("{kind}", "csv")


@pytest.mark.parametrize(("method", "path"), unsafe_routes())
def test_every_unsafe_route_requires_the_csrf_token(client: TestClient, method: str, path: str) -> None:
    url = _concrete(path)
    for headers in ({}, {"X-CSRF-Token": "forged"}):
        response = client.request(method, url, headers=headers, data={"csrf_token": "forged"})
        assert response.status_code == 403, (method, url, response.text)
        if url.startswith("/api/"):
            assert "CSRF" in assert_error_shape(response, 403)["message"]


def test_csrf_form_field_is_accepted(client: TestClient) -> None:
    rid = stored_id(client)
    form = {"cell": "requests.new.natural", "value": "47", "reason": "表单", "csrf_token": client.cookies[CSRF_COOKIE]}
    response = client.post(f"/reports/{rid}/corrections", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert client.get(f"/api/reports/{rid}").json()["report"]["cells"]["requests.new.natural"] == 47


def test_correction_form_shows_why_it_was_not_saved(client: TestClient) -> None:
    rid = stored_id(client)
    form = {"cell": "requests.new.natural", "value": "四十七", "reason": "表单", "csrf_token": client.cookies[CSRF_COOKIE]}
    fragment = client.post(f"/reports/{rid}/corrections", data=form, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and fragment.text.lstrip().startswith('<section id="report-main"')
    assert "更正未保存：不是数字：“四十七”" in fragment.text
    assert client.get(f"/api/reports/{rid}").json()["corrections"] == []


def test_token_is_required_everywhere_when_set(tmp_path: Path) -> None:
    app, store = make_app(tmp_path, token=TOKEN)
    with TestClient(app) as c:
        assert_error_shape(c.get("/api/reports"), 401)
        assert_error_shape(c.get("/openapi.json"), 401)
        assert_error_shape(c.post("/api/batches"), 401)
        page = c.get("/reports/1", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Freports%2F1"
        assert c.get("/api/reports", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/reports", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert c.get("/api/reports", headers={"X-Zfxxgk-Token": TOKEN}).status_code == 200
        # A token header is no cookie a browser sends by itself: no CSRF token needed.
        made = c.post("/api/batches", headers={"Authorization": f"Bearer {TOKEN}"})
        assert made.status_code == 200, made.text
    store.close()


def test_the_publics_pages_stay_open_behind_a_token(tmp_path: Path) -> None:
    app, store = make_app(tmp_path, token=TOKEN)
    with TestClient(app) as c:
        for path in ("/apply", "/apply/status", "/catalogue", "/static/app.css"):
            assert c.get(path, follow_redirects=False).status_code == 200, path
        assert c.get("/applyx", follow_redirects=False).status_code == 303
    store.close()


def test_login_sets_the_token_cookie(tmp_path: Path) -> None:
    app, store = make_app(tmp_path, token=TOKEN)
    with TestClient(app) as c:
        assert c.get("/login").status_code == 200
        form = {"csrf_token": c.cookies[CSRF_COOKIE], "next": "//evil.example/x"}
        assert c.post("/login", data=form | {"token": "wrong"}).status_code == 401
        ok = c.post("/login", data=form | {"token": TOKEN}, follow_redirects=False)
        assert ok.status_code == 303 and ok.headers["location"] == "/"
        assert c.get("/api/reports").status_code == 200
        # Authenticated by cookie, a POST still needs the CSRF token.
        assert_error_shape(c.post("/api/batches"), 403)
        assert c.post("/api/batches", headers=csrf(c)).status_code == 200
    store.close()


def test_token_in_the_url_becomes_a_cookie(tmp_path: Path) -> None:
    app, store = make_app(tmp_path, token=TOKEN)
    with TestClient(app) as c:
        first = c.get(f"/reports?year=2020&token={TOKEN}", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/reports?year=2020"
        assert c.get("/reports?year=2020").status_code == 200
    store.close()


def test_serve_command_guards_other_hosts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    import zfxxgk.web
    from zfxxgk.cli import app

    started: list[tuple[Any, str, int]] = []
    monkeypatch.setattr(zfxxgk.web, "serve", lambda web, host, port, proxy_headers=False: started.append((web, host, port)))
    db = str(tmp_path / "cli.db")
    local = CliRunner().invoke(app, ["serve", "--db", db, "--port", "8123"])
    assert local.exit_code == 0, local.output
    assert started[-1][0].state.settings.token is None and started[-1][1:] == ("127.0.0.1", 8123)
    shared = CliRunner().invoke(app, ["serve", "--db", db, "--host", "0.0.0.0"])
    assert shared.exit_code == 0 and "token" in shared.output
    assert started[-1][0].state.settings.token


def test_safe_next() -> None:
    assert safe_next("/reports/1?x=2") == "/reports/1?x=2"
    for bad in ("//evil.example", "https://evil.example", "\\\\evil", "", None, "/\\evil"):
        assert safe_next(bad) == "/"


def test_pages_are_hardened(client: TestClient) -> None:
    headers = client.get("/reports").headers
    assert "script-src 'self';" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    cookie = TestClient(client.app).get("/reports").headers["set-cookie"]
    assert cookie.startswith(CSRF_COOKIE) and "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_pages_load_nothing_from_other_sites(client: TestClient) -> None:
    """The machines may be offline: every script, style and image is served by the app itself."""
    rid = stored_id(client)
    for path in ("/upload", "/reports", f"/reports/{rid}", "/compare", "/jurisdiction", "/docs"):
        html = client.get(path).text
        sources = re.findall(r"""(?<![\w-])(?:src|href)=["']([^"']+)|url\(["']?([^"')]+)""", html)
        sources = [a or b for a, b in sources]
        assert sources and all(s.startswith(("/", "#", "?")) for s in sources), (path, sources)
        for local in (s for s in sources if s.startswith("/static/")):
            assert client.get(local).status_code == 200, local


def test_one_error_shape_for_the_whole_api(tmp_path: Path) -> None:
    """Every operation in the OpenAPI document, sent something wrong, answers with the same error shape."""
    app, store = make_app(tmp_path, max_upload_bytes=1024)
    with TestClient(app, raise_server_exceptions=False) as c:
        c.get("/api/csrf")
        operations = [(m.upper(), p) for p, ops in c.get("/openapi.json").json()["paths"].items() for m in ops]
        assert len(operations) >= 12
        responses = []
        for method, path in operations:
            url = path.replace("{report_id}", "999999").replace("{batch_id}", "missing").replace("{kind}", "pdf")
            responses.append(c.request(method, url))  # no CSRF token, unknown ids, missing parameters
            responses.append(c.request(method, url, headers=csrf(c), params={"year": "bad"}, content=b"{", files=None))
        responses.append(c.delete("/api/reports"))  # method not allowed
        responses.append(c.get("/api/no/such/thing"))
        responses.append(c.post("/api/batches", content=b"x" * 100_000, headers={**csrf(c), "content-type": "text/plain"}))

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("boom")

        store.list_reports = broken  # type: ignore[method-assign]
        responses.append(c.get("/api/reports"))
        errors = [r for r in responses if r.status_code >= 400]
        assert {r.status_code for r in errors} >= {403, 404, 405, 413, 422, 500}
        for response in errors:
            assert response.headers["content-type"].startswith("application/json"), (response.request.url, response.text[:200])
            assert_error_shape(response)
    store.close()


# -- layout ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("template_id", template_ids())
def test_official_layout_places_every_cell_once(template_id: str) -> None:
    slots = [s.cell for g in grids(template_id) for line in g.lines for s in line if isinstance(s, Slot)]
    assert sorted(slots) == sorted(load(template_id).cells)


@pytest.mark.parametrize("template_id", template_ids())
def test_official_layout_rows_are_rectangular(template_id: str) -> None:
    """Counting rowspans and colspans, every line of every table is equally wide (as a browser lays it out)."""
    for g in grids(template_id):
        covered: dict[tuple[int, int], bool] = {}
        widths = []
        for r, line in enumerate(g.lines):
            col = 0
            for item in line:
                while covered.get((r, col)):
                    col += 1
                rowspan = item.rowspan if isinstance(item, Label) else 1
                for dr in range(rowspan):
                    for dc in range(item.colspan):
                        covered[(r + dr, col + dc)] = True
                col += item.colspan
            widths.append(max(c for (row, c) in covered if row == r) + 1)
        assert len(set(widths)) == 1, (g.table, widths)


def test_requests_table_has_the_printed_nesting() -> None:
    requests = next(g for g in grids("2021") if g.table == "requests")
    labels = {item.text: item for line in requests.lines for item in line if isinstance(item, Label)}
    assert labels["三、本年度办理结果"].rowspan == 22
    assert labels["（三）不予公开"].rowspan == 8
    assert labels["法人或其他组织"].colspan == 5
    appeals = next(g for g in grids("2021") if g.table == "appeals")
    assert len(appeals.lines[-1]) == 15
    assert [item.text for item in appeals.lines[0]] == ["行政复议", "行政诉讼"]


def test_pdf_pages_render_safely_from_many_threads() -> None:
    """PDFium crashes the process when two threads call it at once; the browser asks for every page together."""
    import subprocess
    import sys
    import textwrap

    pdf = require(CORPUS / "pdf" / PDF_NAME)
    script = textwrap.dedent(
        f"""
        from concurrent.futures import ThreadPoolExecutor
        from zfxxgk.web.original import page_png, page_sizes
        data = open({str(pdf)!r}, "rb").read()
        pages = len(page_sizes(data))
        jobs = [1 + i % pages for i in range(24)]
        with ThreadPoolExecutor(8) as pool:
            images = list(pool.map(lambda p: page_png(data, p), jobs))
            sizes = list(pool.map(lambda _: len(page_sizes(data)), range(24)))
        assert all(i.startswith(b"\\x89PNG") for i in images) and set(sizes) == {{pages}}
        print("ok", pages)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("ok")


def test_reasons_of_unreadable_files_are_shown_in_chinese() -> None:
    import zipfile

    from zfxxgk.errors import ExtractError, ReadError
    from zfxxgk.pipeline import parse_bytes
    from zfxxgk.reasons import in_chinese

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "x")
    inputs = [b"", bytes(range(256)) * 40, archive.getvalue(), b"%PDF-1.7\n" + bytes(range(256)) * 20,
              docx_bytes("通知")[:-100], b"x" * (6 * 1024 * 1024), "一份通知。\n".encode() * 30]
    reasons = []
    for data in inputs:
        with pytest.raises((ReadError, ExtractError)) as caught:
            parse_bytes(data, "bad")
        reasons.append(caught.value.reason)
    assert len(set(reasons)) == len(inputs)
    translated = [in_chinese(r) for r in reasons]
    assert not [r for r, t in zip(reasons, translated) if t is None or t.startswith("无法处理") or re.search("[a-z]{4}", t.split("（")[0])]
    assert in_chinese("something new went wrong") == "无法处理：something new went wrong"
    assert in_chinese("the report's agency and year could not be read, so it cannot be filed") == "无法读出报告的机关名称和年度，因此无法归档"
