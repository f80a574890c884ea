"""Real-browser tests: Debian's Chromium driven by Playwright against the production server (gunicorn)."""

import csv
import os
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.request
from pathlib import Path

import pytest

from conftest import normalise, page_count, pdftotext

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
# As the machine's probe starts it: no sandbox as root, and no background calls to a closed network.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
NAME = "김민준"
PASSWORD = "correct horse battery staple"
ACCOUNTS = {"staff1": "staff", "records1": "records", "admin1": "admin"}

sync_api = pytest.importorskip("playwright.sync_api")


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (Debian package chromium)"
    if not AXE.exists():
        return f"{AXE} is missing (make system-deps installs axe-core from the npm registry)"
    return None


if _missing():
    if os.environ.get("KYR_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests required but cannot run: {_missing()}", pytrace=False)
    pytest.skip(_missing(), allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn with the project's settings, as `make run` starts it, on a free loopback port."""
    port = _free_port()
    data = tmp_path_factory.mktemp("data")
    env = {**os.environ, "KYR_PORT": str(port), "KYR_WORKERS": "2", "KYR_DATA_DIR": str(data),
           "KYR_REGISTER_KEY": "browser-test-key-0123456789"}
    env.pop("KYR_DATABASE_URL", None)
    # The register, with one account per role (as `make run` sets it up, and an administrator adds them).
    kyr = [sys.executable, "-m", "kyr.cli"]
    subprocess.run([*kyr, "register", "upgrade"], env=env, check=True, capture_output=True)
    for user, role in ACCOUNTS.items():
        subprocess.run([*kyr, "users", "add", user, "--role", role, "--password-stdin"], env=env, check=True,
                       input=PASSWORD.encode(), capture_output=True)
    log = tmp_path_factory.mktemp("server") / "gunicorn.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:web.gunicorn_conf", "web:create_app()"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/en/", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"gunicorn did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
    # The translators' overview checks every catalog once (seconds; then cached on disk): done here,
    # so the page-load timeouts below measure pages, not that one-time check.
    for _ in range(2):  # once per worker, at most
        urllib.request.urlopen(base + "/en/translators", timeout=120).read()
    yield base, log, env
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, locale="en-US")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core findings for the page as it is now."""
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated over DevTools: the page's CSP allows no scripts
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_fill_the_consent_form_in_korean_with_the_keyboard_and_download_it(server, page, tmp_path):
    base, _log, _env = server
    page.goto(f"{base}/ko/documents/ice-interview-consent")
    assert page.locator("html").get_attribute("lang") == "ko"
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(40):  # keyboard only: tab to the name field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "field-name":
            break
    else:
        pytest.fail("the name field cannot be reached with the keyboard")
    page.keyboard.type(NAME)
    page.locator("#field-booking_number").fill("B-2026-0042")
    with page.expect_download() as info:
        page.get_by_role("button", name="PDF 다운로드").click()
    path = tmp_path / "form.pdf"
    info.value.save_as(path)
    text = normalise(pdftotext(path))
    assert NAME in text and "동의" in text and page_count(path) == 1


def test_the_preview_image_and_field_errors(server, page):
    base, _log, _env = server
    page.goto(f"{base}/en/documents/ice-request-notice")
    page.locator("#field-name").fill("Ana Zepeda")
    page.locator("#field-booking_number").fill("B-1")
    page.locator("#field-date_received").fill("2026-11-24")
    page.get_by_role("button", name="Preview").click()
    image = page.get_by_role("img", name="Preview of page 1 of the document")
    assert image.is_visible() and image.evaluate("i => i.naturalWidth") > 500
    page.goto(f"{base}/en/documents/ice-interview-consent")
    page.locator("#field-name").fill("Ana \u202eZepeda")  # a bidi override would print reversed text
    page.get_by_role("button", name="Download PDF").click()
    assert page.locator("#field-name").get_attribute("aria-invalid") == "true"
    assert "text-direction characters" in page.locator("#error-name").inner_text()
    assert page.get_by_role("alert").is_visible()
    assert axe_violations(page) == []


def test_switch_the_interface_language(server, page):
    base, _log, _env = server
    page.goto(f"{base}/en/documents/rights-flyer")
    page.get_by_role("navigation", name="Interface language").get_by_role("link", name="Tiếng Việt").click()
    assert page.url.endswith("/vi/documents/rights-flyer")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("button", name="Tải PDF xuống").is_visible()
    page.get_by_role("link", name="繁體中文").click()
    assert page.locator("html").get_attribute("lang") == "zh-Hant"


def test_upload_a_roster(server, page, tmp_path):
    base, _log, _env = server
    roster = tmp_path / "roster.csv"
    with roster.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "booking_number", "language"])
        for i, lang in enumerate(["es", "zh_Hans", "zh_Hant", "tl", "vi", "ko", "en"]):
            writer.writerow([f"Person {i}", f"B-{i}", lang])
    page.goto(f"{base}/en/roster")
    page.get_by_label("CSV file (UTF-8)").set_input_files(str(roster))
    with page.expect_download() as info:
        page.get_by_role("button", name="Make the PDF").click()
    path = tmp_path / "roster.pdf"
    info.value.save_as(path)
    assert page_count(path) == 7 and "Person 6" in pdftotext(path)


def test_a_bad_roster_shows_its_rows_on_the_page(server, page, tmp_path):
    base, _log, _env = server
    page.goto(f"{base}/en/roster")
    page.get_by_label("CSV file (UTF-8)").set_input_files(
        files=[{"name": "r.csv", "mimeType": "text/csv", "buffer": b"name,language\nA,xx\n"}])
    page.get_by_role("button", name="Make the PDF").click()
    assert page.get_by_role("alert").is_visible()
    assert "This language is not one kyr prints." in page.get_by_role("table").inner_text()
    assert axe_violations(page) == []


PAGES = ["/en/", "/ko/", "/vi/documents/ice-interview-consent", "/zh_Hant/documents/rights-card", "/tl/roster",
         "/es/translators", "/en/translators/preview", "/ko/documents/nope"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)])
def test_no_serious_accessibility_violations(server, page, path, viewport):
    base, _log, _env = server
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(base + path)
    assert axe_violations(page) == []


def test_the_server_logs_no_personal_data(server, page):
    base, log, _env = server
    page.goto(f"{base}/en/documents/ice-interview-consent")
    page.locator("#field-name").fill("Zyxwvut Personal")
    page.locator("#field-booking_number").fill("B-1")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("img", name="Preview of page 1 of the document").wait_for()
    time.sleep(0.5)  # the access log line is written after the response
    out = log.read_text(errors="replace")
    assert '"POST /en/documents/ice-interview-consent" 200' in out and "Zyxwvut" not in out


def test_a_line_break_in_the_path_cannot_forge_a_log_line(server):
    base, log, _env = server
    try:
        urllib.request.urlopen(base + "/en/%0d%0a1.2.3.4%20%22GET%20/forged%22%20200", timeout=5)
    except urllib.error.HTTPError as exc:
        assert exc.code == 404
    time.sleep(0.5)  # the access log line is written after the response
    lines = log.read_text(errors="replace").splitlines()
    assert not any(line.startswith("1.2.3.4") for line in lines)
    assert any("\\x0d\\x0a1.2.3.4" in line for line in lines)


def test_the_servers_own_414_carries_the_security_headers(server):
    base, _log, _env = server
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(base + "/en/" + "x" * 9000, timeout=5)
    assert caught.value.code in (414, 400)
    headers = caught.value.headers
    assert headers["Content-Security-Policy"] and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY" and headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)])
def test_a_typed_korean_name_is_drawn_in_its_box_on_the_english_interface(server, page, viewport, tmp_path):
    """Staff proofread a name before printing: its box draws it even where the computer has no Korean font."""
    base, _log, _env = server
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(f"{base}/en/documents/ice-interview-consent?lang=vi")
    page.locator("#field-name").fill("김민준 陳美麗")
    # The pieces with these characters are fetched and loaded (not the hundreds of others).
    deadline = time.monotonic() + 15
    while True:  # (a polling loop: the page's CSP forbids the eval behind wait_for_function)
        loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
        if all(any(name in family for family in loaded) for name in ("kyr In KR", "kyr In SC")):
            break
        assert time.monotonic() < deadline, f"the input faces did not load: {loaded}"
        time.sleep(0.2)
    assert len([f for f in loaded if "kyr In" in f]) < 12
    shot = tmp_path / f"typed-{viewport[0]}.png"
    page.screenshot(path=str(shot), full_page=True)
    # The draft note sits where the language is chosen, and beside the download.
    assert page.locator("#draft-note").is_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)])
def test_errors_take_the_focus_and_pages_fit_a_phone(server, page, viewport, tmp_path):
    base, _log, _env = server
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(f"{base}/en/documents/ice-interview-consent")
    page.get_by_role("button", name="Download PDF").click()
    deadline = time.monotonic() + 3
    while page.evaluate("document.activeElement.className") != "error-summary":  # autofocus runs at a frame
        assert time.monotonic() < deadline, "the error summary did not take the focus"
        time.sleep(0.05)
    assert "Printed name" in page.locator(".error-summary").inner_text()
    for path in ("/en/translators", "/tl/roster", "/en/documents/ice-request-notice"):
        page.goto(base + path)
        # Nothing wider than the screen but the tables' own scrolling regions.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
        page.screenshot(path=str(tmp_path / f"{path.strip('/').replace('/', '-')}-{viewport[0]}.png"), full_page=True)
        assert axe_violations(page) == [], path


@pytest.mark.parametrize("ui", ["fa", "ar"])
@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)])
def test_a_right_to_left_interface_mirrors_and_prints_a_shaped_name(server, page, ui, viewport, tmp_path):
    """Farsi and Arabic pages read from the right; a Farsi name typed there prints exactly as typed."""
    base, _log, _env = server
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(f"{base}/{ui}/documents/ice-interview-consent?lang={ui}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    main = page.locator("main").bounding_box()
    heading = page.locator("main h1").bounding_box()
    label = page.locator("label[for=field-name]").bounding_box()
    field = page.locator("#field-name").bounding_box()
    # Laid out from the right: the heading and the label start at main's right edge, the field under it.
    padding = 16 + 1
    assert abs(heading["x"] + heading["width"] - (main["x"] + main["width"] - padding)) < 2
    assert abs(label["x"] + label["width"] - (field["x"] + field["width"])) < 2
    name = "پریسا می\u200cخواهد"
    page.locator("#field-name").fill(name)
    page.locator("#field-booking_number").fill("B-2026-0042")
    deadline = time.monotonic() + 15
    while True:  # (polling: the page's CSP forbids the eval behind wait_for_function)
        loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
        if any("kyr Arabic" in family for family in loaded) and any("kyr In Arabic" in f for f in loaded):
            break
        assert time.monotonic() < deadline, f"the Arabic faces did not load: {loaded}"
        time.sleep(0.2)
    page.screenshot(path=str(Path(os.environ.get("KYR_SCREENSHOTS", tmp_path)) / f"rtl-{ui}-{viewport[0]}.png"),
                    full_page=True)
    assert axe_violations(page) == []
    with page.expect_download() as info:
        page.locator("button[value=pdf]").click()
    path = tmp_path / "form.pdf"
    info.value.save_as(path)
    text = normalise(pdftotext(path))
    assert unicodedata.normalize("NFKC", name) in unicodedata.normalize("NFKC", text.replace("\u202b", "")
                                                                          .replace("\u202c", ""))


def _log_in(page, base: str, user: str, ui: str = "en") -> None:
    page.goto(f"{base}/{ui}/login")
    page.locator("#username").fill(user)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")  # the keyboard submits the form
    page.wait_for_url(f"{base}/{ui}/register")


def _register(env: dict[str, str]) -> list[dict]:
    import json

    out = subprocess.run([sys.executable, "-m", "kyr.cli", "register", "list", "--format", "json"], env=env,
                         capture_output=True, check=True, text=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)])
def test_staff_download_and_record_a_korean_consent_form_then_the_decision(server, page, viewport, tmp_path):
    base, _log, env = server
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    _log_in(page, base, "staff1", "ko")
    page.goto(f"{base}/ko/documents/ice-interview-consent")
    page.locator("#field-name").fill(NAME)
    page.locator("#field-booking_number").fill(f"B-REC-{viewport[0]}")
    with page.expect_download() as info:
        page.locator("button[value=record]").click()
    path = tmp_path / "form.pdf"
    info.value.save_as(path)
    assert NAME in normalise(pdftotext(path)) and page_count(path) == 1
    entry = _register(env)[-1]
    assert (entry["document"], entry["language"], entry["served_by"], entry["choice"]) == \
        ("ice-interview-consent", "ko", "staff1", None)
    page.goto(f"{base}/ko/register")
    row = page.locator(f"#entry-{entry['id']}")
    row.locator("select[name=choice]").select_option("decline")
    row.locator("select[name=interviewed]").select_option("no")
    row.locator("button[type=submit]").click()
    assert page.get_by_role("status").is_visible()
    assert _register(env)[-1]["choice"] == "decline"
    assert NAME not in page.content()
    page.screenshot(path=str(Path(os.environ.get("KYR_SCREENSHOTS", tmp_path)) / f"register-ko-{viewport[0]}.png"),
                    full_page=True)
    assert axe_violations(page) == []


def test_records_open_the_report_and_download_its_pdf(server, page, tmp_path):
    base, _log, _env = server
    _log_in(page, base, "records1")
    page.goto(f"{base}/en/register/report")
    page.locator("#from").fill("2026-01-01")
    page.locator("#to").fill("2026-12-31")
    page.get_by_role("button", name="Show the report").click()
    chart = page.get_by_role("img", name="Page 1 of the forum report, with its bar charts")
    assert chart.is_visible() and chart.evaluate("i => i.naturalWidth") > 500
    assert page.get_by_role("table").first.is_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()
    path = tmp_path / "forum.pdf"
    info.value.save_as(path)
    assert "ICE access: figures for the TRUTH Act community forum" in normalise(pdftotext(path))
    page.screenshot(path=str(Path(os.environ.get("KYR_SCREENSHOTS", tmp_path)) / "report-en.png"), full_page=True)
    assert axe_violations(page) == []


ACCOUNT_PAGES = ["/en/login", "/en/register", "/en/register/report?from=2026-01-01&to=2026-12-31",
                 "/en/admin/users", "/fa/register", "/fa/admin/users"]


@pytest.mark.parametrize("path", ACCOUNT_PAGES)
@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)])
def test_the_account_pages_are_accessible_and_fit_a_phone(server, page, path, viewport, tmp_path):
    base, _log, _env = server
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    if path != "/en/login":
        _log_in(page, base, "admin1")
    page.goto(base + path)
    name = path.strip("/").split("?")[0].replace("/", "-")
    page.screenshot(path=str(Path(os.environ.get("KYR_SCREENSHOTS", tmp_path)) / f"{name}-{viewport[0]}.png"),
                    full_page=True)
    wide = page.evaluate("[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
                         "window.innerWidth + 1 && !e.closest('.table-scroll')).map(e => e.tagName + '.' + "
                         "e.className).slice(0, 5)")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (path, wide)
    assert axe_violations(page) == [], path
