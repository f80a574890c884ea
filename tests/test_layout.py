import pytest

from kyr.catalogs import Translator, load_catalog
from kyr.documents import all_documents
from kyr.languages import LANGUAGES, get_language
from kyr.layout import PAPERS, Frame, OneLine, build, story_height
from kyr.profile import load
from kyr.render import placeholders
from kyr.textruns import chain_for

MIN_BODY_PT = 7.0


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_document_fits_one_page_at_a_legible_size(lang, paper):
    language = get_language(lang)
    for doc in all_documents().values():
        t = Translator(load_catalog(lang))
        story, scale = build(doc, language, t, {}, placeholders(load()), paper)
        frame = Frame.for_paper(paper)
        assert story_height(story, frame) <= frame.height
        assert 9.6 * scale >= MIN_BODY_PT


def test_the_page_height_does_not_depend_on_field_values():
    doc = all_documents()["ice-interview-consent"]
    language = get_language("vi")
    frame = Frame.for_paper("letter")
    heights = []
    for name in ("A", "Nguyễn " * 11):
        story, _ = build(
            doc, language, Translator(load_catalog("vi")), {"name": name}, placeholders(load()), "letter", scale=1.0
        )
        heights.append(story_height(story, frame))
    assert heights[0] == heights[1]


def test_one_line_values_shrink_instead_of_wrapping():
    line = OneLine("x" * 200, chain_for(("NotoSans",)), 10)
    w, h = line.wrap(100, 100)
    assert (w, h) == (100, 12.5)
