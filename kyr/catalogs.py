"""gettext catalogs: locate and read them, their review status, and per-document translation."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kyr import files, posyntax
from kyr.documents import Message
from kyr.errors import KyrError
from kyr.languages import SOURCE_LANGUAGE
from kyr.pseudo import PSEUDO, pseudo

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog as BabelCatalog

log = logging.getLogger(__name__)

DOMAIN = "kyr"  # the documents' text
UI_DOMAIN = "web"  # the web front end's interface
REVIEW_STATUSES = ("draft", "reviewed", "certified")
_HEADER_FIELD = re.compile(r"^(Review-Status|Reviewed-By|Reviewed-On):\s*(.*)$")


def pgettext(context: str, message: str) -> Message:
    """Mark a kyr-wide message for extraction; it is translated at render time for one locale."""
    return Message(context=context, id=context.removeprefix("kyr:"), msgid=message)


def default_locales_dir() -> Path:
    """The project's locales/ (shipped as kyr.locales), unless $KYR_LOCALES names another."""
    env = os.environ.get("KYR_LOCALES")
    return Path(env) if env else Path(str(resources.files("kyr.locales")))


def po_path(locales_dir: Path, lang: str, domain: str = DOMAIN) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / f"{domain}.po"


@dataclass(frozen=True)
class Review:
    """Who vouches for a catalog: draft until a qualified translator reviews it."""

    status: str = "draft"
    by: str = ""
    on: str = ""


@dataclass
class Catalog:
    """The translations of one language: (context, msgid) -> (msgstr, fuzzy)."""

    lang: str
    entries: dict[tuple[str | None, str], tuple[str, bool]] = field(default_factory=dict)
    review: Review = field(default_factory=Review)
    path: Path | None = None

    @property
    def is_source(self) -> bool:
        return self.lang == SOURCE_LANGUAGE

    def lookup(self, message: Message) -> tuple[str | None, str]:
        """(translation, state) with state 'translated', 'fuzzy' or 'missing'."""
        if self.is_source:
            return message.msgid, "translated"
        msgstr, fuzzy = self.entries.get((message.context, message.msgid), ("", False))
        if not msgstr:
            return None, "missing"
        return (None, "fuzzy") if fuzzy else (msgstr, "translated")


def parse_review(header_comment: str) -> Review:
    values = {}
    for line in header_comment.splitlines():
        m = _HEADER_FIELD.match(line.lstrip("# ").strip())
        if m:
            values[m.group(1)] = m.group(2).strip()
    status = values.get("Review-Status", "draft") or "draft"
    if status not in REVIEW_STATUSES:
        status = "draft"
    return Review(status, values.get("Reviewed-By", ""), values.get("Reviewed-On", ""))


_cache: dict[Path, tuple[tuple[int, int], Catalog]] = {}


def read_po_file(path: Path) -> BabelCatalog:
    """Read a .po or .pot with Babel after a strict syntax check; errors name the file and line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KyrError(f"{path}: no such catalog") from None
    return read_po_bytes(data, path)


def read_po_bytes(data: bytes, path: Path) -> BabelCatalog:
    """The same, for a catalog already in memory (an upload); `path` only names it in messages."""
    from babel.messages.pofile import PoFileError, read_po  # only when a catalog is read, not from the cache

    posyntax.validate(path, data)
    try:
        po = read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as exc:
        raise KyrError(f"{path}:{exc.lineno}: {exc}") from None
    except (ValueError, LookupError) as exc:  # LookupError: a charset Python does not know
        raise KyrError(f"{path}: {exc}") from None
    charset = (po.charset or "utf-8").lower().replace("_", "-")
    if charset not in ("utf-8", "utf8", "charset"):  # "CHARSET": a template not yet filled in
        raise KyrError(f"{path}: the header says charset={po.charset}; kyr reads catalogs as UTF-8 only "
                       "(set charset=UTF-8 and save the file as UTF-8)")
    return po


def read_catalog(path: Path, lang: str) -> Catalog:
    """Read one .po file into the translations kyr looks up."""
    return from_po(read_po_file(path), lang, path)


def from_po(po: BabelCatalog, lang: str, path: Path | None = None) -> Catalog:
    """The translations kyr looks up, from a catalog Babel has read."""
    entries: dict[tuple[str | None, str], tuple[str, bool]] = {}
    for msg in po:
        if not msg.id or isinstance(msg.id, tuple):
            continue
        msgstr = msg.string if isinstance(msg.string, str) else ""
        entries[(msg.context, msg.id)] = (msgstr, msg.fuzzy)
    return Catalog(lang, entries, parse_review(po.header_comment), path)


def load_catalog(lang: str, locales_dir: Path | None = None, domain: str = DOMAIN) -> Catalog:
    """The catalog for a language, re-read only when its file changes. English needs none."""
    if lang == SOURCE_LANGUAGE:
        return Catalog(lang, review=Review("source"))
    if lang == PSEUDO:
        return pseudo_catalog(locales_dir or default_locales_dir(), domain)
    path = po_path(locales_dir or default_locales_dir(), lang, domain)
    try:
        st = path.stat()
    except FileNotFoundError:
        return Catalog(lang, path=path)
    stamp = (st.st_mtime_ns, st.st_size)
    hit = _cache.get(path)
    if hit and hit[0] == stamp:
        return hit[1]
    catalog = _read_cached(path, lang, stamp)
    if catalog is not None:
        _cache[path] = (stamp, catalog)
        return catalog
    try:
        catalog = read_catalog(path, lang)
        _keep(path, lang, stamp, catalog)
    except KyrError:
        compiled = path.with_suffix(".mo")
        if not compiled.exists():
            raise
        # A translator's broken edit must not stop a jail printing: use the last good compiled
        # catalog, and say so. Its review status is not in the .mo, so it counts as a draft.
        log.warning("%s is malformed; using the last compiled catalog %s", path, compiled)
        catalog = read_compiled(compiled, lang)
    _cache[path] = (stamp, catalog)
    return catalog


# A parsed catalog is also kept on disk, by its file's path, size and modification time: reading a .po
# with Babel (and checking its syntax) is a tenth of a new process's start.
_FORMAT = 1
_KEEP_PER_LANGUAGE = 8  # entries (older versions of the file, other locales folders), the oldest removed first


def _cached_path(path: Path, lang: str, stamp: tuple[int, int]) -> Path:
    ident = repr((_FORMAT, str(path.resolve()), lang, stamp))
    return files.cache_dir() / "catalogs" / f"{lang}-{hashlib.sha256(ident.encode()).hexdigest()[:24]}.pickle"


def _read_cached(path: Path, lang: str, stamp: tuple[int, int]) -> Catalog | None:
    try:
        catalog = pickle.loads(_cached_path(path, lang, stamp).read_bytes())
    except Exception:  # noqa: BLE001 - missing, damaged or foreign: read the .po instead
        return None
    return catalog if isinstance(catalog, Catalog) and catalog.lang == lang else None


def _keep(path: Path, lang: str, stamp: tuple[int, int], catalog: Catalog) -> None:
    target = _cached_path(path, lang, stamp)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        files.write_atomic(target, pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL))
        kept = sorted(target.parent.glob(f"{lang}-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in kept[:-_KEEP_PER_LANGUAGE]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("cannot keep a parsed catalog in %s: %s", target.parent, exc.strerror or exc)


def read_compiled(path: Path, lang: str) -> Catalog:
    """Read a compiled .mo catalog (written by `kyr catalog compile`)."""
    from babel.messages.mofile import read_mo

    with path.open("rb") as fh:
        mo = read_mo(fh)
    # Babel's .mo reader hands contexts back as bytes.
    entries = {
        (m.context.decode() if isinstance(m.context, bytes) else m.context, m.id): (m.string, False)
        for m in mo
        if m.id and isinstance(m.string, str)
    }
    return Catalog(lang, entries, Review("draft"), path)


def pseudo_catalog(locales_dir: Path, domain: str = DOMAIN) -> Catalog:
    """The pseudo-locale, made from the template: every message translated, none reviewed."""
    template = locales_dir / f"{domain}.pot"
    source = read_catalog(template, PSEUDO)
    entries = {key: (pseudo(key[1]), False) for key in source.entries}
    return Catalog(PSEUDO, entries, Review("pseudo"), template)


class Translator:
    """Translates one document's messages for one language and remembers what it handed out.

    A message the catalog lacks falls back to the English source; the completeness gate in
    kyr.render decides beforehand whether that is allowed.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.used: dict[tuple[str, str], str] = {}

    def __call__(self, message: Message) -> str:
        text, _state = self.catalog.lookup(message)
        if text is None:
            text = message.msgid
        self.used[(message.context, message.msgid)] = text
        return text

    def revision(self) -> str:
        """A short hash of every (context, source, translation) this translator handed out."""
        h = hashlib.sha256()
        for (ctx, msgid), text in sorted(self.used.items()):
            h.update(f"{ctx}\x1f{msgid}\x1f{text}\x1e".encode())
        return h.hexdigest()[:8]


class IncompleteTranslation(KyrError):
    """A document needs messages its catalog does not (or only fuzzily) translate."""

    def __init__(self, lang: str, doc_id: str, problems: list[tuple[Message, str]]) -> None:
        self.lang = lang
        self.problems = problems
        listed = "; ".join(f"{m.context} ({state})" for m, state in problems[:12])
        more = f"; and {len(problems) - 12} more" if len(problems) > 12 else ""
        super().__init__(
            f"the {lang} catalog does not fully translate {doc_id}: {listed}{more}. "
            "Use --allow-draft to print it anyway, marked as a draft translation"
        )


def untranslated(messages: list[Message], catalog: Catalog) -> list[tuple[Message, str]]:
    """The messages that the catalog leaves missing or fuzzy, with that state."""
    out = []
    for m in messages:
        text, state = catalog.lookup(m)
        if text is None:
            out.append((m, state))
    return out
