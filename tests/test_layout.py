import pytest
from reportlab.platypus import Spacer, Table

from kyr.catalogs import Translator, load_catalog
from kyr.documents import all_documents
from kyr.languages import LANGUAGES, get_language
from kyr.layout import PAPERS, Frame, OneLine, build, count_pages, split_pages, story_height
from kyr.profile import load
from kyr.render import placeholders
from kyr.textruns import chain_for


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_document_fits_one_page_at_a_legible_size(lang, paper):
    language = get_language(lang)
    for doc in all_documents().values():
        if doc.layout == "cards":
            continue  # measured in test_cards.py
        page = build(doc, language, Translator(load_catalog(lang)), placeholders(load(), doc), paper,
                     bilingual=doc.bilingual_default)
        frame = Frame.for_paper(paper)
        if doc.max_pages == 1:  # every page it breaks into (its copies, its page breaks) fits its page
            assert all(story_height(part, frame) <= frame.height for part in split_pages(page.story))


def test_filling_a_page_never_changes_its_height_and_leaves_no_values_behind():
    doc = all_documents()["ice-interview-consent"]
    page = build(doc, get_language("vi"), Translator(load_catalog("vi")), placeholders(load()), "letter")
    frame = Frame.for_paper("letter")
    empty = story_height(page.story, frame)
    with page.filled({"name": "Nguyễn " * 11, "officer": "X"}) as story:
        assert story_height(story, frame) == empty
        assert any(line.text for _key, line in page.field_lines)
    assert not any(line.text for _key, line in page.field_lines)


def test_one_line_values_shrink_instead_of_wrapping():
    line = OneLine("x" * 200, chain_for(("NotoSans",)), 10)
    w, h = line.wrap(100, 100)
    assert (w, h) == (100, 12.5)


def test_right_to_left_tables_mirror_columns_and_sides():
    from kyr.layout.flowables import _mirror

    assert _mirror(("LINEBEFORE", (2, 0), (2, -1), 0.4), 3) == ("LINEAFTER", (0, 0), (0, -1), 0.4)
    assert _mirror(("BOX", (0, 0), (-1, -1)), 4) == ("BOX", (0, 0), (3, -1))
    assert _mirror(("LEFTPADDING", (1, 2), (1, 2), 5), 4) == ("RIGHTPADDING", (2, 2), (2, 2), 5)


def test_a_cached_story_can_be_laid_out_again_after_a_flowable_moved_to_the_next_page():
    # Platypus marks such a flowable "postponed" and never clears it; a second build would then fail.
    frame = Frame.for_paper("letter")
    story = [Spacer(1, frame.height - 60), Table([["one row cannot split"]], rowHeights=120)]
    assert count_pages(story, "letter") == 2
    assert count_pages(story, "letter") == 2


def _tables(story):
    return [f for f in story if isinstance(f, Table)]


@pytest.mark.parametrize("lang", ["es", "tl", "vi", "ko"])
def test_the_legal_help_box_keeps_its_text_off_the_border_and_its_distance_below(lang):
    doc = all_documents()["ice-interview-consent"]
    page = build(doc, get_language(lang), Translator(load_catalog(lang)), placeholders(load(), doc), "letter")
    story = page.story
    boxed = [i for i, f in enumerate(story) if isinstance(f, Table)
             and any(cmd[0] == "BOX" for cmd in f._linecmds)]
    assert boxed
    for i in boxed:
        table = story[i]
        cells = table._cellStyles[0]
        assert cells[0].leftPadding > 0 and cells[-1].rightPadding > 0  # the text never touches the box
        after = story[i + 1] if i + 1 < len(story) else None
        assert after is None or (isinstance(after, Spacer) and after.height >= 3)


def test_the_second_line_under_a_choice_starts_where_the_english_text_does():
    doc = all_documents()["ice-interview-consent"]
    page = build(doc, get_language("ko"), Translator(load_catalog("ko")), placeholders(load(), doc), "letter")
    choices = next(t for t in _tables(page.story) if len(t._cellvalues[0]) == 4 and len(t._cellvalues) >= 5)
    option_row, label_row = choices._cellStyles[0], choices._cellStyles[3]
    assert label_row[3].leftPadding == option_row[3].leftPadding > 0  # the attorney's phone label, in line
