"""The pseudo-locale: long, accented, bracketed text survives every document and nothing escapes it."""

import re

import pytest

from conftest import normalise, page_count, pdftotext
from kyr import __version__
from kyr.documents import all_documents
from kyr.languages import get_language
from kyr.layout import PAPERS
from kyr.profile import load
from kyr.pseudo import EXPANSION, pseudo
from kyr.render import placeholders, render


def test_pseudo_text_is_accented_expanded_bracketed_and_keeps_placeholders():
    text = "Free or low-cost legal help: {organization}, {phone}."
    out = pseudo(text)
    assert out.startswith("[") and out.endswith("]")
    assert "{organization}" in out and "{phone}" in out
    assert len(out) >= len(text) * (1 + EXPANSION)
    assert "é" in pseudo("legal")


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("doc_id", list(all_documents()))
def test_every_document_survives_the_pseudo_locale_with_no_text_outside_the_catalogs(tmp_path, doc_id, paper):
    doc = all_documents()[doc_id]
    path = tmp_path / "qps.pdf"
    render(doc, "qps", values={"date": "2026-11-24"} if doc.date_field else {}, paper=paper, target=path)
    assert page_count(path) == len(doc.copies or [None]) * (2 if doc.layout == "cards" else 1) or doc.max_pages > 1
    text = normalise(pdftotext(path))
    text = re.sub(r"\[[^\[\]]*\]", " ", text)  # everything that came through the catalog
    profile = placeholders(load(), doc)
    known = [normalise(m.msgid.format(**profile)) for m in doc.messages]  # the English column
    known += [normalise(v) for v in profile.values()]
    known += [doc.statute, f"({get_language('qps').english_name})", "KYR", doc_id, "qps", "pseudo", f"v{__version__}"]
    known += [load().get("agency.facility"), "•", "?", "November 24, 2026"]  # "?": the unknown-status mark
    if doc.cards:
        known += [doc.cards.back_title, *doc.cards.back]
    for k in sorted((k for k in known if k), key=len, reverse=True):
        text = text.replace(k, " ")
    leftover = re.sub(r"\br[0-9a-f]{8}\b", " ", text).split()
    assert leftover == [], f"text that did not come from the catalog: {leftover}"
