import pytest

from kyr.errors import KyrError
from kyr.languages import LANGUAGES, Language, get_language

REQUIRED = ("en", "es", "zh_Hans", "zh_Hant", "tl", "vi", "ko")


def test_the_seven_statutory_languages_are_registered():
    assert set(REQUIRED) <= set(LANGUAGES)


def test_tagalog_is_shown_as_tagalog_but_dated_with_filipino_cldr_data():
    tl = get_language("tl")
    assert tl.english_name == "Tagalog" and tl.native_name == "Tagalog"
    assert tl.locale().language == "fil"
    assert tl.label == "Tagalog"


def test_label_shows_native_and_english_names():
    assert get_language("es").label == "Español (Spanish)"


def test_a_language_cldr_lacks_falls_back_for_dates():
    hmong = Language("hmn", "Hmong", "Hmoob", "Latn", "ltr", ("NotoSans",), "hmn", babel_fallback="en")
    assert str(hmong.locale()) == "en"


def test_direction_and_fonts_are_declared():
    for lang in LANGUAGES.values():
        assert lang.direction in ("ltr", "rtl")
        assert lang.fonts
    assert get_language("ko").word_wrap != "CJK"  # Korean breaks at spaces
    assert get_language("zh_Hant").word_wrap == "CJK"


def test_unknown_language_lists_known_codes():
    with pytest.raises(KyrError, match="known languages: en, es"):
        get_language("xx")
