import re

import pytest

from kyr.catalogs import load_catalog, untranslated
from kyr.documents import all_documents, get_document, parse
from kyr.errors import KyrError
from kyr.languages import LANGUAGES

CONSENT = "ice-interview-consent"


def test_consent_form_has_every_required_element():
    doc = get_document(CONSENT)
    ids = {m.id.split(".")[0] for m in doc.messages}
    assert {f"C{i}" for i in range(1, 11)} <= ids


def test_every_message_has_a_translator_comment_naming_its_element():
    for doc in all_documents().values():
        for m in doc.messages:
            assert m.comment, m.context
            if m.id[0] == "C" and m.id[1].isdigit():
                assert m.comment.startswith(m.id.split(".")[0] + ":"), m.context


def test_consent_form_offers_three_exclusive_choices_and_the_statutory_fields():
    doc = get_document(CONSENT)
    choices = [b for b in doc.blocks if b.kind == "choices"]
    assert len(choices) == 1 and len(choices[0].options) == 3
    assert set(doc.fields) == {"name", "booking_number", "facility", "date", "time", "officer", "interpreter"}


# Each required element of ../shared/spec/documents.md and the messages that carry it.
ELEMENTS = {
    "ice-interview-consent": {
        "C1": ["C1"], "C2": ["C2"], "C3": ["C3"], "C4": ["C4"], "C5": ["C5"], "C6": ["C6"],
        "C7": ["C7", "C7.agree", "C7.decline", "C7.attorney", "C7.attorney_name", "C7.attorney_phone"],
        "C8": ["C8", "C8.name", "C8.booking", "C8.signature", "C8.date"],
        "C9": ["C9", "C9.officer", "C9.served", "C9.time", "C9.language", "C9.interpreter", "C9.no_interpreter",
               "C9.read_aloud", "C9.copy_given", "C9.refused", "C9.no_choice"],
        "C10": ["C10"],
    },
    "ice-request-notice": {
        "N1": ["N1"],
        "N2": ["N2", "N2.detainer", "N2.notification", "N2.transfer", "N2.other", "N2.other_text", "N2.received"],
        "N3": ["N3"],
        "N4": ["N4.detainer.decline", "N4.notification.decline_law",
               "N4.notification.decline_policy", "N4.notification.comply", "N4.basis", "N4.transfer.decline_law",
               "N4.transfer.decline_policy", "N4.transfer.warrant", "N4.transfer.comply", "N4.other.decline_law",
               "N4.other.decline_policy", "N4.other.warrant", "N4.other.comply"],
        "N5": ["N5", "N5.date", "N5.time", "N5.officer", "N5.language"],
        "N6": ["N6", "N6.release", "N6.notify", "N6.help"],
    },
    "release-date-notice": {
        "R1": ["R1"],
        "R2": ["R2", "R2.date", "R2.time", "R2.told_date", "R2.told_time"],
        "R3": ["R3", "R3.person", "R3.attorney", "R3.designee", "R3.none", "R3.designee_name",
               "R3.designee_contact", "R3.copy_person", "R3.copy_designee"],
        "R3.reader": ["intro", "intro.designee"],
        "R4": ["R4", "R4.date", "R4.officer", "R4.in_hand", "R4.mail", "R4.email", "R4.phone"],
        "practical": ["practical", "practical.designee"],
    },
    "rights-flyer": {
        "no need to talk": ["F1"], "consent form": ["F2"], "status and birthplace": ["F3"], "signing": ["F4"],
        "no lies": ["F9"], "warrants": ["F10"], "detainer and bail": ["F5", "F11"], "request copy": ["F6"],
        "release date": ["F12"], "no free attorney": ["F13"], "plea": ["F7"], "U visa": ["F8"],
        "help": ["help", "web"],
    },
    "rights-card": {
        "silent": ["K1"], "search": ["K2"], "attorney": ["K3"], "door and warrant": ["K6"], "free to leave": ["K7"],
        "show the back": ["K4"], "language, date, draft": ["K.mark", "K.draft"],
    },
    "policy-brief": {
        **{f"P{i}": [f"P{i}"] for i in range(1, 25)},
        "statuses": [f"status.{s}" for s in ("required", "further", "adopted", "not_adopted", "unknown")],
        "who": ["powers", "A1", "A3", "A7", "A8", "A9", "A10"],
    },
}


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize(("doc_id", "element"), [(d, e) for d, es in ELEMENTS.items() for e in es])
def test_every_spec_element_is_its_own_translated_message(doc_id, element, lang):
    doc = get_document(doc_id)
    by_id = {m.id: m for m in doc.messages}
    catalog = load_catalog(lang)
    for mid in ELEMENTS[doc_id][element]:
        assert mid in by_id, (doc_id, mid)
        message = by_id[mid]
        if re.fullmatch(r"[CNR]\d+", element):
            assert message.comment.startswith(f"{element}"), (mid, message.comment)
        assert untranslated([message], catalog) == [], (lang, mid)


def test_contexts_are_unique_per_document():
    doc = get_document(CONSENT)
    contexts = [m.context for m in doc.messages]
    assert len(contexts) == len(set(contexts))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            'id = "x"\ntitle = {id="t", msg="T"}\nsummary = {id="s", msg="S"}\n[[blocks]]\nkind = "poem"\n',
            "blocks[0]: kind must be one of",
        ),
        ('id = "x"\ntitle = {id="t"}\n', "title: expected a table with 'id' and 'msg'"),
        (
            'id = "x"\ntitle = {id="t", msg="T"}\nsummary = {id="s", msg="S"}\n'
            '[[blocks]]\nkind = "fieldset"\nrows = [{field = "nope"}]\n',
            "unknown field 'nope'",
        ),
        ("id = ", "forms/bad.toml"),
    ],
)
def test_bad_definitions_name_the_file_and_the_key(text, problem):
    with pytest.raises(KyrError, match="forms/bad.toml") as exc:
        parse(text, "forms/bad.toml")
    assert problem in str(exc.value)


def test_unknown_document_lists_known_ones():
    with pytest.raises(KyrError, match=CONSENT):
        get_document("nope")
