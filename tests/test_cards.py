"""Wallet cards: size, count, safe margins, text that fits at a legible size, and duplex alignment."""

import re
import subprocess
from pathlib import Path

import pytest

from kyr import cards
from kyr.languages import LANGUAGES
from kyr.layout import PAPERS, page_size
from kyr.render import prepare, render

MM = 72 / 25.4


def page_streams(pdf: Path) -> list[str]:
    """Each page's content stream, uncompressed (qpdf --qdf writes them in page order)."""
    qdf = pdf.with_suffix(".qdf.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(pdf), str(qdf)], check=True)
    data = qdf.read_bytes().decode("latin-1")
    parts = re.split(r"%% Contents for page \d+", data)[1:]
    return [p.split("endstream")[0] for p in parts]


def card_rects(stream: str) -> list[tuple[float, float]]:
    """Lower-left corners of the card outlines (85.6 x 54 mm rectangles) drawn on a page."""
    out = []
    for m in re.finditer(r"(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+) re", stream):
        x, y, w, h = map(float, m.groups())
        if abs(w - 85.6 * MM) < 0.01 and abs(h - 54 * MM) < 0.01:
            out.append((x, y))
    return out


@pytest.mark.parametrize("paper", list(PAPERS))
def test_as_many_cards_as_fit_inside_the_safe_margins(paper):
    width, height = page_size(paper)
    g = cards.grid(paper)
    assert g.cols * g.rows >= 8
    for x, y in g.positions() + g.positions(back=True):
        assert x >= 6 * MM - 1e-6 and x + cards.CARD_W <= width - 6 * MM + 1e-6
        assert y >= 6 * MM - 1e-6 and y + cards.CARD_H <= height - 6 * MM + 1e-6
    # one more column or row would not fit
    assert (g.cols + 1) * cards.CARD_W > width - 2 * (cards.SAFE + cards.MARKS)
    assert (g.rows + 1) * cards.CARD_H > height - 2 * (cards.SAFE + cards.MARKS) - cards.FOOTER


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_card_text_fits_at_a_legible_size_by_measurement(lang, paper):
    front, back = cards.sides(prepare("rights-card", lang, paper=paper))
    for side in (front, back):
        assert side.size >= cards.MIN_PT
        assert side.height() <= cards.CARD_H - 2 * cards.PAD
        for para in side.paragraphs:
            assert para.style.fontSize >= cards.MIN_PT


@pytest.mark.parametrize("paper", list(PAPERS))
def test_front_and_back_positions_mirror_exactly_for_long_edge_duplex(tmp_path, paper):
    path = tmp_path / "cards.pdf"
    render("rights-card", "vi", values={"date": "2026-11-24"}, paper=paper, target=path)
    front, back = (card_rects(s) for s in page_streams(path))
    width, _ = page_size(paper)
    g = cards.grid(paper)
    assert len(front) == len(back) == g.cols * g.rows
    mirrored = sorted((round(width - x - 85.6 * MM, 2), round(y, 2)) for x, y in front)
    assert mirrored == sorted((round(x, 2), round(y, 2)) for x, y in back)


def test_cut_marks_line_up_with_every_card_edge(tmp_path):
    path = tmp_path / "cards.pdf"
    render("rights-card", "en", values={"date": "2026-11-24"}, target=path)
    stream = page_streams(path)[0]
    g = cards.grid("letter")
    xs = {round(float(m.group(1)), 2) for m in re.finditer(r"([\d.]+) [\d.]+ m ([\d.]+) [\d.]+ l", stream)
          if m.group(1) == m.group(2)}
    for c in range(g.cols + 1):
        assert round(g.x0 + c * cards.CARD_W, 2) in xs


def test_back_is_the_english_statement_for_an_officer(tmp_path):
    from conftest import pdftotext

    path = tmp_path / "cards.pdf"
    render("rights-card", "zh_Hant", values={"date": "2026-11-24"}, target=path)
    front, back = pdftotext(path).split("\f")[:2]
    assert "I am exercising my right to remain silent." in back
    assert "I am exercising" not in front and "知道" not in back


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_cut_out_card_carries_its_language_date_and_draft_mark(lang, tmp_path):
    from conftest import pdftotext, squash
    from kyr.catalogs import load_catalog
    from kyr.documents import get_document

    path = tmp_path / "cards.pdf"
    render("rights-card", lang, values={"date": "2026-11-24"}, target=path)
    # Without white space: poppler spaces a right-to-left line's brackets and punctuation apart.
    front = squash(pdftotext(path).split("\f")[0])
    cards_on_sheet = cards.grid("letter").cols * cards.grid("letter").rows
    label = squash(LANGUAGES[lang].label)
    assert front.count(label) >= cards_on_sheet, front
    if lang != "en":  # every translated catalog here is a draft
        draft = squash(load_catalog(lang).lookup(get_document("rights-card").cards.draft)[0])
        assert front.count(draft) >= cards_on_sheet
