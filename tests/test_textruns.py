import pytest

from kyr.errors import KyrError
from kyr.textruns import chain_for, markup, runs, uncovered

LATIN = chain_for(("NotoSans",))


def test_chinese_inside_latin_text_switches_font_and_back():
    assert runs("Name: 李小龍 (Lee)", LATIN) == [
        ("NotoSans", "Name: "),
        ("NotoSansSC", "李小龍 "),
        ("NotoSans", "(Lee)"),
    ]


def test_korean_falls_back_to_the_korean_font():
    families = {f for f, _ in runs("Kim 김민준", LATIN)}
    assert families == {"NotoSans", "NotoSansKR"}


def test_vietnamese_stays_in_the_latin_font():
    assert runs("Nguyễn Thị Hương", LATIN) == [("NotoSans", "Nguyễn Thị Hương")]


def test_a_character_no_font_draws_is_refused_not_dropped():
    with pytest.raises(KyrError, match="U\\+1F600"):
        runs("ok 😀", LATIN)
    assert uncovered("ok 😀", LATIN) == {"😀"}


def test_markup_escapes_and_tags_fallback_runs():
    out = markup("A & <b> 李", LATIN, bold=True)
    assert out == '<font name="NotoSans-Bold">A &amp; &lt;b&gt; </font><font name="NotoSansSC-Bold">李</font>'


def test_latin_in_cjk_text_comes_from_the_latin_font():
    chain = chain_for(("NotoSansSC",))
    assert runs("您对 ICE 说", chain) == [("NotoSansSC", "您对 "), ("NotoSans", "ICE "), ("NotoSansSC", "说")]
    assert runs("（ICE）", chain) == [("NotoSansSC", "（"), ("NotoSans", "ICE"), ("NotoSansSC", "）")]
