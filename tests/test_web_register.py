"""Staff accounts and the register in the browser: every route for every role, CSRF, lockout, idle timeout."""

from __future__ import annotations

import re
import time

import pytest
import sqlalchemy as sa

from kyr.register import entries, store, users
from web import create_app

PASSWORD = "correct horse battery staple"
ROLES = {"staff1": "staff", "records1": "records", "admin1": "admin", "gone1": "staff"}
CONSENT = {"lang": "ko", "paper": "letter", "bilingual": "1", "bilingual-shown": "1", "name": "김민준",
           "booking_number": "B-2026-0042", "date": "2026-11-24", "time": "10:30"}


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("KYR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KYR_REGISTER_KEY", "web-test-key-0123456789")
    monkeypatch.delenv("KYR_DATABASE_URL", raising=False)
    store.upgrade()
    for name, role in ROLES.items():
        users.add(name, role, PASSWORD)
    users.disable("gone1")
    yield create_app({"TESTING": True, "SECRET_KEY": "test"})
    store.engine().dispose()


@pytest.fixture
def client(app):
    return app.test_client()


def token(client, path: str = "/en/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def login(client, name: str, password: str = PASSWORD):
    return client.post("/en/login", data={"csrf_token": token(client), "username": name, "password": password})


def audit_events() -> list[tuple[str, str]]:
    with store.engine().connect() as conn:
        return [(r.who, r.event) for r in conn.execute(sa.select(store.audit.c.who, store.audit.c.event)
                                                       .order_by(store.audit.c.id))]


PAGES = {  # page: the lowest role that may open it
    "/en/register": "staff",
    "/en/register/report": "records",
    "/en/register/report.csv?from=2026-01-01&to=2026-12-31": "records",
    "/en/register/report.pdf?from=2026-01-01&to=2026-12-31&lang=en": "records",
    "/en/register/export.csv": "records",
    "/en/admin/users": "admin",
}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", [None, "staff1", "records1", "admin1"])
def test_every_register_page_opens_only_to_its_roles(client, path, who):
    if who:
        assert login(client, who).status_code == 302
    response = client.get(path)
    if who is None:
        assert response.status_code == 302 and response.headers["Location"].startswith("/en/login?next=")
    elif users.ROLES.index(ROLES[who]) >= users.ROLES.index(PAGES[path]):
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"  # never kept by a browser or proxy
    else:
        assert response.status_code == 403


def test_the_public_pages_need_no_account(client):
    for path in ("/en/", "/en/documents/rights-flyer", "/en/documents/ice-interview-consent", "/en/translators",
                 "/en/roster"):
        assert client.get(path).status_code == 200, path


def test_the_same_message_for_an_unknown_user_and_a_wrong_password(client):
    unknown = login(client, "nobody", PASSWORD)
    wrong = login(client, "staff1", "not the password at all")
    assert unknown.status_code == wrong.status_code == 401
    strip = lambda page: re.sub(r'value="[^"]*"', "", page.get_data(as_text=True))  # noqa: E731
    assert strip(unknown) == strip(wrong)
    assert PASSWORD not in str(audit_events()) and "not the password" not in str(audit_events())


def test_five_failures_lock_the_account_even_against_the_right_password(client, caplog):
    for _ in range(5):
        assert login(client, "staff1", "wrong wrong wrong").status_code == 401
    assert login(client, "staff1").status_code == 401  # locked: the right password is refused too
    assert ("staff1", "lock") in audit_events()
    assert all(e != ("staff1", "login") for e in audit_events())
    assert "wrong wrong wrong" not in caplog.text and PASSWORD not in caplog.text
    # 15 minutes later the lock is over.
    with store.engine().begin() as conn:
        conn.execute(sa.update(store.users).where(store.users.c.name == "staff1")
                     .values(locked_until=sa.func.datetime("now", "-1 minute")))
    assert login(client, "staff1").status_code == 302


def test_a_disabled_account_cannot_log_in_and_is_logged_out(client):
    assert login(client, "gone1").status_code == 401
    assert login(client, "staff1").status_code == 302
    users.disable("staff1")
    assert client.get("/en/register").status_code == 302  # the session no longer counts


def test_the_session_ends_after_the_idle_timeout(app, client):
    assert login(client, "staff1").status_code == 302
    assert client.get("/en/register").status_code == 200
    with client.session_transaction() as session:
        session["seen"] = time.time() - app.config["SESSION_IDLE_MINUTES"] * 60 - 5
    assert client.get("/en/register").status_code == 302
    assert ("staff1", "logout") in audit_events()


def test_the_session_cookie_is_httponly_and_strict(client):
    response = login(client, "staff1")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie


def test_the_cookie_is_secure_when_the_setting_says_https(monkeypatch, app):
    monkeypatch.setenv("KYR_COOKIE_SECURE", "1")
    secure = create_app({"TESTING": True, "SECRET_KEY": "test"}).test_client()
    assert "Secure" in login(secure, "staff1").headers["Set-Cookie"]


@pytest.mark.parametrize("path", ["/en/login", "/en/logout", "/en/register/1/decide", "/en/admin/users",
                                  "/en/admin/users/staff1/disable", "/en/admin/users/staff1/password"])
def test_every_post_needs_the_csrf_token(client, path):
    login(client, "admin1")
    response = client.post(path, data={"username": "admin1", "password": PASSWORD, "choice": "agree"})
    assert response.status_code == 400


def test_download_and_record_then_record_the_decision(client):
    page = client.get("/en/documents/ice-interview-consent").get_data(as_text=True)
    assert 'value="record"' not in page  # only for a logged-in staff member
    login(client, "staff1")
    page = client.get("/en/documents/ice-interview-consent").get_data(as_text=True)
    assert "Download and record" in page
    response = client.post("/en/documents/ice-interview-consent",
                           data={**CONSENT, "action": "record",
                                 "csrf_token": token(client, "/en/documents/ice-interview-consent")})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    row = entries.listed()[0]
    assert (row["document"], row["language"], row["served_by"]) == ("ice-interview-consent", "ko", "staff1")
    register = client.get("/en/register").get_data(as_text=True)
    assert f'id="entry-{row["id"]}"' in register and "김민준" not in register and "B-2026-0042" not in register
    decided = client.post(f"/en/register/{row['id']}/decide", data={
        "csrf_token": token(client, "/en/register"), "choice": "decline", "interviewed": "no", "attorney_present": ""})
    assert decided.status_code == 303
    assert entries.listed()[0]["choice"] == "decline"
    assert ("staff1", "record") in audit_events() and ("staff1", "decide") in audit_events()
    bad = client.post(f"/en/register/{row['id']}/decide", data={"csrf_token": token(client, "/en/register"),
                                                               "choice": "maybe"})
    assert bad.status_code == 400
    missing = client.post("/en/register/999/decide", data={"csrf_token": token(client, "/en/register"),
                                                          "choice": "agree"})
    assert missing.status_code == 404


def test_a_flyer_is_not_recorded(client):
    login(client, "staff1")
    response = client.post("/en/documents/rights-flyer", data={
        "lang": "es", "paper": "letter", "action": "record", "csrf_token": token(client, "/en/documents/rights-flyer")})
    assert response.status_code == 403 and entries.listed() == []


def test_the_report_page_shows_the_numbers_and_the_charts(client):
    login(client, "staff1")
    client.post("/en/documents/ice-interview-consent", data={
        **CONSENT, "action": "record", "csrf_token": token(client, "/en/documents/ice-interview-consent")})
    client.post("/en/logout", data={"csrf_token": token(client, "/en/")})
    login(client, "records1")
    page = client.get("/en/register/report?from=2026-01-01&to=2026-12-31&lang=es").get_data(as_text=True)
    assert "fewer than 5" in page and page.count('src="data:image/png;base64,') >= 1
    pdf = client.get("/en/register/report.pdf?from=2026-01-01&to=2026-12-31&lang=es")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    csv_text = client.get("/en/register/report.csv?from=2026-01-01&to=2026-12-31").get_data(as_text=True)
    assert "total,forms,fewer than 5" in csv_text
    assert client.get("/en/register/report?from=2026-12-31&to=2026-01-01").status_code == 400
    assert client.get("/en/register/report?from=yesterday&to=2026-01-01").status_code == 400
    assert ("records1", "report") in audit_events()


def test_admins_manage_accounts_and_see_the_audit_log(client):
    login(client, "admin1")
    page = client.get("/en/admin/users").get_data(as_text=True)
    assert "staff1" in page and "Audit log" in page and "login" in page
    tok = token(client, "/en/admin/users")
    assert client.post("/en/admin/users", data={"csrf_token": tok, "username": "new1", "role": "records",
                                                "password": "short"}).status_code == 422
    assert client.post("/en/admin/users", data={"csrf_token": tok, "username": "new1", "role": "records",
                                                "password": PASSWORD}).status_code == 303
    assert users.get("new1").role == "records"
    assert client.post("/en/admin/users/new1/disable", data={"csrf_token": tok}).status_code == 303
    assert users.get("new1").disabled
    assert client.post("/en/admin/users/admin1/disable", data={"csrf_token": tok}).status_code == 422
    assert client.post("/en/admin/users/nobody/disable", data={"csrf_token": tok}).status_code == 404
    assert client.post("/en/admin/users/new1/password", data={"csrf_token": tok,
                                                              "password": "another long password"}).status_code == 303


def test_the_next_page_after_login_stays_on_this_site(client):
    tok = token(client)
    response = client.post("/en/login", data={"csrf_token": tok, "username": "staff1", "password": PASSWORD,
                                              "next": "//evil.example/"})
    assert response.headers["Location"] == "/en/register"


def test_a_register_that_is_not_set_up_is_a_503_page_that_records_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("KYR_DATA_DIR", str(tmp_path / "none"))
    client = create_app({"TESTING": True, "SECRET_KEY": "test"}).test_client()
    assert login(client, "staff1").status_code == 503
