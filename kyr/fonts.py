"""Font sources, the cache of static weights cut from them, and lazy registration with ReportLab."""

from __future__ import annotations

import gc
import hashlib
import io
import logging
import mmap
import os
import pickle
import threading
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

from kyr import files, subsets
from kyr.errors import KyrError

log = logging.getLogger(__name__)

# ReportLab's TrueType fonts keep each document's subset state in the shared font object, and "cannot
# be used for different documents at the same time" (its own warning): in a threaded server two PDFs
# built at once could corrupt each other. Every PDF is built holding this lock (re-entrant, so a
# build can measure pages inside it). Python runs one thread at a time anyway, so little is lost.
pdf_lock = threading.RLock()

# Bump when the way static fonts are cut changes, so old cache entries are not reused.
CUT_VERSION = 2
METRICS_FORMAT = ".2"  # of the parsed-metrics pickle beside each cut font (2: without glyphToChar)
WEIGHTS = {"regular": 400, "bold": 700}


@dataclass(frozen=True)
class FontSource:
    """A variable TrueType font shipped by a PyPI package, or static weights from a Debian package.

    A Debian source (`debian` set) names the package and `resource` is a path with "{weight}" in it
    ("Regular" or "Bold"); the files are read where Debian installs them.
    """

    family: str
    distribution: str
    package: str
    resource: str
    pinned_axes: tuple[tuple[str, float], ...] = ()
    debian: bool = False

    def path(self, weight: str = "regular") -> Path:
        if self.debian:
            return Path(self.resource.format(weight=weight.capitalize()))
        return Path(str(resources.files(self.package).joinpath(self.resource)))

    def available(self) -> bool:
        return self.path().exists()

    def check(self) -> None:
        """A KyrError saying which package to install when the source file is missing."""
        if not self.available():
            how = f"apt-get install {self.distribution}" if self.debian else f"pip install {self.distribution}"
            raise KyrError(f"the {self.family} font is not installed: {how} (see README.md)")

    @cache  # noqa: B019 - sources are module-level constants
    def key(self) -> str:
        """Identity of the source file: its name, size and table directory, which lists every table's
        checksum (so two installs of one release share their cut fonts; reading the package's version
        instead costs 20 ms of every process start)."""
        self.check()
        path = self.path()
        with path.open("rb") as fh:
            directory = fh.read(4096)
        ident = f"{CUT_VERSION}|{self.distribution}|{self.resource}|{path.stat().st_size}|"
        return hashlib.sha256(ident.encode() + directory).hexdigest()[:16]


DEBIAN_NOTO = "/usr/share/fonts/truetype/noto"

SOURCES: dict[str, FontSource] = {
    s.family: s
    for s in (
        FontSource(
            "NotoSans",
            "fontpkg-noto-sans",
            "fontpkg_noto_sans",
            "files/NotoSans[wdth,wght].ttf",
            pinned_axes=(("wdth", 100.0),),
        ),
        FontSource(
            "NotoSansSC",
            "justmytype-intl-cjk",
            "justmytype_intl_cjk",
            "fonts/ofl/notosanssc/NotoSansSC[wght].ttf",
        ),
        FontSource(
            "NotoSansTC",
            "justmytype-intl-cjk",
            "justmytype_intl_cjk",
            "fonts/ofl/notosanstc/NotoSansTC[wght].ttf",
        ),
        FontSource(
            "NotoSansKR",
            "justmytype-intl-cjk",
            "justmytype_intl_cjk",
            "fonts/ofl/notosanskr/NotoSansKR[wght].ttf",
        ),
        FontSource(
            "NotoSansJP",
            "justmytype-intl-cjk",
            "justmytype_intl_cjk",
            "fonts/ofl/notosansjp/NotoSansJP[wght].ttf",
        ),
        # Scripts that need shaping (kyr.shaping) and Armenian. PyPI has Arabic, Devanagari and
        # Khmer; Gurmukhi and Armenian come from Debian's fonts-noto-core (static weights).
        FontSource(
            "NotoSansArabic",
            "fontpkg-noto-sans-arabic",
            "fontpkg_noto_sans_arabic",
            "files/NotoSansArabic[wdth,wght].ttf",
            pinned_axes=(("wdth", 100.0),),
        ),
        FontSource(
            "NotoSansDevanagari",
            "fontpkg-noto-sans-devanagari",
            "fontpkg_noto_sans_devanagari",
            "files/NotoSansDevanagari[wdth,wght].ttf",
            pinned_axes=(("wdth", 100.0),),
        ),
        FontSource(
            "NotoSansKhmer",
            "fontpkg-noto-sans-khmer",
            "fontpkg_noto_sans_khmer",
            "files/NotoSansKhmer[wdth,wght].ttf",
            pinned_axes=(("wdth", 100.0),),
        ),
        FontSource(
            "NotoSansGurmukhi",
            "fonts-noto-core",
            "",
            f"{DEBIAN_NOTO}/NotoSansGurmukhi-{{weight}}.ttf",
            debian=True,
        ),
        FontSource(
            "NotoSansArmenian",
            "fonts-noto-core",
            "",
            f"{DEBIAN_NOTO}/NotoSansArmenian-{{weight}}.ttf",
            debian=True,
        ),
    )
}

# Code points below LATIN_BELOW (Latin, Greek, Cyrillic and their marks) are drawn by LATIN_FAMILY
# whenever it has them, whatever the language.
LATIN_FAMILY = "NotoSans"
LATIN_BELOW = 0x2000

# Tried in this order for a character that none of a language's own fonts has.
FALLBACK_ORDER: tuple[str, ...] = (
    "NotoSans", "NotoSansSC", "NotoSansTC", "NotoSansKR", "NotoSansJP",
    "NotoSansArabic", "NotoSansDevanagari", "NotoSansGurmukhi", "NotoSansKhmer", "NotoSansArmenian",
)


cache_dir = files.cache_dir


def cached_path(family: str, weight: str) -> Path:
    source = _source(family)
    return cache_dir() / "fonts" / f"{family}-{weight}-{source.key()}.ttf"


def _source(family: str) -> FontSource:
    try:
        return SOURCES[family]
    except KeyError:
        raise KyrError(f"unknown font family {family!r}") from None


def _cut(family: str, weight: str) -> Path:
    """Cut one static weight from the variable source and write it atomically into the cache."""
    from fontTools.ttLib import TTFont as FTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    target = cached_path(family, weight)
    if target.exists():
        return target
    source = _source(family)
    source.check()
    log.info("cutting %s %s from %s (one time)", family, weight, source.resource)
    font = FTFont(str(source.path(weight)))
    if source.debian:
        static = font  # already a static weight
    else:
        axes = {"wght": WEIGHTS[weight], **dict(source.pinned_axes)}
        # updateFontNames gives Regular and Bold distinct PostScript names; ReportLab embeds one otherwise.
        static = instantiateVariableFont(font, axes, updateFontNames=True)
    # Keep only the naming records PDF subsets need (as fontTools' subsetter does): copyright,
    # family, style, unique id, full name, version, PostScript name. ReportLab copies the name
    # table into every embedded subset, and the licence text alone is over a kilobyte.
    static["name"].names = [n for n in static["name"].names if n.nameID <= 6]
    target.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    static.save(buf)
    files.write_atomic(target, buf.getvalue())
    return target


def prune() -> list[Path]:
    """Delete cached fonts that no current source and cut version would produce."""
    wanted = {cached_path(f, w).stem for f, source in SOURCES.items() if source.available() for w in WEIGHTS}
    missing = tuple(f"{f}-" for f, source in SOURCES.items() if not source.available())
    folder = cache_dir() / "fonts"
    # A cut font is "<stem>.ttf"; its parsed metrics are "<stem>.reportlab-<version>.2.pickle".
    current = f".reportlab-{reportlab.Version}{METRICS_FORMAT}.pickle"
    stale = [
        p
        for p in (folder.iterdir() if folder.is_dir() else ())
        # (A cut of a source that is not installed now is kept: it may be reinstalled unchanged.)
        if (p.name.split(".", 1)[0] not in wanted and not p.name.startswith(missing))
        or (p.suffix == ".pickle" and not p.name.endswith(current))
    ]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def prepare(families: list[str] | None = None, jobs: int | None = None) -> list[Path]:
    """Cut every missing static weight of the given families (all by default); return their paths."""
    prune()
    if families is None:
        families = [f for f, source in SOURCES.items() if source.available()]
        for f in SOURCES.keys() - set(families):
            log.warning("%s is not installed (Debian package %s): its languages cannot be printed",
                        f, SOURCES[f].distribution)
    wanted = [(f, w) for f in families for w in WEIGHTS]
    missing = [(f, w) for f, w in wanted if not cached_path(f, w).exists()]
    if len(missing) > 1 and (jobs or os.cpu_count() or 1) > 1:
        from concurrent.futures import ProcessPoolExecutor  # only here: it costs 20 ms at import

        with ProcessPoolExecutor(max_workers=jobs or min(len(missing), os.cpu_count() or 1)) as ex:
            list(ex.map(_cut, *zip(*missing, strict=True)))
    else:
        for f, w in missing:
            _cut(f, w)
    paths = [cached_path(f, w) for f, w in wanted]
    for path in paths:
        _Face(str(path))  # parses once and caches the metrics, so the first render is quick too
    return paths


def font_name(family: str, bold: bool = False) -> str:
    """The ReportLab name of a family's weight, registering it (and cutting it) on first use."""
    register(family)
    return _bold_name(family) if bold else family


def _bold_name(family: str) -> str:
    return f"{family}-Bold"


def family_of(name: str) -> str:
    """The family of a ReportLab font name that font_name() gave."""
    return name.removesuffix(_bold_name(""))


class _GlyfView:
    """Slices of a font's glyf table without copying the whole table first."""

    def __init__(self, data: bytes, pos: int, length: int) -> None:
        self._view = memoryview(data)[pos : pos + length]

    def __getitem__(self, key: slice) -> bytes:
        return bytes(self._view[key])

    def __len__(self) -> int:
        return len(self._view)


class _Face(TTFontFace):
    """A ReportLab font face whose parsed tables are kept beside the cut font.

    Parsing a CJK font's 30,000-entry character map and metrics in pure Python takes about 60 ms,
    on every process start; reading them back from a pickle takes a third of that. The pickle is
    our own cache file (written next to the font we cut), keyed by ReportLab's version because it
    stores ReportLab's attributes.
    """

    def get_table(self, tag: str) -> Any:
        """As ReportLab's, but the glyf table comes as a view, not a copy: ReportLab's subsetter asks for
        all of it (10 MB for a CJK font) on every document, only to slice a few glyphs out of it."""
        if tag != "glyf":
            return super().get_table(tag)
        pos, length = self.get_table_pos(tag)
        return _GlyfView(self._ttf_data, pos, length)

    def readFile(self, f: Any) -> None:  # noqa: N802 - ReportLab's name
        """As ReportLab's, but the file is mapped, not read: only the glyphs a subset takes are ever read
        (a CJK font is 10 MB, and a new process mostly needs its metrics, kept in the pickle below)."""
        if isinstance(f, str) and not hasattr(self, "_ttf_data"):
            self.filename = f
            with open(f, "rb") as fh:
                self._ttf_data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            self._pos = 0
            return
        super().readFile(f)

    def _state_path(self) -> Path:
        return Path(self.filename).with_suffix(f".reportlab-{reportlab.Version}{METRICS_FORMAT}.pickle")

    def extractInfo(self, charInfo: int = 1) -> None:  # noqa: N802 - ReportLab's name
        state_path = self._state_path()
        gc.disable()  # tens of thousands of small objects: collecting while they are made doubles the time
        try:
            state = pickle.loads(state_path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            state = None
        finally:
            gc.enable()
        if isinstance(state, dict) and state.get("numGlyphs"):
            self.__dict__.update(state)
            per_em = 1000 / self.unitsPerEm
            self._pdfScale = lambda x: x * per_em
            return
        super().extractInfo(charInfo)
        # glyphToChar is rebuilt when asked for (only kyr.shaping does): it is most of the file's loading time.
        keep = {k: v for k, v in self.__dict__.items() if k not in ("_ttf_data", "_pdfScale", "glyphToChar")}
        try:
            files.write_atomic(state_path, pickle.dumps(keep, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            log.warning("cannot cache font metrics in %s", state_path.parent)

    def __getattr__(self, name: str) -> Any:
        """glyphToChar, made from charToGlyph on first use (the lists in the same order as ReportLab's)."""
        if name != "glyphToChar" or "charToGlyph" not in self.__dict__:
            raise AttributeError(name)
        inverse: dict[int, list[int]] = {}
        for char, glyph in self.charToGlyph.items():
            inverse.setdefault(glyph, []).append(char)
        self.glyphToChar = inverse
        return inverse


class _Font(TTFont):
    """ReportLab's TTFont (its __init__, as of the pinned 5.1) built on a _Face."""

    def __init__(self, name: str, filename: str) -> None:
        self.fontName = name
        self.face = _Face(filename)
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        # Subsets hold only the glyphs used, not the whole ASCII range each.
        self._asciiReadable = False
        self.shapable = False  # kyr never shapes: see languages.py

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - ReportLab's name
        """As ReportLab's, but a prepared page's fixed-text subsets are made once (kyr.subsets)."""
        subsets.add_objects(self, doc)


@cache
def register(family: str) -> None:
    """Register a family's Regular and Bold with ReportLab, so <b> in paragraphs picks the Bold."""
    bold_name = _bold_name(family)
    for name, weight in ((family, "regular"), (bold_name, "bold")):
        path = cached_path(family, weight)
        if not path.exists():
            path = _cut(family, weight)
        font = _Font(name, str(path))
        pdfmetrics.registerFont(font)
    # No italics: italic maps to upright. The upright mappings go last so the reverse lookup
    # (font name -> bold, italic) reports them as upright.
    addMapping(family, 0, 1, family)
    addMapping(family, 1, 1, bold_name)
    addMapping(family, 0, 0, family)
    addMapping(family, 1, 0, bold_name)


@cache
def coverage(family: str) -> frozenset[int]:
    """Code points the family draws (its Regular and Bold share one character map); none when the
    family's package is not installed, so other text still prints without it."""
    if not _source(family).available():
        return frozenset()
    register(family)
    face = pdfmetrics.getFont(family).face
    return frozenset(face.charToGlyph)
