"""Every document, in every language and paper size: fonts, structure, pages and text."""

from pathlib import Path

import pytest

from conftest import SAMPLE_NAMES, normalise, page_count, pdffonts, pdftotext, qpdf_check
from kyr.catalogs import load_catalog
from kyr.documents import all_documents
from kyr.languages import LANGUAGES, SOURCE_LANGUAGE
from kyr.profile import load
from kyr.render import placeholders, render

PAGES = {"ice-interview-consent": 1, "ice-request-notice": 1, "release-date-notice": 2, "rights-flyer": 1,
         "rights-card": 2, "policy-brief": 2}
SAMPLES = {
    "ice-request-notice": {"booking_number": "EX-1", "request_type": "detainer", "date_received": "2026-11-20",
                           "date": "2026-11-24", "time": "14:30", "officer": "Deputy Sample #0042"},
    "release-date-notice": {"booking_number": "EX-1", "release_date": "2026-12-01", "release_time": "09:00",
                            "designee_name": "Sam Counsel", "designee_contact": "(555) 010-0444",
                            "date": "2026-11-24", "officer": "Deputy Sample #0042"},
    "rights-flyer": {"date": "2026-11-24"},
    "rights-card": {"date": "2026-11-24"},
    "policy-brief": {"date": "2026-11-24"},
}
NEW_DOCS = [d for d in all_documents() if d != "ice-interview-consent"]


def values(doc_id: str, lang: str) -> dict[str, str]:
    out = dict(SAMPLES.get(doc_id, {}))
    if "name" in all_documents()[doc_id].fields:
        out["name"] = SAMPLE_NAMES[lang]
    return out


@pytest.fixture(scope="module", params=[(d, lang, paper) for d in NEW_DOCS for lang in LANGUAGES
                                        for paper in ("letter", "a4")], ids=lambda p: "-".join(p))
def rendered(request, tmp_path_factory) -> tuple[str, str, str, Path]:
    doc_id, lang, paper = request.param
    path = tmp_path_factory.mktemp("docs") / f"{doc_id}-{lang}-{paper}.pdf"
    render(doc_id, lang, values=values(doc_id, lang), paper=paper, target=path)
    return doc_id, lang, paper, path


def test_page_count(rendered):
    doc_id, _lang, _paper, path = rendered
    if doc_id == "policy-brief":  # "one or two pages"
        assert page_count(path) <= PAGES[doc_id]
    else:
        assert page_count(path) == PAGES[doc_id]


def test_fonts_and_structure(rendered):
    path = rendered[3]
    for row in pdffonts(path):
        assert (row["emb"], row["sub"], row["uni"]) == ("yes", "yes", "yes"), row
    result = qpdf_check(path)
    assert result.returncode == 0, result.stdout


def test_every_message_comes_back(rendered):
    doc_id, lang, _paper, path = rendered
    doc = all_documents()[doc_id]
    catalog = load_catalog(lang)
    holders = placeholders(load(), doc)
    text = normalise(pdftotext(path))
    # Not printed: the summary (for lists) and the labels of choice fields (the boxes speak for them).
    skip = {"summary", "date"} | {f.label.id for f in doc.fields.values() if f.type == "choice"}
    for m in doc.messages:
        if m.id in skip or m.id.startswith("status."):
            continue
        expected = catalog.lookup(m)[0]
        for k, v in holders.items():
            expected = expected.replace("{" + k + "}", v)
        assert normalise(expected) in text, (m.context, expected)
    if "name" in doc.fields:
        assert SAMPLE_NAMES[lang] in pdftotext(path)


def test_chosen_boxes_are_marked_and_defaults_come_from_the_profile():
    from kyr.fields import resolve
    from kyr.languages import get_language
    from kyr.render import prepare

    doc = all_documents()["ice-request-notice"]
    printed = resolve(doc, {"request_type": "detainer"}, get_language("en"), load())
    assert (printed["decision"], printed["reason"]) == ("decline", "state-law")  # the profile's defaults
    page = prepare(doc, "en").page
    with page.filled(printed):
        marked = {(k, v) for k, v, box in page.field_marks if box.checked}
    assert marked == {("request_type", "detainer"), ("decision", "decline"), ("reason", "state-law")}
    assert not any(box.checked for _k, _v, box in page.field_marks)


def test_policy_statuses_show_a_shape_and_a_word(tmp_path):
    path = tmp_path / "brief.pdf"
    render("policy-brief", "en", values={"date": "2026-11-24"}, target=path)
    text = pdftotext(path)
    assert text.count("Not adopted") == 6 and text.count("Unknown") == 4


def test_the_flyer_carries_the_organisations_web_address_as_a_qr_code(tmp_path):
    from conftest import qr_codes

    path = tmp_path / "flyer.pdf"
    render("rights-flyer", "es", values={"date": "2026-11-24"}, target=path)
    codes = qr_codes(path)
    assert "https://rights.example.org/" in codes
    assert any(c.startswith("KYR rights-flyer es") for c in codes)


def test_release_notice_names_the_recipient_of_each_copy(tmp_path):
    path = tmp_path / "release.pdf"
    render("release-date-notice", "en", values=values("release-date-notice", "en"), target=path)
    pages = pdftotext(path).split("\f")
    assert "Copy for the person named on this notice" in pages[0]
    assert "Copy for the person's attorney or designee" in pages[1]
    assert all("Sam Counsel" in p and SAMPLE_NAMES["en"] in p for p in pages[:2])


@pytest.mark.parametrize("doc_id", ["rights-flyer", "policy-brief"])
def test_public_documents_are_monolingual_by_default_and_bilingual_on_request(tmp_path, doc_id):
    mono, both = tmp_path / "mono.pdf", tmp_path / "both.pdf"
    render(doc_id, "ko", values={"date": "2026-11-24"}, target=mono)
    render(doc_id, "ko", values={"date": "2026-11-24"}, bilingual=True, target=both)
    title = all_documents()[doc_id].title.msgid
    assert normalise(title) not in normalise(pdftotext(mono))
    assert normalise(title) in normalise(pdftotext(both))


def test_every_language_has_every_new_document_translated():
    from kyr.catalogs import untranslated

    for lang in LANGUAGES:
        if lang != SOURCE_LANGUAGE:
            for doc in all_documents().values():
                assert untranslated(list(doc.messages), load_catalog(lang)) == [], (lang, doc.id)
