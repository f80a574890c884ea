"""The pseudo-locale: long, accented, bracketed text survives every document and nothing escapes it."""

import re

import pytest

from conftest import normalise, page_count, pdftotext
from kyr import __version__
from kyr.documents import all_documents
from kyr.grammar import fill
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
    staff = doc.audience == "staff"  # a blank staff form: a filled one needs the person's name
    values = {"date": "2026-11-24"} if doc.date_field and not staff else {}
    render(doc, "qps", values=values, blank=staff, paper=paper, target=path)
    copies = len(doc.copies or [None])
    assert page_count(path) == copies * (2 if doc.layout == "cards" else doc.fixed_pages) or doc.max_pages > 1
    text = normalise(pdftotext(path))
    for _ in range(2):  # everything that came through the catalog (the card's mark holds the bracketed label)
        text = re.sub(r"\[[^\[\]]*\]", " ", text)
    profile = placeholders(load(), doc)
    known = [normalise(fill(m.msgid, profile)) for m in doc.messages]  # the English column
    known += [normalise(v) for v in profile.values()]
    known += [doc.statute, f"({get_language('qps').english_name})", "KYR", doc_id, "qps", "pseudo", f"v{__version__}"]
    known += [load().get("agency.facility"), "•", "?", "November 24, 2026"]  # "?": the unknown-status mark
    known += [item.law for block in doc.blocks for item in block.items if item.law]  # citations, as written
    known += [f"Page {n} of {doc.fixed_pages}" for n in range(1, doc.fixed_pages + 1)]
    if doc.cards:
        known += [doc.cards.back_title, *doc.cards.back]
    for k in sorted((k for k in known if k), key=len, reverse=True):
        text = text.replace(k, " ")
    leftover = re.sub(r"\br[0-9a-f]{8}\b", " ", text).split()
    assert leftover == [], f"text that did not come from the catalog: {leftover}"
