"""Attacks on the web app and the desk, one test per defence (SECURITY.md lists them).

Every probe goes to the app in-process (TestClient) or on 127.0.0.1 (BackgroundServer), bounded in
count and time. Nothing here measures time: where the point is that one request does not wait for
another, the test proves it by the order in which things happen.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from desk_support import PASSWORD, application, staffed_database
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zfxxgk.desk import Desk, PermissionDenied
from zfxxgk.desk.inbox import SubmissionRow
from zfxxgk.desk.schema import AuditRow
from zfxxgk.read.sheetlimits import MAX_ROWS, SheetTooLarge, sheet_rows
from zfxxgk.read.workbook import read_workbook
from zfxxgk.store import Store
from zfxxgk.web import BackgroundServer, WebSettings, create_app

WAIT = 30  # seconds: the bound on any one wait, never an assertion about speed


@pytest.fixture
def staffed(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    template, _office = staffed_database(tmp_path_factory)
    path = tmp_path / "web.db"
    path.write_bytes(template.read_bytes())
    store = Store.open(str(path))
    yield store, tmp_path
    store.close()


def desk_app(staffed: tuple[Store, Path], **settings: object):  # type: ignore[no-untyped-def]
    store, folder = staffed
    return create_app(store, WebSettings(spool_dir=folder / "spool", **settings))  # type: ignore[arg-type]


def client_of(app: object, base_url: str = "http://127.0.0.1") -> tuple[TestClient, str]:
    client = TestClient(app, base_url=base_url)  # type: ignore[arg-type]
    client.get("/apply")
    return client, client.cookies["zfxxgk_csrf"]


def sign_in(client: TestClient, csrf: str, name: str = "孙办事", password: str = PASSWORD) -> httpx.Response:
    return client.post("/desk/login", data={"csrf_token": csrf, "name": name, "password": password}, follow_redirects=False)


# -- 1. spreadsheets: caps, the declared dimension, the event loop --------------------------------------------


def lying_workbook(last_row: int, last_column: int = 1, declared: str = "A1:XFD20000") -> bytes:
    """A tiny workbook with a header, one cell at (last_row, last_column), and a `<dimension>` that lies."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "年度"
    sheet.cell(last_row, last_column, "x")
    out = io.BytesIO()
    book.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{declared}"'.encode(), data)
            target.writestr(item, data)
    return patched.getvalue()


def test_a_declared_dimension_is_not_trusted() -> None:
    rows = sheet_rows(lying_workbook(MAX_ROWS), first_only=True)[0]
    assert len(rows) == MAX_ROWS
    assert max(len(r) for r in rows) == 1, "rows are padded to the declared XFD"


@pytest.mark.parametrize(("row", "column"), [(MAX_ROWS + 1, 1), (2, 16384)], ids=["rows", "columns"])
def test_oversized_sheets_are_refused(row: int, column: int, tmp_path: Path) -> None:
    data = lying_workbook(row, column)
    with pytest.raises(SheetTooLarge):
        sheet_rows(data)
    with pytest.raises(SheetTooLarge):
        read_workbook(tmp_path / "filled.xlsx", data)


def test_register_import_refuses_an_oversized_sheet(staffed: tuple[Store, Path]) -> None:
    client, csrf = client_of(desk_app(staffed))
    assert sign_in(client, csrf).status_code == 303
    files = {"sheet": ("figures.xlsx", lying_workbook(MAX_ROWS + 5), "application/octet-stream")}
    answer = client.post("/desk/registers/import", data={"csrf_token": csrf, "what": "figures"}, files=files)
    assert answer.status_code == 400 and "表格过大" in answer.text


def test_the_public_form_answers_while_an_import_runs(staffed: tuple[Store, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The import is held inside the desk until /apply has answered: on the event loop, /apply would wait
    for it forever (here: until the client's bound), so the order below could not happen."""
    app = desk_app(staffed)
    desk = Desk(staffed[0].engine)
    app.state.desk = desk
    entered, release, order = threading.Event(), threading.Event(), []

    def held_import(actor: object, path: Path) -> int:
        entered.set()
        release.wait(WAIT)
        order.append("import done")
        return 0

    monkeypatch.setattr(desk, "import_figures", held_import)
    with BackgroundServer(app) as server, httpx.Client(base_url=server.url, timeout=WAIT / 3) as client:
        client.get("/apply")
        csrf = client.cookies["zfxxgk_csrf"]
        client.post("/desk/login", data={"csrf_token": csrf, "name": "孙办事", "password": PASSWORD})
        files = {"sheet": ("figures.xlsx", lying_workbook(3), "application/octet-stream")}
        importing = threading.Thread(
            target=lambda: order.append(client.post("/desk/registers/import", data={"csrf_token": csrf, "what": "figures"}, files=files).status_code)
        )
        importing.start()
        assert entered.wait(WAIT)
        try:
            order.append(httpx.get(f"{server.url}/apply", timeout=WAIT / 3).status_code)
        finally:
            release.set()
            importing.join(WAIT)
    assert order == [200, "import done", 303]


# -- 5. DNS rebinding ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/csrf", "/reports", "/apply"])
def test_a_foreign_host_name_is_refused_without_a_token(staffed: tuple[Store, Path], path: str) -> None:
    app = desk_app(staffed)
    rebound = TestClient(app, base_url="http://rebind.attacker.example")
    assert rebound.get(path).status_code == 400
    assert "zfxxgk_csrf" not in rebound.cookies
    for name in ("127.0.0.1", "localhost"):
        assert TestClient(app, base_url=f"http://{name}:8000").get(path).status_code == 200


def test_a_shared_server_answers_only_its_configured_names(staffed: tuple[Store, Path]) -> None:
    from zfxxgk.cli.serve import _hosts

    hosts = _hosts("0.0.0.0", ["zfxxgk.example.gov.cn"])
    app = desk_app(staffed, token="t" * 20, allowed_hosts=hosts)
    headers = {"Authorization": "Bearer " + "t" * 20}
    assert TestClient(app, base_url="http://zfxxgk.example.gov.cn").get("/api/csrf", headers=headers).status_code == 200
    assert TestClient(app, base_url="http://rebind.attacker.example").get("/api/csrf", headers=headers).status_code == 400
    assert "0.0.0.0" not in hosts and "192.0.2.7" in _hosts("192.0.2.7", [])


# -- 11. ids out of range ----------------------------------------------------------------------------------------

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        f"/catalogue?agency={HUGE}", f"/reports/{HUGE}", f"/api/reports/{HUGE}", f"/api/reports/{HUGE}/original",
        f"/reports/1/pages/{HUGE}.png", f"/desk/cases/{HUGE}", f"/desk/audit?agency={HUGE}", f"/desk?agency={HUGE}",
        f"/desk/registers?agency={HUGE}", "/desk/cases/-1", "/api/reports/0", f"/watch/history/{HUGE}",
    ],
)
def test_ids_out_of_range_are_refused_in_the_one_shape(staffed: tuple[Store, Path], path: str) -> None:
    client, csrf = client_of(desk_app(staffed))
    sign_in(client, csrf, "钱监督")
    answer = client.get(path)
    assert answer.status_code in (404, 422), answer.text[:300]
    if path.startswith("/api/"):
        body = answer.json()["error"]
        assert body["status"] == answer.status_code and body["code"] in ("not_found", "invalid")
    else:
        assert "<html" in answer.text and "Traceback" not in answer.text


def test_huge_ids_in_forms_are_refused(staffed: tuple[Store, Path]) -> None:
    client, csrf = client_of(desk_app(staffed))
    form = {"csrf_token": csrf, "agency": HUGE, "kind": "natural", "name": "李四", "description": "某文件", "id_number": "1"}
    assert client.post("/apply", data=form).status_code == 422
    sign_in(client, csrf)
    step = {"csrf_token": csrf, "kind": "review", "filed": "2025-03-03", "review": HUGE}
    assert client.post(f"/desk/cases/{HUGE}/appeal", data=step).status_code == 422
    fix = {"csrf_token": csrf, "field": "received_on", "value": "2025-03-03", "reason": "误录"}
    assert client.post(f"/desk/cases/{HUGE}/correct", data=fix).status_code == 422
    assert client.post(f"/desk/cases/{HUGE}/merge", data={"csrf_token": csrf, "into": "2025-0001"}).status_code == 422
    assert client.post(f"/desk/cases/{HUGE}/receipt", data={"csrf_token": csrf, "code": "x"}).status_code == 422


# -- 9 and 10. secrets in logs, redirects, CR/LF ----------------------------------------------------------------

TOKEN = "s3cret-token-for-tests"


def raw_request(url: str, target: str) -> tuple[int, dict[str, str]]:
    """One GET with the request target sent exactly as given (no client normalises it); status and headers."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=WAIT) as conn:
        conn.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in head[1:])
    return int(head[0].split()[1]), {k.lower(): v for k, v in headers.items()}


class Logs(logging.Handler):
    """Every record uvicorn writes, the access log included; `watch()` once the server is configured
    (uvicorn's logging set-up replaces the handlers of its loggers)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.watched = [logging.getLogger(n) for n in ("uvicorn.error", "uvicorn.access")]
        self.levels = [w.level for w in self.watched]

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def watch(self) -> None:
        for w in self.watched:
            w.addHandler(self)
            w.setLevel(logging.INFO)

    def close(self) -> None:
        for w, level in zip(self.watched, self.levels):
            w.removeHandler(self)
            w.setLevel(level)
        super().close()


@pytest.fixture
def logs() -> Iterator[Logs]:
    kept = Logs()
    yield kept
    kept.close()


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "/%2F%2Fevil.example", "///evil.example/x", "/%5Cevil.example", "/%09/evil.example", "/a%0D%0ASet-Cookie:%20x=1"]
)
def test_no_redirect_leaves_the_origin_and_no_bad_request_logs_a_traceback(
    staffed: tuple[Store, Path], logs: Logs, target: str
) -> None:
    app = desk_app(staffed, token=TOKEN)
    with BackgroundServer(app) as server:
        logs.watch()
        status, headers = raw_request(server.url, f"{target}?token={TOKEN}&year=2020")
    assert status == 303
    location = headers["location"]
    assert location.startswith("/") and not location.startswith("//") and "evil" not in location
    assert "\r" not in location and "\n" not in location and "set-cookie: x" not in str(headers).lower()
    messages = [r.getMessage() for r in logs.records]
    assert not [r for r in logs.records if r.exc_info or r.levelno >= logging.ERROR], messages
    assert messages and all(TOKEN not in m for m in messages), messages


def test_the_access_log_never_shows_the_token(staffed: tuple[Store, Path], logs: Logs) -> None:
    app = desk_app(staffed, token=TOKEN)
    with BackgroundServer(app) as server:
        logs.watch()
        httpx.get(f"{server.url}/reports?token={TOKEN}&year=2020", timeout=WAIT, follow_redirects=False)
        httpx.get(f"{server.url}/api/reports?year=2020&token={TOKEN}", timeout=WAIT)
    access = [r.getMessage() for r in logs.records if r.name == "uvicorn.access"]
    assert len(access) == 2 and all("token=***" in line for line in access), access
    assert all(TOKEN not in line for line in access)


# -- 6, 7, 8, 9, 13. sign-in, sessions, who is recorded, cookies, the audit log ---------------------------------


def audit_actions(store: Store) -> list[tuple[str, str]]:
    with Session(store.engine) as session:
        return [(row.actor, row.action) for row in session.scalars(select(AuditRow).order_by(AuditRow.id))]


def test_desk_sign_in_locks_out_after_repeated_failures_and_audits_them(staffed: tuple[Store, Path]) -> None:
    client, csrf = client_of(desk_app(staffed))
    answers = [sign_in(client, csrf, password="wrong").status_code for _ in range(5)]
    assert answers == [401] * 5
    assert sign_in(client, csrf).status_code == 429, "the right password still opened a locked account"
    other = sign_in(client, csrf, "李承办")
    assert other.status_code == 303, "one name's lock-out locks nobody else"
    actions = audit_actions(staffed[0])
    assert actions.count(("孙办事", "login.failed")) == 5 and ("孙办事", "login.locked") in actions and ("李承办", "login") in actions


def test_one_client_cannot_try_many_names(staffed: tuple[Store, Path]) -> None:
    client, csrf = client_of(desk_app(staffed))
    for n in range(20):
        assert sign_in(client, csrf, f"无此人{n}", "x").status_code == 401
    assert sign_in(client, csrf).status_code == 429


def test_unknown_and_known_names_cost_the_same_hash(monkeypatch: pytest.MonkeyPatch, staffed: tuple[Store, Path]) -> None:
    """Counted, not timed: a wrong password and an unknown name each compute exactly one scrypt hash."""
    from zfxxgk.desk import users

    calls: list[str] = []
    real = users.hash_password
    monkeypatch.setattr(users, "hash_password", lambda password, salt=None: calls.append(password) or real(password, salt))
    desk = Desk(staffed[0].engine)
    assert desk.authenticate("孙办事", "wrong") is None
    assert desk.authenticate("无此人", "wrong") is None
    assert calls == ["wrong", "wrong"]


def test_sign_out_ends_the_session_for_a_copied_cookie(staffed: tuple[Store, Path]) -> None:
    app = desk_app(staffed)
    client, csrf = client_of(app)
    planted = "planted-before-sign-in"
    client.cookies.set("zfxxgk_desk", planted, domain="127.0.0.1", path="/")
    assert sign_in(client, csrf).status_code == 303
    copied = client.cookies["zfxxgk_desk"]
    assert copied != planted and len(copied) >= 40, "the session value is rotated at sign-in"
    thief, _ = client_of(app)
    thief.cookies.set("zfxxgk_desk", copied)
    assert thief.get("/desk", follow_redirects=False).status_code == 200
    client.post("/desk/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert thief.get("/desk/cases/1?reveal=true", follow_redirects=False).status_code == 303
    assert ("孙办事", "logout") in audit_actions(staffed[0])


def test_sessions_end_after_idle_time_and_survive_a_restart(staffed: tuple[Store, Path]) -> None:
    from zfxxgk.web import sessions
    from zfxxgk.web.tables import SessionRow

    client, csrf = client_of(desk_app(staffed))
    sign_in(client, csrf)
    value = client.cookies["zfxxgk_desk"]
    restarted, _ = client_of(desk_app(staffed))  # a new app on the same database: nothing kept in memory
    restarted.cookies.set("zfxxgk_desk", value)
    assert restarted.get("/desk", follow_redirects=False).status_code == 200
    with Session(staffed[0].engine) as session, session.begin():
        for row in session.scalars(select(SessionRow)):
            row.seen_at = row.seen_at - sessions.IDLE - timedelta(minutes=1)
    assert restarted.get("/desk", follow_redirects=False).status_code == 303


def test_the_author_of_a_correction_is_who_signed_in(staffed: tuple[Store, Path]) -> None:
    from web_support import seed_bytes

    from zfxxgk.web import add_reviewer

    store = staffed[0]
    add_reviewer(store.engine, "王芳", "pw-wangfang")
    report_id = store.ingest_bytes(seed_bytes(), "001.txt").report_id
    app = desk_app(staffed, token=TOKEN)
    client, csrf = client_of(app)
    signed = client.post("/login", data={"csrf_token": csrf, "name": "王芳", "password": "pw-wangfang"}, follow_redirects=False)
    assert signed.status_code == 303
    assert TOKEN not in str(client.cookies.jar) and client.cookies["zfxxgk_session"] != TOKEN
    body = {"cell": "requests.new.natural", "value": 3, "reason": "按原件更正", "author": "审核员李四"}
    fixed = client.post(f"/api/reports/{report_id}/corrections", json=body, headers={"X-CSRF-Token": csrf})
    assert fixed.status_code == 200, fixed.text
    by_script = TestClient(app, base_url="http://127.0.0.1").post(
        f"/api/reports/{report_id}/corrections", json=body | {"value": 4}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert by_script.status_code == 200
    authors = [c["author"] for c in by_script.json()["corrections"]]
    assert sorted(authors) == sorted(["王芳", "令牌"]), authors
    assert ("王芳", "login") in audit_actions(store)


def test_cookies_are_secure_over_https_and_static_files_need_the_token(staffed: tuple[Store, Path]) -> None:
    app = desk_app(staffed, token=TOKEN)
    over_https = TestClient(app, base_url="https://127.0.0.1")
    cookie = over_https.get("/apply").headers["set-cookie"]
    assert "Secure" in cookie
    assert "Secure" not in TestClient(app, base_url="http://127.0.0.1").get("/apply").headers["set-cookie"]
    plain = TestClient(app, base_url="http://127.0.0.1")
    assert plain.get("/static/app.css").status_code == 200, "the public form's style stays open"
    assert plain.get("/static/vendor/echarts.min.js").status_code == 401
    assert plain.get("/static/upload.js").status_code == 401


def test_refused_attempts_are_audited(staffed: tuple[Store, Path]) -> None:
    client, csrf = client_of(desk_app(staffed))
    sign_in(client, csrf, "赵审批")
    assert client.post("/desk/registers/figure", data={"year": 2025, "item": "x", "value": 1}).status_code == 403  # no CSRF
    assert ("赵审批", "refused") in audit_actions(staffed[0])
    sign_in(client, csrf, "钱监督")
    page = client.get("/desk/audit").text
    assert "refused" in page and "login" in page, "a supervisor reads the sign-ins and refusals"


# -- 3. the upload queue survives kill -9 ---------------------------------------------------------------------

FILES = 300


def start_server(db: Path, spool: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "zfxxgk.cli", "serve", "--db", str(db), "--port", str(port), "--spool", str(spool)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(int(WAIT / 0.1)):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/csrf", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


def pending(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("select count(*) from upload_files where status in ('queued', 'processing')").fetchone()[0]


@pytest.mark.slow
def test_every_accepted_upload_is_stored_or_failed_after_kill_9(tmp_path: Path) -> None:
    from web_support import seed_bytes

    from zfxxgk.web.server import free_port

    db, spool, port = tmp_path / "web.db", tmp_path / "spool", free_port()
    files = [(f"{n:03}.txt", seed_bytes() + f"\n第{n}份".encode()) for n in range(FILES)]
    server = start_server(db, spool, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=WAIT) as client:
            csrf = {"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]}
            batch = client.post("/api/batches", headers=csrf).json()["id"]
            for start in range(0, FILES, 50):
                group = [("files", (name, data, "text/plain")) for name, data in files[start : start + 50]]
                answer = client.post(f"/api/batches/{batch}/files", files=group, headers=csrf)
                assert answer.status_code == 200 and all(f["status"] == "queued" for f in answer.json())
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(WAIT)
    assert pending(db) > 0, "everything was stored before the kill: the test proved nothing"
    server = start_server(db, spool, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=WAIT) as client:
            for _ in range(int(10 * WAIT / 0.2)):
                state = client.get(f"/api/batches/{batch}").json()
                if state["done"]:
                    break
                time.sleep(0.2)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(WAIT)
    assert state["done"] and len(state["files"]) == FILES
    assert state["counts"]["new"] + state["counts"]["updated"] + state["counts"]["duplicate"] == FILES, state["counts"]
    assert not list(spool.iterdir()), "the spool keeps files nobody needs"


# -- 12. a fair worker pool ------------------------------------------------------------------------------------


def test_one_client_s_slow_files_do_not_hold_up_another_upload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight files that each hold a worker until released; another batch's file is stored meanwhile."""
    from web_support import seed_bytes

    from zfxxgk.web.uploads import UploadQueue

    store = Store.open(str(tmp_path / "web.db"))
    release, real = threading.Event(), store.ingest_bytes

    def ingest(data: bytes, name: str, write_lock: object = None):  # type: ignore[no-untyped-def]
        if name.startswith("slow"):
            release.wait(WAIT)
        return real(data, name, write_lock)

    monkeypatch.setattr(store, "ingest_bytes", ingest)
    uploads = UploadQueue(store, tmp_path / "spool", workers=2)
    uploads.start()
    try:
        crafted = uploads.new_batch()["id"]
        for n in range(8):
            uploads.add(crafted, f"slow{n}.txt", seed_bytes() + f"\n{n}".encode())
        normal = uploads.new_batch()["id"]
        uploads.add(normal, "normal.txt", seed_bytes())
        for _ in range(int(WAIT / 0.05)):
            if uploads.batch(normal)["done"]:  # type: ignore[index]
                break
            time.sleep(0.05)
        assert uploads.batch(normal)["done"], "the normal file waited behind the crafted batch"  # type: ignore[index]
        assert not uploads.batch(crafted)["done"]  # type: ignore[index]
    finally:
        release.set()
        uploads.join()
        uploads.stop()
        store.close()


# -- 4. floods, identity numbers, the inbox --------------------------------------------------------------------

VALID_ID = "110101198001011232"


def apply_form(csrf: str, agency_id: int, **fields: str) -> dict[str, str]:
    return {"csrf_token": csrf, "agency": str(agency_id), "kind": "natural", "name": "李四", "description": "某文件",
            "id_number": VALID_ID, "phone": "13900000000"} | fields


def test_a_flood_of_applications_is_refused_per_client(staffed: tuple[Store, Path], tmp_path_factory: pytest.TempPathFactory) -> None:
    office = staffed_database(tmp_path_factory)[1]
    client, csrf = client_of(desk_app(staffed))
    answers = [client.post("/apply", data=apply_form(csrf, office.agency_id)).status_code for _ in range(20)]
    assert answers[:5] == [200] * 5 and set(answers[5:]) == {429}, answers
    with Session(staffed[0].engine) as session:
        assert session.scalar(select(func.count()).select_from(SubmissionRow)) == 5


@pytest.mark.parametrize(
    ("fields", "problem"),
    [({"id_number": "1"}, "身份证号码无效"), ({"id_number": "110101198001011234"}, "身份证号码无效"), ({"phone": "1"}, "联系电话无效"),
     ({"kind": "legal", "name": "某公司", "id_number": "91110000600037341X"}, "统一社会信用代码无效")],
    ids=["short-id", "bad-check-digit", "phone", "credit-code"],
)
def test_identity_numbers_and_phones_are_checked(staffed: tuple[Store, Path], tmp_path_factory: pytest.TempPathFactory, fields: dict[str, str], problem: str) -> None:
    office = staffed_database(tmp_path_factory)[1]
    client, csrf = client_of(desk_app(staffed))
    answer = client.post("/apply", data=apply_form(csrf, office.agency_id, **fields))
    assert answer.status_code == 400 and problem in answer.text


def test_online_submissions_count_only_once_a_registrar_accepts_them(staffed: tuple[Store, Path], tmp_path_factory: pytest.TempPathFactory) -> None:
    office = staffed_database(tmp_path_factory)[1]
    desk = Desk(staffed[0].engine)
    spam = desk.file_online(office.agency_id, dataclasses.replace(application(), description="买发票"), date(2025, 3, 3))
    real = desk.file_online(office.agency_id, application(), date(2025, 3, 3))
    new = lambda: desk.annual_report(office.handler, 2025).cells["requests.new.total"].value  # noqa: E731
    assert new() in (0, None), "a submission nobody accepted is counted"
    assert [s.number for s in desk.inbox(office.registrar)] == [spam.number, real.number]
    assert "13812345678" not in str(desk.inbox(office.registrar)), "the inbox shows personal data unmasked"
    with pytest.raises(PermissionDenied):
        desk.set_aside_submission(office.handler, spam.case_id, "spam")
    desk.set_aside_submission(office.registrar, spam.case_id, "spam", "广告")
    case = desk.accept_submission(office.registrar, real.case_id, date(2025, 3, 10))
    assert desk.case(office.handler, case.case_id).received_on == date(2025, 3, 3), "第三十一条: received the day it was submitted"
    assert new() == 1 and desk.inbox(office.registrar) == []
    assert "未作为" in desk.lookup_submission(spam.number, spam.secret).status
    assert desk.lookup_submission(real.number, real.secret).number == desk.case(office.handler, case.case_id).number
    actions = [(e.action, e.detail.get("reason")) for e in desk.audit_log(office.supervisor, office.agency_id)]
    assert ("submission.set_aside", "垃圾信息或无意义内容：广告") in actions and ("submission.accept", None) in actions


# -- what held up, kept so -------------------------------------------------------------------------------------

HOSTILE = "<img src=x onerror=alert(1)>"  # no slash: an uploaded name keeps only its last path component


def test_hostile_text_is_escaped_on_every_page(staffed: tuple[Store, Path], tmp_path_factory: pytest.TempPathFactory) -> None:
    from web_support import seed_bytes

    office = staffed_database(tmp_path_factory)[1]
    store = staffed[0]
    report_id = store.ingest_bytes(seed_bytes(), f"{HOSTILE}.txt").report_id
    desk = Desk(store.engine)
    made = desk.file_online(office.agency_id, dataclasses.replace(application(), applicant_name=HOSTILE, description=f"<script>alert(2)</script>{HOSTILE}"))
    case = desk.accept_submission(office.registrar, made.case_id)
    client, csrf = client_of(desk_app(staffed))
    sign_in(client, csrf, "孙办事")
    for path in ("/reports", f"/reports/{report_id}", f"/desk/cases/{case.case_id}", f"/desk/cases/{case.case_id}?reveal=true", "/desk", "/desk/audit"):
        page = client.get(path).text
        assert "<img src=x" not in page and "<script>alert" not in page, path
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get(f"/reports/{report_id}").text


@pytest.mark.parametrize(
    "path",
    ["/reports?agency=' OR 1=1 --", "/api/reports?agency=%' OR '1'='1", "/api/reports?sort=agency;DROP TABLE reports",
     "/catalogue?q=%' UNION SELECT name FROM desk_users --", "/api/compare?agency=x' OR '1'='1&year_a=2019&year_b=2020",
     "/api/reports?year=2020 OR 1=1"],
)
def test_sql_injection_attempts_change_nothing(staffed: tuple[Store, Path], path: str) -> None:
    from web_support import seed_bytes

    store = staffed[0]
    store.ingest_bytes(seed_bytes(), "001.txt")
    client, _csrf = client_of(desk_app(staffed))
    answer = client.get(path)
    assert answer.status_code in (200, 400, 404, 422), answer.text[:200]
    assert "钱监督" not in answer.text and "scrypt" not in answer.text
    assert client.get("/api/reports").json()["count"] == 1


def test_csrf_holds_against_a_foreign_origin_and_text_plain_json(staffed: tuple[Store, Path]) -> None:
    client, _csrf = client_of(desk_app(staffed))
    foreign = {"Origin": "http://evil.example", "Content-Type": "text/plain"}
    answer = client.post("/api/reports/1/corrections", content=b'{"cell": "x", "value": 1, "reason": "r"}', headers=foreign)
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "forbidden"


def test_tokens_are_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import hmac

    from zfxxgk.web import security

    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: compared.append((a, b)) or real(a, b))
    assert not security.same_secret("guess", TOKEN) and security.same_secret(TOKEN, TOKEN)
    assert len(compared) == 2


def test_the_status_look_up_answers_a_wrong_number_and_a_wrong_code_alike(staffed: tuple[Store, Path], tmp_path_factory: pytest.TempPathFactory) -> None:
    office = staffed_database(tmp_path_factory)[1]
    made = Desk(staffed[0].engine).file_online(office.agency_id, application())
    client, csrf = client_of(desk_app(staffed))
    wrong_code = client.post("/apply/status", data={"csrf_token": csrf, "number": made.number, "code": "WRONGCODE1"})
    wrong_number = client.post("/apply/status", data={"csrf_token": csrf, "number": "W2099-000001", "code": made.secret})
    assert wrong_code.status_code == wrong_number.status_code == 404
    assert wrong_code.text.replace(made.number, "N") == wrong_number.text.replace("W2099-000001", "N")
