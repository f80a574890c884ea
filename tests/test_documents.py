import pytest

from kyr.documents import all_documents, get_document, parse
from kyr.errors import KyrError

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
    assert set(doc.fields) == {"name", "booking_number", "facility", "date", "officer", "interpreter"}


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
