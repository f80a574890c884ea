"""Every document, in every language and paper size: fonts, structure, pages and text."""

from pathlib import Path

import pytest

from conftest import SAMPLE_NAMES, normalise, page_count, pdffonts, pdftotext, qpdf_check
from kyr.catalogs import load_catalog
from kyr.documents import all_documents
from kyr.languages import LANGUAGES, SOURCE_LANGUAGE
from kyr.profile import load
from kyr.render import placeholders, render

PAGES = {"ice-interview-consent": 1, "ice-request-notice": 2, "release-date-notice": 2, "rights-flyer": 1,
         "rights-card": 2, "policy-brief": 2}
SAMPLES = {
    "ice-request-notice": {"booking_number": "EX-1", "detainer": "decline", "notification": "comply",
                           "notification_basis": "PC 245(a)(1) conviction", "date_received": "2026-11-20",
                           "date": "2026-11-24", "time": "14:30", "officer": "Deputy Sample #0042"},
    "release-date-notice": {"booking_number": "EX-1", "release_date": "2026-12-01", "release_time": "09:00",
                            "told_date": "2026-11-23", "told_time": "16:15", "recipient": "attorney",
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
    # Not printed: the summary (for lists), the labels of choice fields and of their values (the boxes
    # speak for them), and the card's mark with its placeholders (tests/test_cards.py reads it filled in).
    skip = {"summary", "date", "K.mark"} | {f.label.id for f in doc.fields.values() if f.type == "choice"}
    skip |= {m.id for f in doc.fields.values() for m in f.labels.values()}
    if lang == SOURCE_LANGUAGE:
        skip.add("K.draft")  # the English source is not a draft translation
    for m in doc.messages:
        if m.id in skip or m.id.startswith("status."):
            continue
        expected = catalog.lookup(m)[0]
        for k, v in holders.items():
            expected = expected.replace("{" + k + "}", v)
        assert normalise(expected) in text, (m.context, expected)
    if "name" in doc.fields:
        assert normalise(SAMPLE_NAMES[lang]) in normalise(pdftotext(path))


def test_chosen_boxes_are_marked_and_reasons_default_from_the_profile():
    from kyr.documents import holds
    from kyr.fields import resolve
    from kyr.languages import get_language
    from kyr.render import prepare

    doc = all_documents()["ice-request-notice"]
    printed = resolve(doc, {"name": "A", "booking_number": "EX-1", "detainer": "decline", "transfer": "decline"},
                      get_language("en"), load())
    # The profile's usual reasons; no decision at all for what ICE did not ask.
    assert (printed["detainer_reason"], printed["transfer_reason"]) == ("state-law", "local-policy")
    assert "notification" not in printed and "notification_reason" not in printed
    page = prepare(doc, "en").page
    with page.filled(printed):
        marked = {when for when, box in page.field_marks if box.checked}
    assert marked == {(("detainer", None),), (("detainer", "decline"), ("detainer_reason", "state-law")),
                      (("transfer", None),), (("transfer", "decline"), ("transfer_reason", "local-policy"))}
    assert all(holds(when, printed) for when in marked)
    assert not any(box.checked for _when, box in page.field_marks)


def test_a_reason_the_law_does_not_allow_for_the_decision_is_refused():
    from kyr.fields import FieldError, resolve
    from kyr.languages import get_language

    doc = all_documents()["ice-request-notice"]
    en = get_language("en")
    person = {"name": "A", "booking_number": "EX-1"}
    with pytest.raises(FieldError, match="transfer_reason.*judicial-warrant, state-law-allows"):
        resolve(doc, {**person, "transfer": "comply", "transfer_reason": "local-policy"}, en, load())
    with pytest.raises(FieldError, match="'notification' is not"):
        resolve(doc, {**person, "notification_reason": "state-law"}, en, load())
    # No jail may hold anyone on an ICE hold request (Gov. Code 7284.6(a)(1)(B)): "comply" is refused.
    with pytest.raises(FieldError, match="field 'detainer': comply is not possible"):
        resolve(doc, {**person, "detainer": "comply"}, en, load())
    # Where only one reason goes with the decision, it is taken, whatever the profile says.
    assert resolve(doc, {**person, "notification": "comply"}, en, load())["notification_reason"] == "state-law-allows"


@pytest.mark.parametrize("field", ["request_type", "decision", "reason", "request_other"])
def test_the_old_single_request_fields_say_what_replaced_them(field):
    from kyr.errors import KyrError
    from kyr.fields import resolve
    from kyr.languages import get_language

    with pytest.raises(KyrError, match=f"field '{field}' of ice-request-notice was replaced by"):
        resolve(all_documents()["ice-request-notice"], {field: "detainer"}, get_language("en"), load(),
                require=False)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_an_i247a_hold_declined_and_notification_complied_reads_back_in_every_language(lang, tmp_path):
    """The usual California answer to DHS form I-247A: no hold, but the release date goes to ICE."""
    doc = all_documents()["ice-request-notice"]
    catalog = load_catalog(lang)
    path = tmp_path / "i247a.pdf"
    render(doc, lang, values={"name": SAMPLE_NAMES[lang], "booking_number": "EX-1", "detainer": "decline",
                              "notification": "comply", "notification_basis": "PC 245(a)(1)"}, target=path)
    text = normalise(pdftotext(path))
    by_id = {m.id: m for m in doc.messages}
    for mid in ("N2.detainer", "N4.detainer.decline", "N2.notification", "N4.notification.comply"):
        assert normalise(catalog.lookup(by_id[mid])[0]) in text, (lang, mid)
    assert "PC 245(a)(1)" in text
    prepared_values = {"detainer": "decline", "detainer_reason": "state-law", "notification": "comply",
                       "notification_reason": "state-law-allows"}
    from kyr.render import prepare

    page = prepare(doc, lang).page
    with page.filled(prepared_values):
        marked = {when for when, box in page.field_marks if box.checked}
    assert marked == {(("detainer", None),), (("notification", None),),
                      (("detainer", "decline"), ("detainer_reason", "state-law")),
                      (("notification", "comply"), ("notification_reason", "state-law-allows"))}


def test_policy_statuses_show_a_shape_and_a_word(tmp_path):
    path = tmp_path / "brief.pdf"
    render("policy-brief", "en", values={"date": "2026-11-24"}, target=path)
    text = normalise(pdftotext(path))
    assert text.count("Not adopted") == 5 and text.count("Unknown") == 4
    # What California law already requires is never a local option "not adopted": it names the law.
    assert text.count("Required by state law") == 10 and text.count("Goes further than state law") == 1
    for law in ("Gov. Code § 7284.6(a)(1)(B)", "Civil Code § 1670.9", "Gov. Code § 7283.1(a)", "Penal Code § 1016.3",
                "Penal Code § 679.10"):
        assert law in text
    assert "Who: district attorney" in text and "Who: school board" in text


def test_a_profile_cannot_mark_what_state_law_requires_as_not_adopted():
    from kyr.errors import KyrError
    from kyr.profile import parse

    base = (Path(__file__).parents[1] / "kyr/profiles/example.toml").read_text()
    with pytest.raises(KyrError, match="policies.no_holds must be one of required, further"):
        parse(base.replace("[policies]\n", '[policies]\nno_holds = "not_adopted"\n'), "test.toml")


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
    pages = [normalise(p) for p in pdftotext(path).split("\f")]
    assert "Copy for the person named on this notice" in pages[0]
    assert "Copy for the person's attorney or the one person they chose" in pages[1]
    assert all("Sam Counsel" in p and SAMPLE_NAMES["en"] in p for p in pages[:2])


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_designees_copy_speaks_to_its_reader_about_the_person(lang, tmp_path):
    doc = all_documents()["release-date-notice"]
    by_id = {m.id: m for m in doc.messages}
    catalog = load_catalog(lang)
    path = tmp_path / "release.pdf"
    render(doc, lang, values=values("release-date-notice", lang), target=path)
    person, designee = (normalise(p) for p in pdftotext(path).split("\f")[:2])
    text = lambda mid: normalise(catalog.lookup(by_id[mid])[0])  # noqa: E731
    # The person's copy speaks to the person; the designee's copy names the person in the third person.
    assert text("intro") in person and text("intro") not in designee
    assert text("intro.designee") in designee and text("practical.designee") in designee
    assert text("rights") not in designee
    assert normalise(SAMPLE_NAMES[lang]) in designee
    if lang == "en":
        assert "you will be released" not in designee and "you are being released" not in designee
        assert "the person named above is being released or will be released" in designee


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
