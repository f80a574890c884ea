import unicodedata

import pytest
from babel.messages.pofile import read_po

from conftest import SAMPLE_NAMES
from kyr import fonts
from kyr.catalogs import default_locales_dir, po_path
from kyr.documents import all_documents
from kyr.languages import LANGUAGES, SOURCE_LANGUAGE
from kyr.shaping import SHAPED_FAMILIES
from kyr.textruns import chain_for, family_for, needs_shaping


def catalog_text(lang: str) -> str:
    if lang == SOURCE_LANGUAGE:
        return "".join(m.msgid for d in all_documents().values() for m in d.messages)
    with po_path(default_locales_dir(), lang).open("rb") as fh:
        return "".join(m.string for m in read_po(fh) if m.id and isinstance(m.string, str))


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_catalog_character_is_drawn_by_the_languages_own_fonts(lang):
    language = LANGUAGES[lang]
    text = unicodedata.normalize("NFC", catalog_text(lang))
    own = set().union(*(fonts.coverage(f) for f in language.fonts))
    missing = {c for c in set(text) if not c.isspace() and ord(c) not in own}
    assert not missing, f"{lang}: {sorted(missing)} not in {language.fonts}"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_names_in_every_script_print_on_every_language_form(lang):
    chain = chain_for(LANGUAGES[lang].fonts)
    for name in [*SAMPLE_NAMES.values(), "किशोर श्री क्षत्रिय"]:  # and Devanagari, for names only
        for ch in name:
            family = family_for(ch, chain)
            assert ch.isspace() or family is not None, (lang, ch)
            # A script that needs shaping comes only from a font kyr shapes (Noto Sans has Devanagari too).
            assert not needs_shaping(ch) or family in SHAPED_FAMILIES, (lang, ch, family)


def test_a_font_package_that_is_not_installed_is_named_in_the_refusal(monkeypatch):
    from kyr.errors import KyrError

    missing = fonts.FontSource("NotoSansMissing", "fonts-noto-missing", "", "/nonexistent/X-{weight}.ttf", debian=True)
    monkeypatch.setitem(fonts.SOURCES, "NotoSansMissing", missing)
    assert fonts.coverage("NotoSansMissing") == frozenset()  # other text still prints
    with pytest.raises(KyrError, match="apt-get install fonts-noto-missing"):
        fonts.font_name("NotoSansMissing")


def test_regular_and_bold_are_distinct_embedded_fonts():
    from fontTools.ttLib import TTFont

    for family in fonts.SOURCES:
        regular, bold = (fonts.cached_path(family, w) for w in ("regular", "bold"))
        assert regular.exists() and bold.exists()
        names = {TTFont(str(p), lazy=True)["name"].getDebugName(6) for p in (regular, bold)}
        assert len(names) == 2, f"{family}: Regular and Bold share a PostScript name"


def test_cut_weights_are_regular_and_bold_not_the_variable_default():
    from fontTools.ttLib import TTFont

    for family in fonts.SOURCES:
        for weight, expected in fonts.WEIGHTS.items():
            font = TTFont(str(fonts.cached_path(family, weight)), lazy=True)
            assert font["OS/2"].usWeightClass == expected
            assert "fvar" not in font


def test_cache_location_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KYR_CACHE_DIR", str(tmp_path))
    assert fonts.cached_path("NotoSans", "bold").parent == tmp_path / "fonts"


def test_cached_metrics_match_a_fresh_parse(tmp_path, monkeypatch):
    import shutil

    from reportlab.pdfbase.ttfonts import TTFontFace

    from kyr.fonts import _Face

    src = fonts.cached_path("NotoSansKR", "regular")
    copy = tmp_path / src.name
    shutil.copy(src, copy)
    first = _Face(str(copy))  # parses and writes the pickle
    assert list(tmp_path.glob("*.pickle"))
    second = _Face(str(copy))  # reads the pickle
    plain = TTFontFace(str(copy))
    for attr in ("charToGlyph", "charWidths", "glyphPos", "ascent", "descent", "bbox", "defaultWidth"):
        assert getattr(second, attr) == getattr(plain, attr) == getattr(first, attr), attr
    assert second._pdfScale(500) == plain._pdfScale(500)


def test_prune_removes_stale_cache_entries(tmp_path, monkeypatch):
    monkeypatch.setenv("KYR_CACHE_DIR", str(tmp_path))
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "NotoSans-regular-0000000000000000.ttf").write_bytes(b"old")
    (folder / "NotoSans-regular-0000000000000000.reportlab-1.0.pickle").write_bytes(b"old")
    keep = fonts.cached_path("NotoSans", "regular")
    keep.write_bytes(b"current")
    removed = fonts.prune()
    assert len(removed) == 2 and keep.exists()
