"""The interface's own fonts, served from this server (no font CDN): subsets of kyr's Noto fonts.

A browser without CJK fonts would draw the Chinese and Korean interface as empty boxes. Each face is
cut down to the characters the interface can show in it (its translations, the documents' titles and
field labels, the language names), written once to kyr's font cache, and offered with a
unicode-range so a browser fetches only the faces a page needs.

What staff type is another matter: a name must show in its box as it will print, so staff can
proofread it, whatever the interface language. The input faces ("kyr In ...") carry every character
kyr's fonts draw, cut into pieces of 256 code points, each with its own unicode-range: a browser
fetches only the pieces of the characters typed (as large CJK web fonts are served).
"""

from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass
from functools import cache

from kyr import fonts
from kyr.catalogs import UI_DOMAIN, load_catalog
from kyr.documents import all_documents
from kyr.files import write_atomic
from kyr.languages import LANGUAGES

WEIGHTS = {"regular": 400, "bold": 700}
# Latin, Latin Extended and Vietnamese, Cyrillic, general punctuation, currency: the interface's
# non-CJK text.
LATIN_RANGES = ((0x20, 0x24F), (0x300, 0x36F), (0x400, 0x52F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20BF))


@dataclass(frozen=True)
class Face:
    name: str  # the CSS family: "kyr SC"
    family: str  # kyr's font family
    langs: tuple[str, ...] | None  # the interface languages it draws (None: every Latin-script one)


FACES = {
    "sans": Face("kyr Sans", "NotoSans", None),
    "sc": Face("kyr SC", "NotoSansSC", ("zh_Hans",)),
    "tc": Face("kyr TC", "NotoSansTC", ("zh_Hant",)),
    "kr": Face("kyr KR", "NotoSansKR", ("ko",)),
    "jp": Face("kyr JP", "NotoSansJP", ("ja",)),
    # The browser shapes these itself: the subsets keep every layout feature (GSUB, GPOS).
    "arab": Face("kyr Arabic", "NotoSansArabic", ("fa", "ar")),
    "guru": Face("kyr Gurmukhi", "NotoSansGurmukhi", ("pa",)),
    "khmr": Face("kyr Khmer", "NotoSansKhmer", ("km",)),
    "armn": Face("kyr Armenian", "NotoSansArmenian", ("hy",)),
}
_lock = threading.Lock()


def _interface_texts(lang: str) -> list[str]:
    """Everything the interface can show in a language: its catalog and the documents' headings and labels."""
    ui = load_catalog(lang, domain=UI_DOMAIN)
    texts = [msgstr for msgstr, _fuzzy in ui.entries.values()]
    docs = load_catalog(lang)
    for doc in all_documents().values():
        messages = [doc.title, doc.summary, *(f.label for f in doc.fields.values())]
        messages += [o.message for b in doc.blocks for o in b.options]
        texts += [docs.lookup(m)[0] or "" for m in messages]
    return texts + [language.native_name for language in LANGUAGES.values()]


@cache
def codepoints(key: str) -> tuple[int, ...]:
    face = FACES[key]
    if face.langs is None:
        return tuple(cp for lo, hi in LATIN_RANGES for cp in range(lo, hi + 1))
    drawn = fonts.coverage(face.family)
    chars = {ord(ch) for lang in face.langs for text in _interface_texts(lang) for ch in text}
    return tuple(sorted(cp for cp in chars if cp in drawn and not _latin(cp)))


def _latin(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in LATIN_RANGES)


@cache
def version(key: str) -> str:
    """Changes whenever the subset would: the source font or the characters."""
    h = hashlib.sha256(fonts.cached_path(FACES[key].family, "regular").name.encode())
    h.update(",".join(map(str, codepoints(key))).encode())
    return h.hexdigest()[:12]


def unicode_range(key: str) -> str:
    """The CSS unicode-range of a face, as compact ranges."""
    out: list[str] = []
    cps = codepoints(key)
    start = prev = cps[0]
    for cp in (*cps[1:], None):
        if cp is not None and cp == prev + 1:
            prev = cp
            continue
        out.append(f"U+{start:X}" if start == prev else f"U+{start:X}-{prev:X}")
        if cp is not None:
            start = prev = cp
    return ", ".join(out)


def subset(key: str, weight: str) -> bytes:
    """The face's subset as TrueType bytes, made once and kept in the font cache."""
    return _subset(FACES[key].family, weight, codepoints(key), f"{key}-{weight}-{version(key)}.ttf")


def _subset(family: str, weight: str, unicodes: tuple[int, ...], name: str) -> bytes:
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    target = fonts.cache_dir() / "web-fonts" / name
    with _lock:
        if target.exists():
            return target.read_bytes()
        source = fonts.cached_path(family, weight)
        if not source.exists():
            fonts.prepare(families=[family])
        font = TTFont(str(source))
        options = ftsubset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        subsetter = ftsubset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        buf = io.BytesIO()
        font.save(buf)
        data = buf.getvalue()
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
        return data


INPUT_FACES = {
    "sans": Face("kyr In Sans", "NotoSans", None),  # Latin, Greek, Cyrillic, Devanagari
    "sc": Face("kyr In SC", "NotoSansSC", None),  # every Han character of Unicode's main block, and more
    "kr": Face("kyr In KR", "NotoSansKR", None),  # Hangul
    "arab": Face("kyr In Arabic", "NotoSansArabic", None),
    "guru": Face("kyr In Gurmukhi", "NotoSansGurmukhi", None),
    "khmr": Face("kyr In Khmer", "NotoSansKhmer", None),
    "armn": Face("kyr In Armenian", "NotoSansArmenian", None),
}
PIECE = 256


@cache
def pieces(key: str) -> dict[int, tuple[int, ...]]:
    """An input face's characters by piece (code point // 256): only the pieces its font draws."""
    out: dict[int, list[int]] = {}
    for cp in sorted(fonts.coverage(INPUT_FACES[key].family)):
        if cp >= 0x20:
            out.setdefault(cp // PIECE, []).append(cp)
    return {block: tuple(cps) for block, cps in out.items()}


@cache
def input_version(key: str) -> str:
    """Changes whenever the source font does."""
    return hashlib.sha256(fonts.cached_path(INPUT_FACES[key].family, "regular").name.encode()).hexdigest()[:12]


def input_piece(key: str, block: int) -> bytes:
    """One piece of an input face as TrueType bytes, made on first request and kept in the font cache."""
    return _subset(INPUT_FACES[key].family, "regular", pieces(key)[block],
                   f"input-{key}-{block:x}-{input_version(key)}.ttf")


def stylesheet(url_for_face, url_for_piece=None) -> str:
    """@font-face rules for every face and weight; url_for_face(key, weight, version) gives each file's URL,
    url_for_piece(key, block, version) each input piece's."""
    rules = []
    for key, face in FACES.items():
        for weight, number in WEIGHTS.items():
            rules.append(
                f'@font-face {{ font-family: "{face.name}"; font-weight: {number}; font-display: swap; '
                f'src: url("{url_for_face(key, weight, version(key))}") format("truetype"); '
                f"unicode-range: {unicode_range(key)}; }}"
            )
    for key, face in INPUT_FACES.items() if url_for_piece else ():
        for block, cps in pieces(key).items():
            rules.append(
                f'@font-face {{ font-family: "{face.name}"; font-display: swap; '
                f'src: url("{url_for_piece(key, block, input_version(key))}") format("truetype"); '
                f"unicode-range: U+{cps[0]:X}-{cps[-1]:X}; }}"
            )
    return "\n".join(rules) + "\n"
