"""Legible at arm's length: every character's size read back from the PDF, and where its lines break."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from conftest import _require
from kyr import cards, layout
from kyr.documents import all_documents
from kyr.errors import KyrError
from kyr.fields import FieldError
from kyr.languages import LANGUAGES
from kyr.render import render

FLOOR = layout.MIN_PT
FOOTER_FLOOR = 6.0
# Long, realistic values, near the length a jail's records hold (invented people).
LONG_NAMES = {
    "en": "Alexandra Montgomery-Washington Jr.",
    "es": "María de los Ángeles Guadalupe Hernández-Rodríguez",
    "zh_Hans": "欧阳明月 (Ouyang Mingyue)",
    "zh_Hant": "司馬美麗 (Sima Meili)",
    "tl": "Maria Concepcion Villanueva dela Cruz-Santos",
    "vi": "Nguyễn Thị Thanh Hương Phạm Hoàng",
    "ko": "남궁민준 (Namgung Minjun)",
    "ru": "Александра Петрова-Водкина",
    "ja": "長谷川美咲子 (Hasegawa Misako)",
    "hmn": "Nplooj Siab Xyooj Vaj",
    "hy": "Հովհաննես Մկրտչյան-Տեր-Պետրոսյան",
    "fa": "محمدرضا می\u200cخواهد حسینی‌نژاد (Mohammadreza Hosseininejad)",
    "ar": "عبد الرحمن محمد الحسيني (Abdulrahman Alhusseini)",
    "pa": "ਗੁਰਪ੍ਰੀਤ ਕੌਰ ਸੰਧੂ-ਢਿੱਲੋਂ (Gurpreet Kaur Sandhu)",
    "km": "សុខ ចាន់ស្រីពៅ ឧត្តម (Sok Chansreypov Oudom)",
}
LONG_VALUES = {
    "booking_number": "BK-2026-00123456",
    "facility": "Example County Main Jail, North Annex, Housing Unit 4",
    "date": "2026-11-24",
    "time": "14:30",
    "officer": "Deputy A. Montgomery, ID 004217",
    "interpreter": "Telephone interpreter, language line ID 738291",
    "date_received": "2026-11-20",
    "detainer": "decline",
    "notification": "comply",
    "notification_basis": "Penal Code 245(a)(1) conviction, 2019",
    "transfer": "decline",
    "other": "decline",
    "other_request": "Interview about place of birth and prior removal order",
    "person_to_notify": "Samuel Counsel, attorney, (555) 010-0444",
    "release_date": "2026-12-01",
    "release_time": "09:00",
    "told_date": "2026-11-23",
    "told_time": "16:15",
    "recipient": "designee",
    "designee_name": "Guadalupe Hernández-Rodríguez (sister)",
    "designee_contact": "1234 Example Avenue, Apt 5, Exampleville, CA 90000",
}
PAGE_DOCS = [d for d in all_documents().values() if d.layout == "page"]


def filled(doc, lang: str) -> dict[str, str]:
    values = {k: v for k, v in LONG_VALUES.items() if k in doc.fields}
    if "name" in doc.fields:
        values["name"] = LONG_NAMES[lang]
    return values


def char_sizes(pdf: bytes) -> list[tuple[int, str, float, float]]:
    """(page, character, font size, height of its baseline above the page's bottom) for every drawn character."""
    out = []
    document = pdfium.PdfDocument(pdf)
    for number, page in enumerate(document):
        text = page.get_textpage()
        for i in range(text.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(text.raw, i):
                continue
            ch = chr(pdfium_c.FPDFText_GetUnicode(text.raw, i))
            if ch.isspace():
                continue
            _left, bottom, _right, _top = text.get_charbox(i)
            out.append((number, ch, pdfium_c.FPDFText_GetFontSize(text.raw, i), bottom))
    return out


def assert_legible(pdf: bytes, footer_top: float, what: str) -> None:
    small = [(p, ch, round(size, 2)) for p, ch, size, y in char_sizes(pdf)
             if size < (FOOTER_FLOOR if y < footer_top else FLOOR) - 0.01]
    assert not small, f"{what}: text under the floor: {small[:10]}"


@pytest.mark.parametrize("paper", list(layout.PAPERS))
@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("doc", PAGE_DOCS, ids=lambda d: d.id)
def test_no_text_under_seven_points_blank_or_filled(doc, lang, paper):
    footer_top = layout.MARGIN + layout.FOOTER_HEIGHT
    assert_legible(render(doc, lang, paper=paper, blank=doc.audience == "staff"), footer_top,
                   f"{doc.id} {lang} {paper} blank")
    assert_legible(render(doc, lang, paper=paper, values=filled(doc, lang)), footer_top,
                   f"{doc.id} {lang} {paper} filled")


@pytest.mark.parametrize("paper", list(layout.PAPERS))
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_wallet_cards_have_no_text_under_seven_points(lang, paper):
    sheet_footer_top = cards.SAFE + cards.FOOTER
    assert_legible(render("rights-card", lang, paper=paper, values={"date": "2026-11-24"}), sheet_footer_top,
                   f"rights-card {lang} {paper}")


CLOSING = "，。、）；：！？」』】〉》"
PHONE = re.compile(r"\(\d{3}\)\s\d{3}-\d{4}")


def text_lines(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([_require("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return [line.strip() for line in out.stdout.decode("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("doc", list(all_documents().values()), ids=lambda d: d.id)
def test_lines_break_where_the_script_allows(doc, lang, tmp_path):
    lines = text_lines(render(doc, lang, values=filled(doc, lang)), tmp_path)
    starts = [line for line in lines if line[0] in CLOSING]
    assert not starts, f"lines starting with closing punctuation: {starts}"
    text = "\n".join(lines)
    for number in ("(555) 010-0199", "(555) 010-0123"):
        digits = re.escape(number).replace(r"\ ", r"\s")
        broken = re.search(digits.replace("010", r"\n?010"), text)
        if broken:
            assert "\n" not in broken.group(0), f"phone number split across lines: {broken.group(0)!r}"
    assert not any(line in ("(ICE)", "ICE)") for line in lines), "(ICE) alone on a line"
    assert not any(line.startswith("247A") for line in lines), "I-247A split across lines"


@pytest.mark.parametrize("doc", PAGE_DOCS, ids=lambda d: d.id)
def test_korean_keeps_every_word_whole(doc, tmp_path):
    """Korean breaks lines between words: every printed word with Hangul is a whole word of the text."""
    from kyr.catalogs import load_catalog
    from kyr.common import ALL
    from kyr.fields import resolve
    from kyr.grammar import fill
    from kyr.profile import load
    from kyr.render import placeholders

    catalog = load_catalog("ko")
    words = set(LANGUAGES["ko"].label.split()) | set(LONG_NAMES["ko"].split())
    holders = {**placeholders(load(), doc), "page": "1", "pages": "2"}
    for m in (*doc.messages, *ALL):
        for page in ("1", "2"):
            words.update(fill(catalog.lookup(m)[0], {**holders, "page": page}).split())
    for value in resolve(doc, filled(doc, "ko"), LANGUAGES["ko"], load()).values():
        words.update(value.split())
    hangul = re.compile(r"[\uac00-\ud7a3]")
    for line in text_lines(render(doc, "ko", values=filled(doc, "ko")), tmp_path):
        for piece in line.split():
            if hangul.search(piece):
                assert any(piece == w or (w.startswith(piece) and not hangul.match(w[len(piece):] or "a"))
                           for w in words), f"{piece!r} is not a whole word (line: {line!r})"


@pytest.mark.parametrize("lang", ["en", "zh_Hant", "vi"])
def test_a_long_name_wraps_at_the_same_size_and_a_longer_one_is_refused(lang):
    doc = all_documents()["ice-interview-consent"]
    name = "Maria de los Angeles Guadalupe Hernandez-Rodriguez de la Cruz Villanueva Santos"
    pdf = render(doc, lang, values={"name": name, "booking_number": "EX-1"})
    sizes = {round(size, 2) for _p, ch, size, _y in char_sizes(pdf) if ch in "Guadalupe"}
    body = {round(size, 2) for _p, ch, size, _y in char_sizes(render(doc, lang, values={
        "name": "Ana Guadalupe", "booking_number": "EX-1"})) if ch in "Guadalupe"}
    assert sizes <= body  # wrapped, not shrunk
    with pytest.raises(FieldError, match="field 'name' does not fit its 2 line"):
        render(doc, lang, values={"name": "陳" * 80, "booking_number": "EX-1"})


@pytest.mark.parametrize("value", ["", "   "])
def test_a_filled_form_without_its_required_values_is_refused(value):
    with pytest.raises(FieldError, match="required field 'name' is empty"):
        render("ice-interview-consent", "en", values={"name": value, "booking_number": "EX-1"})


def test_a_blank_form_still_prints_without_values():
    assert render("ice-interview-consent", "en", blank=True)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_policy_brief_repeats_issuer_title_and_page_number_on_every_page(lang, tmp_path):
    from kyr.catalogs import load_catalog
    from kyr.common import PAGE

    doc = all_documents()["policy-brief"]
    path = tmp_path / "brief.pdf"
    path.write_bytes(render(doc, lang, values={"date": "2026-11-24"}))
    out = subprocess.run([_require("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    pages = [p for p in out.stdout.decode("utf-8").split("\f") if p.strip()]
    catalog = load_catalog(lang)
    title, page_text = catalog.lookup(doc.title)[0], catalog.lookup(PAGE)[0]
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        flat = " ".join(page.split())
        assert "Example Rights Network" in flat and title in flat
        assert page_text.replace("{page}", str(n)).replace("{pages}", str(len(pages))) in flat
        # A heading never ends a page: the last text line of the body is not a section heading.
        body = [line for line in page.splitlines() if line.strip() and not line.startswith("KYR ")]
        headings = {catalog.lookup(b.heading)[0] for b in doc.blocks if b.heading}
        assert body[-1].strip() not in headings


def test_language_names_print_once_without_nested_brackets():
    assert LANGUAGES["zh_Hant"].label == "繁體中文 (Traditional Chinese)"
    assert all(label.count("(") <= 1 for label in (lang.label for lang in LANGUAGES.values()))


def test_a_value_no_font_draws_is_still_refused():
    with pytest.raises(KyrError):
        render("ice-interview-consent", "en", values={"name": "Ann \U0001f600", "booking_number": "EX-1"})
