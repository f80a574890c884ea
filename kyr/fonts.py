"""Font sources, the cache of static weights cut from them, and lazy registration with ReportLab."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kyr.errors import KyrError

log = logging.getLogger(__name__)

# Bump when the way static fonts are cut changes, so old cache entries are not reused.
CUT_VERSION = 1
WEIGHTS = {"regular": 400, "bold": 700}


@dataclass(frozen=True)
class FontSource:
    """A variable TrueType font shipped by a registry package."""

    family: str
    distribution: str
    package: str
    resource: str
    pinned_axes: tuple[tuple[str, float], ...] = ()

    def path(self) -> Path:
        return Path(str(resources.files(self.package).joinpath(self.resource)))

    @cache  # noqa: B019 - sources are module-level constants
    def key(self) -> str:
        """Identity of the source file: its distribution, version, name and size."""
        path = self.path()
        try:
            version = metadata.version(self.distribution)
        except metadata.PackageNotFoundError:
            version = "unknown"
        ident = f"{CUT_VERSION}|{self.distribution}|{version}|{self.resource}|{path.stat().st_size}"
        return hashlib.sha256(ident.encode()).hexdigest()[:16]


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
    )
}

# Tried in this order for a character that none of a language's own fonts has.
FALLBACK_ORDER: tuple[str, ...] = ("NotoSans", "NotoSansSC", "NotoSansTC", "NotoSansKR")


def cache_dir() -> Path:
    """Where cut fonts are kept: $KYR_CACHE_DIR, else $XDG_CACHE_HOME/kyr, else ~/.cache/kyr."""
    base = os.environ.get("KYR_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kyr"


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
    log.info("cutting %s %s from %s (one time)", family, weight, source.resource)
    font = FTFont(str(source.path()))
    axes = {"wght": WEIGHTS[weight], **dict(source.pinned_axes)}
    # updateFontNames gives Regular and Bold distinct PostScript names; ReportLab embeds one otherwise.
    static = instantiateVariableFont(font, axes, updateFontNames=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            static.save(fh)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def prepare(families: list[str] | None = None, jobs: int | None = None) -> list[Path]:
    """Cut every missing static weight of the given families (all by default); return their paths."""
    wanted = [(f, w) for f in (families or list(SOURCES)) for w in WEIGHTS]
    missing = [(f, w) for f, w in wanted if not cached_path(f, w).exists()]
    if len(missing) > 1 and (jobs or os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor(max_workers=jobs or min(len(missing), os.cpu_count() or 1)) as ex:
            list(ex.map(_cut, *zip(*missing, strict=True)))
    else:
        for f, w in missing:
            _cut(f, w)
    return [cached_path(f, w) for f, w in wanted]


def font_name(family: str, bold: bool = False) -> str:
    """The ReportLab name of a family's weight, registering it (and cutting it) on first use."""
    register(family)
    return f"{family}-Bold" if bold else family


class _GlyfView:
    """Slices of a font's glyf table without copying the whole table first."""

    def __init__(self, data: bytes, pos: int, length: int) -> None:
        self._view = memoryview(data)[pos : pos + length]

    def __getitem__(self, key: slice) -> bytes:
        return bytes(self._view[key])

    def __len__(self) -> int:
        return len(self._view)


def _fast_glyf(face: Any) -> None:
    """Make one ReportLab font face hand out its glyf table as a view.

    ReportLab's subsetter calls get_table('glyf'), which copies the whole table (10 MB for a
    CJK font) on every document, only to slice a few glyphs out of it.
    """
    plain = face.get_table

    def get_table(tag: str) -> Any:
        if tag != "glyf":
            return plain(tag)
        pos, length = face.get_table_pos(tag)
        return _GlyfView(face._ttf_data, pos, length)

    face.get_table = get_table


@cache
def register(family: str) -> None:
    """Register a family's Regular and Bold with ReportLab, so <b> in paragraphs picks the Bold."""
    bold_name = f"{family}-Bold"
    for name, weight in ((family, "regular"), (bold_name, "bold")):
        path = cached_path(family, weight)
        if not path.exists():
            path = _cut(family, weight)
        font = TTFont(name, str(path))
        _fast_glyf(font.face)
        pdfmetrics.registerFont(font)
    # No italics: italic maps to upright. The upright mappings go last so the reverse lookup
    # (font name -> bold, italic) reports them as upright.
    addMapping(family, 0, 1, family)
    addMapping(family, 1, 1, bold_name)
    addMapping(family, 0, 0, family)
    addMapping(family, 1, 0, bold_name)


@cache
def coverage(family: str) -> frozenset[int]:
    """Code points the family draws (its Regular and Bold share one character map)."""
    register(family)
    face = pdfmetrics.getFont(family).face
    return frozenset(face.charToGlyph)
