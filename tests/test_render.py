"""The consent form, end to end: what pdffonts, pdftotext and qpdf see, in every language and paper size."""

import io
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import (
    SAMPLE_NAMES,
    SAMPLE_VALUES,
    golden_values,
    normalise,
    page_count,
    pdffonts,
    pdftotext,
    qpdf_check,
    qr_codes,
    squash,
)
from kyr import common
from kyr.catalogs import IncompleteTranslation, default_locales_dir, load_catalog, po_path
from kyr.documents import all_documents, get_document
from kyr.errors import KyrError
from kyr.languages import LANGUAGES, SOURCE_LANGUAGE
from kyr.profile import load
from kyr.render import placeholders, prepare, render

DOC = "ice-interview-consent"
GOLDEN = Path(__file__).parent / "golden"


def filled(lang: str) -> dict[str, str]:
    return {"name": SAMPLE_NAMES[lang], **SAMPLE_VALUES}


def expected_messages(lang: str) -> list[str]:
    """Every message of the form as it must appear: translated, English beside, profile values filled."""
    catalog = load_catalog(lang)
    holders = placeholders(load())
    out = []
    for m in get_document(DOC).messages:
        if m.id == "summary":
            continue
        texts = [catalog.lookup(m)[0]] + ([m.msgid] if lang != SOURCE_LANGUAGE else [])
        for text in texts:
            for k, v in holders.items():
                text = text.replace("{" + k + "}", v)
            out.append(text)
    return out


@pytest.fixture(
    scope="module",
    params=[(lang, paper) for lang in LANGUAGES for paper in ("letter", "a4")],
    ids=lambda p: f"{p[0]}-{p[1]}",
)
def rendered(request, tmp_path_factory):
    lang, paper = request.param
    path = tmp_path_factory.mktemp("pdf") / f"{lang}-{paper}.pdf"
    render(DOC, lang, values=filled(lang), paper=paper, target=path)
    return lang, paper, path


def test_one_page(rendered):
    assert page_count(rendered[2]) == 1


def test_only_embedded_subset_fonts_with_unicode_maps(rendered):
    rows = pdffonts(rendered[2])
    assert rows
    for row in rows:
        assert (row["emb"], row["sub"], row["uni"]) == ("yes", "yes", "yes"), row
        assert "Helvetica" not in row["name"]


def test_qpdf_finds_no_structural_problem(rendered):
    result = qpdf_check(rendered[2])
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_message_and_the_typed_name_come_back_exactly(rendered):
    lang, _paper, path = rendered
    text = normalise(pdftotext(path))
    for message in expected_messages(lang):
        assert normalise(message) in text, message
    assert normalise(SAMPLE_NAMES[lang]) in normalise(pdftotext(path))


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("doc", list(all_documents().values()), ids=lambda d: d.id)
def test_text_matches_the_reviewed_golden_file(doc, lang, paper, tmp_path):
    path = tmp_path / "doc.pdf"
    render(doc, lang, values=golden_values(doc, lang), paper=paper, target=path)
    golden = GOLDEN / f"{doc.id}.{lang}.{paper}.txt"
    assert golden.exists(), f"no golden text {golden.name}: run `make golden` and review the diff"
    assert pdftotext(path).split() == golden.read_text(encoding="utf-8").split(), (
        f"{golden.name} differs: run `make golden` and review the diff"
    )


def test_provenance_code_names_document_language_revision_and_status(rendered):
    lang, _paper, path = rendered
    text = pdftotext(path)
    status = "source" if lang == SOURCE_LANGUAGE else "draft"
    assert f"KYR {DOC} {lang} r" in text and f" {status} v" in text
    if lang != SOURCE_LANGUAGE:
        assert squash(common.STATUS_DRAFT.msgid) in squash(text)


def test_the_qr_code_carries_the_printed_provenance_code(rendered):
    lang, _paper, path = rendered
    codes = qr_codes(path)
    assert len(codes) == 1 and codes[0].startswith(f"KYR {DOC} {lang} r")
    assert codes[0] in pdftotext(path)


def test_blank_form_has_lines_but_no_person_data(tmp_path):
    path = tmp_path / "blank.pdf"
    render(DOC, "vi", blank=True, target=path)
    text = pdftotext(path)
    assert SAMPLE_NAMES["vi"] not in text and "EX-2026" not in text
    assert "Example County Main Jail" in text  # the facility comes from the profile
    assert page_count(path) == 1


def test_returns_bytes_without_a_target_and_writes_file_objects():
    data = render(DOC, "ko", values=filled("ko"))
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    buf = io.BytesIO()
    assert render(DOC, "ko", values=filled("ko"), target=buf) is None
    assert buf.getvalue()[:5] == b"%PDF-"


def test_chinese_name_prints_on_an_english_form(tmp_path):
    path = tmp_path / "en.pdf"
    render(DOC, "en", values={"name": "李小龍 Nguyễn 김민준", "booking_number": "EX-1"}, target=path)
    assert "李小龍 Nguyễn 김민준" in pdftotext(path)
    names = {row["name"].split("+")[1] for row in pdffonts(path)}
    assert {"NotoSans-Regular", "NotoSansSC-Regular", "NotoSansKR-Regular"} <= names


def incomplete_locales(tmp_path: Path) -> Path:
    locales = tmp_path / "locales"
    shutil.copytree(default_locales_dir(), locales)
    po = po_path(locales, "es")
    text = po.read_text(encoding="utf-8")
    start = text.index('msgctxt "ice-interview-consent:C4"')
    end = text.index("\n\n", start)
    block = text[start:end]
    po.write_text(text.replace(block, block[: block.index("msgstr")] + 'msgstr ""'), encoding="utf-8")
    return locales


def test_incomplete_catalog_is_refused_naming_the_message(tmp_path):
    locales = incomplete_locales(tmp_path)
    with pytest.raises(IncompleteTranslation, match=r"ice-interview-consent:C4 \(missing\)"):
        render(DOC, "es", locales_dir=locales, blank=True)


def test_allow_draft_prints_with_a_visible_mark(tmp_path):
    locales = incomplete_locales(tmp_path)
    path = tmp_path / "draft.pdf"
    render(DOC, "es", locales_dir=locales, allow_draft=True, blank=True, target=path)
    text = pdftotext(path)
    assert squash(common.INCOMPLETE.msgid) in squash(text) or "BORRADOR" in text.upper()
    assert f"KYR {DOC} es r" in text and " incomplete v" in text
    assert page_count(path) == 1


def test_failed_render_leaves_no_file(tmp_path):
    path = tmp_path / "out.pdf"
    with pytest.raises(KyrError):
        render(DOC, "en", values={"date": "not a date"}, target=path)
    assert list(tmp_path.iterdir()) == []


def test_long_values_wrap_without_changing_the_page_and_too_long_ones_are_refused(tmp_path):
    short, long = tmp_path / "s.pdf", tmp_path / "l.pdf"
    render(DOC, "zh_Hant", values={"name": "陳", "booking_number": "EX-1"}, target=short)
    render(DOC, "zh_Hant", values={"name": "陳" * 50, "booking_number": "EX-1"}, target=long)
    assert page_count(long) == 1
    assert "陳" * 50 in squash(pdftotext(long))
    with pytest.raises(KyrError, match="field 'name' does not fit its 2 line"):
        render(DOC, "zh_Hant", values={"name": "陳" * 80, "booking_number": "EX-1"}, target=tmp_path / "x.pdf")


def test_concurrent_renders_never_mix_two_peoples_values():
    names = [f"Person Number {i:03d}" for i in range(24)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        pdfs = list(pool.map(lambda n: render(DOC, "tl", values={"name": n, "booking_number": "EX-1"}), names))
    for name, data in zip(names, pdfs, strict=True):
        text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
        found = [n for n in names if n in text]
        assert found == [name]


@pytest.mark.parametrize("bilingual", [True, False])
@pytest.mark.parametrize("doc", [d for d in all_documents().values() if d.layout == "page"], ids=lambda d: d.id)
def test_whether_text_flows_is_known_before_the_page_is_laid_out(doc, bilingual):
    for lang in ("en", "es"):
        prepared = prepare(doc, lang, bilingual=bilingual)
        assert prepared.flows == prepared.page.flows
