"""Pages drawn once, kept on disk beside the cut fonts, so a new process prints without laying them out.

An entry is a kyr.stamp snapshot (the page's operators, where each value goes, the fonts' subset state
after the fixed text) with the fixed text's font subsets already made. It is taken with every field
empty, so it never holds a typed value. Its name is a hash of everything the drawing depends on: the
laid-out page's key (document, language, paper, catalog revision and status, profile settings,
incomplete mark, bilingual), the document's definition, kyr's own code, the fonts and ReportLab's
version. A stale or unreadable entry is never used; the oldest are removed past MAX_FILES.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import pickle
import sys
from pathlib import Path
from typing import Any

import reportlab
from reportlab.pdfbase import pdfmetrics

from kyr import __version__, files, fonts, subsets
from kyr.documents import Document

log = logging.getLogger(__name__)

FORMAT = 2  # of an entry: bump when what is pickled changes shape
MAX_FILES = 512

_code: str | None = None
_docs: dict[int, tuple[Document, str]] = {}


def folder() -> Path:
    return fonts.cache_dir() / "pages"


def _code_identity() -> str:
    """kyr's own modules by name, size and modification time (a changed module changes every key)."""
    global _code
    if _code is None:
        root = Path(__file__).parent
        stats = sorted((str(p.relative_to(root)), p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*.py"))
        _code = hashlib.sha256(repr((__version__, stats)).encode()).hexdigest()
    return _code


def _doc_identity(doc: Document) -> str:
    known = _docs.get(id(doc))
    if known is None or known[0] is not doc:
        known = _docs[id(doc)] = (doc, hashlib.sha256(repr(doc).encode()).hexdigest())
    return known[1]


def key(page_key: tuple, doc: Document) -> str:
    """The entry name for a laid-out page in this installation."""
    sources = tuple((family, s.key()) for family, s in fonts.SOURCES.items() if s.available())
    ident = (FORMAT, page_key, _doc_identity(doc), _code_identity(), sources, reportlab.Version,
             sys.version_info[:2])
    return hashlib.sha256(repr(ident).encode()).hexdigest()[:40]


def _path(name: str) -> Path:
    return folder() / f"{name}.pickle"


def load(name: str) -> Any | None:
    """The snapshot kept under this name, its fonts registered and subsets restored; None if there is none."""
    path = _path(name)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    gc.disable()  # many small objects: as for the font metrics (kyr.fonts)
    try:
        snapshot, made = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a damaged or foreign file is only a cache miss
        log.warning("ignoring an unreadable page cache entry %s", path.name)
        path.unlink(missing_ok=True)
        return None
    finally:
        gc.enable()
    for name_, _internal in snapshot.font_mapping:
        fonts.register(fonts.family_of(name_))
    for font_name, state in snapshot.font_states.items():
        font = pdfmetrics.getFont(font_name)
        private = [code for code in state.assignments if code and code not in font.face.charToGlyph]
        if private:
            from kyr import shaping  # glyphs kyr shaped that have no character of their own

            for code in private:
                if not shaping.is_private(code):
                    log.warning("ignoring page cache entry %s: %s lacks U+%04X", path.name, font_name, code)
                    return None
                shaping.restore_private(font, code)
        subsets.restore(font, made.get(font_name, {}))
    return snapshot


def store(name: str, snapshot: Any) -> None:
    """Keep a snapshot under this name, with its fonts' fixed subsets made (a failure only logs)."""
    made = {font_name: subsets.finished(pdfmetrics.getFont(font_name), state.subsets)
            for font_name, state in snapshot.font_states.items()}
    try:
        folder().mkdir(parents=True, exist_ok=True)
        files.write_atomic(_path(name), pickle.dumps((snapshot, made), protocol=pickle.HIGHEST_PROTOCOL))
        _prune()
    except OSError as exc:
        log.warning("cannot keep a drawn page in %s: %s", folder(), exc.strerror or exc)


def _prune() -> None:
    entries = list(folder().glob("*.pickle"))
    if len(entries) <= MAX_FILES:
        return
    entries.sort(key=lambda p: p.stat().st_mtime_ns)
    for path in entries[: len(entries) - MAX_FILES]:
        path.unlink(missing_ok=True)
