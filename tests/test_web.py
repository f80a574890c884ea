"""The web front end through Flask's test client: every route, and bad input of every kind."""

import io
import logging
import re
import tempfile
import threading
from pathlib import Path

import pytest

from conftest import normalise, pdftotext
from kyr.documents import all_documents
from kyr.languages import LANGUAGES
from web import SETTINGS, create_app
from web.security import CSP

ROOT = Path(__file__).resolve().parents[1]
NAME = "김민준"
ROSTER = "name,booking_number,language\nAna Pérez,B-1,es\n王小明,B-2,zh_Hans\nNguyễn Văn An,B-3,vi\n"


@pytest.fixture
def app():
    return create_app({"TESTING": True, "SECRET_KEY": "test"})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def token(client):
    page = client.get("/en/documents/ice-interview-consent").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def fill(client, token, ui="ko", doc="ice-interview-consent", **values):
    data = {"csrf_token": token, "lang": "ko", "paper": "letter", "action": "pdf", **values}
    return client.post(f"/{ui}/documents/{doc}", data=data)


def upload(client, token, url, field, content: bytes, **form):
    data = {"csrf_token": token, **form, field: (io.BytesIO(content), "upload")}
    return client.post(url, data=data, content_type="multipart/form-data")


def text_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return normalise(pdftotext(path))


# -- pages and languages --------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "ui"), [("zh-TW,zh;q=0.8", "zh_Hant"), ("zh-CN", "zh_Hans"), ("fil-PH", "tl"),
                                            ("ko-KR,en;q=0.5", "ko"), ("de-DE", "en"), ("", "en")])
def test_the_root_sends_the_browser_to_its_language(client, accept, ui):
    response = client.get("/", headers={"Accept-Language": accept})
    assert response.status_code == 302 and response.headers["Location"] == f"/{ui}/"


@pytest.mark.parametrize("ui", list(LANGUAGES))
def test_every_page_names_its_language_and_direction(client, ui):
    tag = ui.replace("_", "-")
    for url in ["/", "documents/ice-interview-consent", "documents/rights-card", "roster", "translators/preview"]:
        page = client.get(f"/{ui}/{url.lstrip('/')}").get_data(as_text=True)
        assert f'<html lang="{tag}" dir="{LANGUAGES[ui].direction}">' in page


def test_the_interface_is_translated_and_the_switcher_keeps_the_page(client):
    page = client.get("/vi/documents/release-date-notice?lang=ko&paper=a4").get_data(as_text=True)
    assert "Tải PDF xuống" in page  # "Download PDF"
    assert 'href="/zh_Hant/documents/release-date-notice?lang=ko&amp;paper=a4" lang="zh-Hant"' in page
    assert '<option value="ko" lang="ko" selected>' in page  # the document language is separate


def test_the_index_lists_every_document_with_its_translated_title(client):
    page = client.get("/es/").get_data(as_text=True)
    for doc_id in all_documents():
        assert f'href="/es/documents/{doc_id}"' in page
    assert "Para el personal de la cárcel" in page


@pytest.mark.parametrize("doc_id", list(all_documents()))
def test_every_form_field_has_a_label_and_a_hint(client, doc_id):
    page = client.get(f"/en/documents/{doc_id}").get_data(as_text=True)
    ids = re.findall(r'<(?:input|select) id="([^"]+)"', page)
    assert ids
    for field_id in ids:
        assert f'<label for="{field_id}">' in page
    for key in all_documents()[doc_id].fields:
        assert f'id="hint-{key}"' in page


# -- documents -----------------------------------------------------------------------------------


def test_a_filled_form_downloads_as_a_pdf_with_the_typed_name_and_is_never_stored(client, token, tmp_path):
    response = fill(client, token, name=NAME, booking_number="B-77", date="2026-11-24")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    text = text_of(response.data, tmp_path)
    assert NAME in text and "B-77" in text and "2026년 11월 24일" in text


def test_the_preview_is_an_image_in_the_page(client, token):
    response = fill(client, token, name=NAME, booking_number="B-77", action="preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert page.count('<img src="data:image/png;base64,') == 1
    assert f'value="{NAME}"' in page  # the form keeps what was typed, for this response only


def test_blank_forms_from_a_link_and_from_the_form(client, token, tmp_path):
    linked = client.get("/en/documents/ice-request-notice/blank.pdf?lang=zh_Hant&paper=a4")
    assert linked.status_code == 200 and linked.mimetype == "application/pdf"
    posted = fill(client, token, doc="ice-request-notice", action="blank", name="ignored", lang="zh_Hant")
    assert posted.status_code == 200
    assert "ignored" not in text_of(posted.data, tmp_path)


@pytest.mark.parametrize("doc_id", ["rights-flyer", "rights-card", "policy-brief"])
def test_advocates_documents_print_from_the_web(client, token, doc_id, tmp_path):
    response = fill(client, token, doc=doc_id, lang="vi", date="2026-11-24")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")


def test_the_bilingual_box_turns_the_english_off(client, token, tmp_path):
    both = text_of(fill(client, token, name="A", booking_number="B-1").data, tmp_path)
    one = text_of(fill(client, token, name="A", booking_number="B-1", **{"bilingual-shown": "1"}).data, tmp_path)
    assert "This interview is voluntary" in both and "This interview is voluntary" not in one


@pytest.mark.parametrize(("value", "problem"), [
    ("x" * 81, "최대 80자까지"),  # over-long
    ("a\x00b", "제어 문자"),  # a null byte
    ("a\x07b", "제어 문자"),  # a control character
    ("abc\u202edcba", "제어 문자"),  # a bidi override
    ("\ufffd", "올바른 텍스트가 아닌"),  # what a wrong encoding leaves behind
    ("\U000f0000", "올바른 텍스트가 아닌"),  # a private-use character
])
def test_bad_values_are_announced_next_to_their_field_in_the_users_language(client, token, value, problem):
    response = fill(client, token, name=value)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'aria-invalid="true"' in page and 'id="error-name"' in page and problem in page
    assert 'aria-describedby="hint-name error-name"' in page
    assert 'role="alert"' in page


def test_a_bad_date_and_a_bad_choice_are_both_reported(client, token):
    response = fill(client, token, doc="ice-request-notice", date_received="24/11/2026", detainer="nope")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-date_received"' in page and 'id="error-detainer"' in page


def test_a_reason_that_does_not_go_with_the_decision_is_shown_next_to_it(client, token):
    response = fill(client, token, ui="en", doc="ice-request-notice", name="A", booking_number="B-1",
                    transfer="comply", transfer_reason="local-policy")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-transfer_reason"' in page and "does not go with the decision" in page
    response = fill(client, token, ui="en", doc="ice-request-notice", name="A", booking_number="B-1", detainer="comply")
    assert response.status_code == 422 and "California law does not allow this decision" in response.get_data(
        as_text=True)


@pytest.mark.parametrize(("values", "field"), [
    ({"name": "   ", "booking_number": "EX-1"}, "name"),  # a filled consent form without a name
    ({"name": "陳" * 80, "booking_number": "EX-1"}, "name"),  # more than its two lines hold at the form's size
])
def test_a_missing_or_unprintable_value_is_shown_next_to_its_field(client, token, values, field):
    response = fill(client, token, **values)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="error-{field}"' in page


def test_a_body_in_another_encoding_is_refused(client, token):
    body = f"csrf_token={token}&lang=ko&action=pdf&name=".encode() + "Pérez".encode("latin-1")
    response = client.post("/ko/documents/ice-interview-consent", data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "잘못된 요청" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", [
    "/en/documents/nope", "/en/documents/..%2F..%2Fetc%2Fpasswd", "/xx/", "/en/documents/ice-interview-consent?lang=xx",
    "/en/documents/ice-interview-consent/blank.pdf?lang=../x", "/en/documents/nope/blank.pdf", "/EN/",
])
def test_unknown_ids_are_404_pages(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_an_unknown_document_language_in_a_form_is_404(client, token):
    assert fill(client, token, lang="../../etc").status_code == 404


def test_a_bad_paper_size_is_400(client):
    assert client.get("/en/documents/ice-interview-consent?paper=b5").status_code == 400
    assert client.get("/en/documents/ice-interview-consent/blank.pdf?paper=b5").status_code == 400


def test_error_pages_speak_the_users_language(client):
    page = client.get("/ko/documents/nope").get_data(as_text=True)
    assert "페이지를 찾을 수 없습니다" in page and '<html lang="ko"' in page
    page = client.get("/nope/x", headers={"Accept-Language": "vi"}).get_data(as_text=True)
    assert "Không tìm thấy trang" in page


def test_a_post_without_the_csrf_token_is_refused(client, token):
    response = client.post("/en/documents/ice-interview-consent", data={"lang": "en", "name": "A"})
    assert response.status_code == 400 and "This form has expired" in response.get_data(as_text=True)
    response = client.post("/en/documents/ice-interview-consent", data={"csrf_token": token + "x", "lang": "en"})
    assert response.status_code == 400


def test_a_post_from_a_browser_without_a_session_is_refused(app, token):
    fresh = app.test_client()
    response = fresh.post("/en/documents/ice-interview-consent", data={"csrf_token": token, "lang": "en"})
    assert response.status_code == 400


def test_wrong_methods_are_405_pages(client):
    assert client.delete("/en/documents/ice-interview-consent").status_code == 405
    assert client.post("/en/").status_code in (400, 405)


def test_an_oversized_request_is_413(client, token):
    big = b"name,language\n" + b"x" * (5 * 1024 * 1024)
    response = upload(client, token, "/en/roster", "roster", big, document="ice-interview-consent")
    assert response.status_code == 413


def test_security_headers_on_every_response(client):
    for url in ["/en/", "/en/documents/nope", "/en/documents/rights-flyer/blank.pdf", "/static/kyr.css"]:
        headers = client.get(url).headers
        assert headers["Content-Security-Policy"] == CSP
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
    assert "unsafe-inline" not in CSP and "frame-ancestors 'none'" in CSP and "script-src" not in CSP


def test_no_personal_value_reaches_a_log_or_a_temporary_file(client, token, caplog, monkeypatch):
    import werkzeug.formparser

    opened = []  # every way a temporary file could be made (Linux unlinks them at once: a listing would not tell)

    def spy(name, real):
        def made(*args, **kwargs):
            opened.append(name)
            return real(*args, **kwargs)
        return made

    # The page is drawn once and kept in the disk cache (with empty fields: tests/test_pagecache.py) first.
    fill(client, token, name="Ann Example", booking_number="EX-1")
    for name in ("TemporaryFile", "SpooledTemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, spy(name, getattr(tempfile, name)))
    monkeypatch.setattr(werkzeug.formparser, "SpooledTemporaryFile", spy("werkzeug", tempfile.SpooledTemporaryFile))
    with caplog.at_level(logging.DEBUG):
        fill(client, token, name=NAME, booking_number="SECRET-42")
        big = ("name,booking_number,language\n" + "".join(f"{NAME},SECRET-42,ko\n" for _ in range(30000))).encode()
        assert len(big) > 600 * 1024  # larger than what Werkzeug would spool to a temporary file
        client.application.config["ROSTER_MAX_ROWS"] = 30000
        response = upload(client, token, "/en/roster", "roster", big, document="ice-interview-consent")
        assert response.status_code == 200
    assert NAME not in caplog.text and "SECRET-42" not in caplog.text
    assert opened == []


# -- roster --------------------------------------------------------------------------------------


def test_a_roster_becomes_one_pdf_with_a_page_per_row(client, token, tmp_path):
    response = upload(client, token, "/en/roster", "roster", ROSTER.encode(), document="ice-interview-consent")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    text = text_of(response.data, tmp_path)
    assert "Ana Pérez" in text and "王小明" in text and "Nguyễn Văn An" in text


def test_bad_rows_are_shown_with_line_numbers_and_no_values(client, token):
    roster = ROSTER + "Secret Person,B-4,xx\n"
    response = upload(client, token, "/es/roster", "roster", roster.encode(), document="ice-interview-consent")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<td class=\"number\">5</td><td>language</td>" in page and "kyr no imprime en este idioma" in page
    assert "Secret Person" not in page


def test_skipping_bad_rows_offers_the_pdf_and_lists_what_was_skipped(client, token):
    roster = ROSTER.encode() + b"\xff\xfe,B-4,ko\n"
    response = upload(client, token, "/en/roster", "roster", roster, document="ice-interview-consent",
                      skip_bad_rows="on")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<td class=\"number\">5</td>" in page and "not valid UTF-8" in page
    assert 'href="data:application/pdf;base64,' in page


@pytest.mark.parametrize("where", [0, 1, 2])
def test_a_broken_quote_never_drops_people_from_a_roster(client, token, where):
    lines = ROSTER.splitlines()
    lines[1 + where] = '"' + lines[1 + where]
    response = upload(client, token, "/en/roster", "roster", ("\n".join(lines) + "\n").encode(),
                      document="ice-interview-consent", skip_bad_rows="on")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Rows read: 3. Printed: 2. Skipped: 1" in page and f"<td class=\"number\">{where + 2}</td>" in page


def test_a_roster_without_a_header_shows_no_value_and_says_what_to_do(client, token):
    response = upload(client, token, "/en/roster", "roster", b"Secret Person,B-4,en\nAna,B-5,es\n",
                      document="ice-interview-consent")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Line 1 has no column named language" in page
    assert "Secret Person" not in page and "B-4" not in page


def test_a_roster_over_the_row_limit_is_refused_at_once(app, client, token):
    app.config["ROSTER_MAX_ROWS"] = 2
    response = upload(client, token, "/en/roster", "roster", ROSTER.encode(), document="ice-interview-consent")
    assert response.status_code == 413 and "more than 2 rows" in response.get_data(as_text=True)


def test_a_second_roster_at_once_is_told_to_wait(client, token, monkeypatch):
    from web import roster

    monkeypatch.setattr(roster, "_busy", threading.Semaphore(0))  # one is already printing
    response = upload(client, token, "/en/roster", "roster", ROSTER.encode(), document="ice-interview-consent")
    assert response.status_code == 429 and "one roster at a time" in response.get_data(as_text=True)


def test_the_sample_csv_has_the_columns_of_its_document(client):
    response = client.get("/en/roster/ice-request-notice/sample.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    header = response.get_data(as_text=True).splitlines()[0].split(",")
    assert header[:2] == ["name", "booking_number"] and "detainer" in header and header[-1] == "language"
    assert client.get("/en/roster/rights-flyer/sample.csv").status_code == 404


def test_a_wrong_method_says_which_are_allowed(client):
    response = client.put("/en/roster")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]


@pytest.mark.parametrize(("content", "form", "status"), [
    (b"", {"document": "ice-interview-consent"}, 422),
    (b"name,lang\nA,en\n", {"document": "ice-interview-consent"}, 422),  # no "language" column
    (ROSTER.encode(), {"document": "rights-flyer"}, 404),  # not a per-person form
    (ROSTER.encode(), {"document": "ice-interview-consent", "paper": "b5"}, 400),
])
def test_bad_rosters_are_4xx_pages(client, token, content, form, status):
    assert upload(client, token, "/en/roster", "roster", content, **form).status_code == status


# -- translators -----------------------------------------------------------------------------------


def test_the_status_page_shows_every_language_and_document(client):
    page = client.get("/en/translators").get_data(as_text=True)
    translated = len(LANGUAGES) - 1
    groups = len(all_documents()) + 3  # the documents, the forum report, shared text, the interface
    assert page.count('<th scope="row">') == translated * groups
    zeros = '<td class="number">0</td><td class="number">0</td><td class="number">0</td>'
    assert page.count(zeros) == translated * groups  # complete, no failures
    for lang in LANGUAGES.values():
        if lang.code != "en":
            assert f'id="status-{lang.code}"' in page
    assert "Review status: draft" in page and "Web interface" in page and "Forum report" in page


def test_an_uploaded_catalog_is_previewed_in_the_document_and_checked(client, token, tmp_path):
    po = (ROOT / "locales" / "vi" / "LC_MESSAGES" / "kyr.po").read_text(encoding="utf-8")
    start = po.index("msgstr", po.index('msgctxt "ice-interview-consent:C10"'))  # break a placeholder of C10
    po = po[:start] + po[start:].replace("{phone}", "{telefono}", 1)
    response = upload(client, token, "/en/translators/preview", "catalog", po.encode(), lang="vi",
                      document="ice-interview-consent")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<img src="data:image/png;base64,' in page and "placeholders" in page
    pdf = upload(client, token, "/en/translators/preview", "catalog", po.encode(), lang="vi",
                 document="ice-interview-consent", action="pdf")
    assert pdf.mimetype == "application/pdf"
    assert "{telefono}" in text_of(pdf.data, tmp_path)  # printed as the translator wrote it


def _with_translation(context: str, new: str) -> bytes:
    po = (ROOT / "locales" / "es" / "LC_MESSAGES" / "kyr.po").read_text(encoding="utf-8")
    start = po.index("msgstr", po.index(f'msgctxt "{context}"'))
    end = po.index("\n\n", start)
    return (po[:start] + f'msgstr "{new}"' + po[end:]).encode()


@pytest.mark.parametrize(("new", "shown"), [
    ("Usted tiene derecho \U0001f600.", "cannot print"),  # an emoji
    ("Usted tiene \u202ederecho.", "control character U+202E"),  # a right-to-left override
])
def test_a_translation_that_cannot_print_is_a_422_next_to_its_message(client, token, new, shown):
    response = upload(client, token, "/en/translators/preview", "catalog", _with_translation("ice-interview-consent:C4",
                      new), lang="es", document="ice-interview-consent")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and shown in page and "ice-interview-consent:C4" in page


def test_a_translation_too_long_for_the_page_is_a_422_saying_so(client, token):
    response = upload(client, token, "/en/translators/preview", "catalog",
                      _with_translation("ice-interview-consent:C2", "Muy largo. " * 150), lang="es",
                      document="ice-interview-consent")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "does not fit 1 letter page" in page


def test_a_translation_over_the_length_limit_is_refused_before_any_work(app, client, token):
    app.config["MAX_TRANSLATION_CHARS"] = 100
    response = upload(client, token, "/en/translators/preview", "catalog",
                      _with_translation("ice-interview-consent:C2", "x" * 101), lang="es",
                      document="ice-interview-consent")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "longer than 100 characters" in page


def test_a_catalog_with_an_unknown_charset_is_a_4xx(client, token):
    original = (ROOT / "locales" / "es" / "LC_MESSAGES" / "kyr.po").read_bytes()
    po = re.sub(rb"charset=[\w-]+", b"charset=klingon", original)
    response = upload(client, token, "/en/translators/preview", "catalog", po, lang="es",
                      document="ice-interview-consent")
    assert response.status_code == 422 and "klingon" in response.get_data(as_text=True)


def test_a_malformed_catalog_is_reported_with_its_line(client, token):
    response = upload(client, token, "/en/translators/preview", "catalog", b'msgid "a"\nmsgstr b\n', lang="es",
                      document="rights-card")
    assert response.status_code == 422 and ":2:" in response.get_data(as_text=True)


def test_a_catalog_in_the_wrong_encoding_is_reported(client, token):
    po = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "é"\n'
    response = upload(client, token, "/en/translators/preview", "catalog", po.encode("latin-1"), lang="es",
                      document="rights-card")
    assert response.status_code == 422


def test_the_preview_needs_a_known_language_and_document(client, token):
    assert upload(client, token, "/en/translators/preview", "catalog", b"x", lang="en",
                  document="rights-card").status_code == 404
    assert upload(client, token, "/en/translators/preview", "catalog", b"x", lang="es",
                  document="nope").status_code == 404


# -- documentation ---------------------------------------------------------------------------------


def test_every_web_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        row = f"| `{setting.name}` | {setting.default} | {setting.help} |"
        assert row in readme, f"README does not document {setting.name} as: {row}"


def test_every_route_is_tested_here():
    # Here, or in the web's other test files (tests/test_web_*.py).
    source = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_web*.py"))
    for rule in create_app({"TESTING": True}).url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        words = re.findall(r"[a-z_]+(?:\.[a-z]+)?", re.sub(r"<[^>]+>", "", rule.rule))
        assert all(w in source for w in words), f"{rule.rule} has no test"


# -- fonts -----------------------------------------------------------------------------------------


def test_the_interface_fonts_come_from_this_server_and_cover_its_text(client):
    from fontTools.ttLib import TTFont

    from kyr.catalogs import UI_DOMAIN, load_catalog

    css = client.get("/fonts.css")
    assert css.mimetype == "text/css"
    urls = dict(re.findall(r'font-family: "([^"]+)"; font-weight: 400;.*?url\("([^"]+)"\)', css.get_data(as_text=True)))
    assert set(urls) == {"kyr Sans", "kyr SC", "kyr TC", "kyr KR", "kyr JP", "kyr Arabic", "kyr Gurmukhi",
                         "kyr Khmer", "kyr Armenian"}
    assert all(u.startswith("/fonts/") for u in urls.values())  # no font CDN
    for face, lang in (("kyr KR", "ko"), ("kyr Arabic", "fa"), ("kyr Arabic", "ar"), ("kyr Gurmukhi", "pa"),
                       ("kyr Khmer", "km"), ("kyr Armenian", "hy")):
        font = TTFont(io.BytesIO(client.get(urls[face]).data))
        cmap = font.getBestCmap()
        text = "".join(text for text, _fuzzy in load_catalog(lang, domain=UI_DOMAIN).entries.values())
        own = {ch for ch in text if ord(ch) >= 0x530 and not 0x2000 <= ord(ch) < 0x2070}
        assert own <= {chr(cp) for cp in cmap}, (face, lang)
        if face != "kyr KR":  # the browser shapes these: the subset keeps the font's layout tables
            assert "GSUB" in font and "GPOS" in font, face
    font = client.get(urls["kyr KR"])
    assert font.mimetype == "font/ttf" and "immutable" in font.headers["Cache-Control"]


@pytest.mark.parametrize("url", ["/fonts/kr-regular.000000000000.ttf", "/fonts/xx-regular.0.ttf",
                                 "/fonts/kr-black.0.ttf"])
def test_unknown_font_files_are_404(client, url):
    assert client.get(url).status_code == 404


def test_a_translation_with_broken_placeholders_falls_back_to_the_english(app, monkeypatch):
    from kyr.catalogs import Catalog
    from web import i18n

    broken = Catalog("es", {(None, "Use at most %(n)d characters."): ("Como máximo %(m)d.", False)})
    monkeypatch.setattr(i18n, "load_catalog", lambda lang, domain=None: broken)
    with app.test_request_context("/es/"):
        assert i18n.gettext("Use at most %(n)d characters.", n=5) == "Use at most 5 characters."


def test_a_bad_upload_limit_is_refused_at_start(monkeypatch):
    monkeypatch.setenv("KYR_MAX_UPLOAD_MB", "lots")
    with pytest.raises(ValueError, match="KYR_MAX_UPLOAD_MB"):
        create_app({"TESTING": True})


def test_the_status_page_counts_a_check_failure_against_its_document(client, tmp_path, monkeypatch):
    import shutil

    from kyr.catalogs import default_locales_dir

    copy = tmp_path / "locales"
    shutil.copytree(default_locales_dir(), copy, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.mo"))
    po = copy / "zh_Hant" / "LC_MESSAGES" / "kyr.po"
    po.write_text(po.read_text(encoding="utf-8").replace("法律協助：{organization}", "法律協助：{organisation}"),
                  encoding="utf-8")
    monkeypatch.setenv("KYR_LOCALES", str(copy))
    page = client.get("/en/translators").get_data(as_text=True)
    section = page[page.index('id="status-zh_Hant"'):page.index('id="status-tl"')]
    assert "Check failures: errors 3, warnings 0." in section  # the same text in three documents
    section = section.replace('<td class="number">', "<td>")
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>\s*((?:<td>\d+</td>)+)', section))
    assert rows["Notice and Consent Form: Interview with U.S. Immigration and Customs Enforcement (ICE)"].endswith(
        "<td>1</td>")
    assert rows["Know your rights"].endswith("<td>0</td>")
    assert "Error: the placeholders in braces differ from the English." in section
    assert "<code>ice-interview-consent:C10</code>" in section


def test_the_access_log_escapes_control_characters():
    from web.server import escape_controls

    assert escape_controls("/en/\r\nfake 200\u2028") == "/en/\\x0d\\x0afake 200\\x2028"
    assert escape_controls("/en/documents/ice-interview-consent") == "/en/documents/ice-interview-consent"


def test_typed_text_has_a_font_for_every_character_kyr_prints_in_pieces(client):
    from fontTools.ttLib import TTFont

    css = client.get("/fonts.css").get_data(as_text=True)
    rules = re.findall(r'font-family: "(kyr In [^"]+)";.*?url\("([^"]+)"\).*?unicode-range: U\+([0-9A-F]+)-([0-9A-F]+)',
                       css)
    assert {family for family, *_ in rules} == {"kyr In Sans", "kyr In SC", "kyr In KR", "kyr In Arabic",
                                                 "kyr In Gurmukhi", "kyr In Khmer", "kyr In Armenian"}
    for name in ("김민준", "陳美麗", "Nguyễn", "Пётр", "محمد رضا", "ਗੁਰਪ੍ਰੀਤ", "សុខា", "Հովհաննես", "किशोर"):
        for ch in name:
            url = next(u for family, u, lo, hi in rules if int(lo, 16) <= ord(ch) <= int(hi, 16)
                       and (family != "kyr In Sans" or ord(ch) < 0x2E80))
            font = client.get(url)
            assert font.mimetype == "font/ttf" and "immutable" in font.headers["Cache-Control"]
            assert ord(ch) in TTFont(io.BytesIO(font.data)).getBestCmap(), (name, ch)


@pytest.mark.parametrize("url", ["/fonts/input-kr-zz.0.ttf", "/fonts/input-xx-b9.0.ttf", "/fonts/input-kr-ffff.0.ttf"])
def test_unknown_input_font_pieces_are_404(client, url):
    assert client.get(url).status_code == 404


def test_staff_are_told_a_translation_is_a_draft_where_they_choose_it(client):
    page = client.get("/en/documents/ice-interview-consent?lang=vi").get_data(as_text=True)
    assert 'id="draft-note"' in page and "Tiếng Việt (Vietnamese) translation is a draft" in page
    assert 'aria-describedby="draft-note"' in page and "(draft translation)</option>" in page
    roster = client.get("/en/roster").get_data(as_text=True)
    assert 'id="roster-drafts"' in roster and "한국어 (Korean)" in roster


def test_an_empty_choice_says_what_it_means(client):
    page = client.get("/en/documents/ice-request-notice").get_data(as_text=True)
    assert '<option value="">(ICE did not ask for this)</option>' in page
    assert "(the usual reason for that decision, from this agency" in page


def test_the_error_summary_takes_the_focus(client, token):
    page = fill(client, token, ui="en", name="", booking_number="").get_data(as_text=True)
    assert re.search(r'class="error-summary"[^>]*tabindex="-1" autofocus', page)
