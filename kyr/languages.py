"""The language registry: names, script, direction, fonts, line breaking and Babel locale per language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError

from kyr.errors import KyrError

SOURCE_LANGUAGE = "en"
# "hli" (month) takes the -s tone after a number in the -b tone (ib, ob, peb, plaub, tsib): tone sandhi.
HMONG_MONTHS = (
    "Lub Ib Hlis", "Lub Ob Hlis", "Lub Peb Hlis", "Lub Plaub Hlis", "Lub Tsib Hlis", "Lub Rau Hli",
    "Lub Xya Hli", "Lub Yim Hli", "Lub Cuaj Hli", "Lub Kaum Hli", "Lub Kaum Ib Hlis", "Lub Kaum Ob Hlis",
)
# Scripts written with full-width punctuation and no spaces between words or sentences.
CJK_SCRIPTS = ("Hans", "Hant", "Jpan")


@dataclass(frozen=True)
class Language:
    code: str
    english_name: str
    native_name: str
    script: str  # ISO 15924
    direction: str  # "ltr" or "rtl"
    fonts: tuple[str, ...]  # font families, the first draws the language's own text
    babel_locale: str
    babel_fallback: str = "en"  # for languages CLDR has no data for
    word_wrap: str = "LTR"  # ReportLab wordWrap: "CJK" breaks between ideographs
    months: tuple[str, ...] = ()  # month names for a language CLDR lacks (its dates: "{day} {month} {year}")

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def label(self) -> str:
        """'Español (Spanish)', or just 'English'."""
        if self.native_name == self.english_name:
            return self.english_name
        return f"{self.native_name} ({self.english_name})"

    def locale(self) -> Locale:
        """The Babel locale for dates and numbers, falling back where CLDR lacks the language."""
        return _babel_locale(self.babel_locale, self.babel_fallback)


@cache
def _babel_locale(identifier: str, fallback: str) -> Locale:
    try:
        return Locale.parse(identifier)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(fallback)


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "English", "Latn", "ltr", ("NotoSans",), "en_US"),
        Language("es", "Spanish", "Español", "Latn", "ltr", ("NotoSans",), "es_US"),
        Language(
            "zh_Hans",
            "Simplified Chinese",
            "简体中文",
            "Hans",
            "ltr",
            ("NotoSansSC", "NotoSans"),
            "zh_Hans",
            word_wrap="CJK",
        ),
        Language(
            "zh_Hant",
            "Traditional Chinese",
            "繁體中文",
            "Hant",
            "ltr",
            ("NotoSansTC", "NotoSans"),
            "zh_Hant",
            word_wrap="CJK",
        ),
        # CLDR has Tagalog only as Filipino (fil); people and the statute call it Tagalog.
        Language("tl", "Tagalog", "Tagalog", "Latn", "ltr", ("NotoSans",), "fil"),
        Language("vi", "Vietnamese", "Tiếng Việt", "Latn", "ltr", ("NotoSans",), "vi"),
        # Korean breaks lines at spaces, like English; CJK wrapping would split words.
        Language("ko", "Korean", "한국어", "Kore", "ltr", ("NotoSansKR", "NotoSans"), "ko"),
        # County threshold languages (Gov. Code 7283.1(a); Health and Safety Code 128552(d)).
        Language("ru", "Russian", "Русский", "Cyrl", "ltr", ("NotoSans",), "ru"),
        Language("ja", "Japanese", "日本語", "Jpan", "ltr", ("NotoSansJP", "NotoSans"), "ja", word_wrap="CJK"),
        # CLDR has no Hmong: dates use White Hmong month names (RPA spelling), "lub N hlis", the
        # ordinal pattern of Hmong-language notices in California and Minnesota, day first.
        Language("hmn", "Hmong", "Hmoob", "Latn", "ltr", ("NotoSans",), "hmn", months=HMONG_MONTHS),
        Language("hy", "Armenian", "Հայերեն", "Armn", "ltr", ("NotoSansArmenian", "NotoSans"), "hy"),
        # Scripts drawn through kyr.shaping (HarfBuzz): Arabic and Farsi right to left.
        Language("fa", "Farsi", "فارسی", "Arab", "rtl", ("NotoSansArabic", "NotoSans"), "fa"),
        Language("ar", "Arabic", "العربية", "Arab", "rtl", ("NotoSansArabic", "NotoSans"), "ar"),
        Language("pa", "Punjabi", "ਪੰਜਾਬੀ", "Guru", "ltr", ("NotoSansGurmukhi", "NotoSans"), "pa"),
        # Khmer writes no spaces between words: its catalog marks break points with U+200B.
        Language("km", "Khmer", "ខ្មែរ", "Khmr", "ltr", ("NotoSansKhmer", "NotoSans"), "km"),
    )
}


# The pseudo-locale for testing layouts and catalogs (kyr.pseudo); not a language to print for people.
PSEUDO_LANGUAGE = Language("qps", "Pseudo-locale", "[Ƥšéûðö]", "Latn", "ltr", ("NotoSans",), "en_US")


def find_language(text: str) -> Language:
    """The language a person wrote: a code in any case or as a BCP 47 tag (zh-Hans), or its name in
    English or in the language itself (Spanish, español); a KyrError lists the codes otherwise."""
    wanted = text.strip().replace("-", "_").casefold()
    for lang in LANGUAGES.values():
        if wanted in (lang.code.casefold(), lang.english_name.casefold(), lang.native_name.casefold()):
            return lang
    return get_language(text.strip())


def get_language(code: str) -> Language:
    """The registered language with this code, or a KyrError listing the known codes."""
    if code == PSEUDO_LANGUAGE.code:
        return PSEUDO_LANGUAGE
    try:
        return LANGUAGES[code]
    except KeyError:
        raise KyrError(f"unknown language {code!r}; known languages: {', '.join(LANGUAGES)}") from None
