"""The translator's workflow over Babel: extract, update, init, compile, review, stats; atomic writes only."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from kyr import __version__, cards, checks, common, files
from kyr.catalogs import (
    DOMAIN,
    REVIEW_STATUSES,
    Review,
    Translator,
    default_locales_dir,
    load_catalog,
    parse_review,
    po_path,
    read_po_file,
)
from kyr.documents import all_documents
from kyr.errors import KyrError
from kyr.languages import LANGUAGES, SOURCE_LANGUAGE, get_language
from kyr.layout import PAPERS, build
from kyr.profile import load as load_profile
from kyr.render import placeholders, prepare, settings

COMMENT_TAG = "TRANSLATORS:"
WIDTH = 100


def template_path(locales_dir: Path) -> Path:
    return locales_dir / f"{DOMAIN}.pot"


def mo_path(locales_dir: Path, lang: str) -> Path:
    return po_path(locales_dir, lang).with_suffix(".mo")


def languages_in(locales_dir: Path) -> list[str]:
    """Languages that have a catalog in this folder, in registry order, then any others."""
    found = sorted(p.parent.parent.name for p in locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    known = [code for code in LANGUAGES if code in found]
    return known + [code for code in found if code not in known]


# -- reading and writing ------------------------------------------------------------------------


def save(catalog: Catalog, path: Path, *, template: bool = False) -> None:
    buf = io.BytesIO()
    write_po(buf, catalog, width=WIDTH, sort_by_file=True, omit_header=False, ignore_obsolete=template)
    path.parent.mkdir(parents=True, exist_ok=True)
    files.write_atomic(path, buf.getvalue())


# -- extract, init, update, compile ------------------------------------------------------------


def _sources() -> Iterator[tuple[Path, list[tuple[str, str]]]]:
    """The folders to extract from and their Babel method maps: the forms and kyr's own code."""
    yield Path(str(resources.files("kyr.forms"))), [("**.toml", "kyr_forms")]
    yield Path(str(resources.files("kyr"))), [("**.py", "python")]


def extract(locales_dir: Path | None = None) -> Path:
    """Collect every message of forms/ and kyr/ into the template kyr.pot; returns its path."""
    locales_dir = locales_dir or default_locales_dir()
    pot = Catalog(
        project="kyr",
        version=__version__,
        copyright_holder="kyr contributors",
        msgid_bugs_address="kyr translators",
        fuzzy=False,
    )
    for folder, method_map in _sources():
        for filename, lineno, message, comments, context in extract_from_dir(
            folder, method_map, comment_tags=(COMMENT_TAG,), strip_comment_tags=False
        ):
            location = (f"{folder.name}/{filename}", lineno)
            pot.add(message, None, [location], auto_comments=comments, context=context)
    out = template_path(locales_dir)
    save(pot, out, template=True)
    return out


def _header_comment(lang: str, review: Review) -> str:
    name = LANGUAGES[lang].english_name if lang in LANGUAGES else lang
    return (
        f"# {name} ({lang}) translations of the kyr documents.\n"
        "# Copyright (C) 2026 kyr contributors\n"
        "# This file is distributed under the same license as the kyr project.\n"
        "#\n"
        "# A draft until a qualified translator reviews it: see Review-Status below.\n"
        f"# Review-Status: {review.status}\n"
        f"# Reviewed-By: {review.by}\n"
        f"# Reviewed-On: {review.on}\n"
        "#"
    )


def _babel_locale(lang: str) -> Locale | None:
    code = LANGUAGES[lang].babel_locale if lang in LANGUAGES else lang
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


def init(lang: str, locales_dir: Path | None = None) -> Path:
    """Start a new language's catalog from the template, as a draft."""
    locales_dir = locales_dir or default_locales_dir()
    if lang == SOURCE_LANGUAGE:
        raise KyrError(f"{lang} is the source language: it needs no catalog")
    target = po_path(locales_dir, lang)
    if target.exists():
        raise KyrError(f"{target}: already exists; use `kyr catalog update`")
    template = read_po_file(template_path(locales_dir))
    catalog = Catalog(
        locale=_babel_locale(lang),
        domain=DOMAIN,
        project="kyr",
        version=__version__,
        header_comment=_header_comment(lang, Review()),
        fuzzy=False,
    )
    catalog.last_translator = "kyr developers (draft)"
    catalog.update(template, no_fuzzy_matching=True)
    save(catalog, target)
    return target


def update(locales_dir: Path | None = None, langs: list[str] | None = None) -> list[Path]:
    """Merge the template into each catalog: new messages appear empty, changed ones fuzzy."""
    locales_dir = locales_dir or default_locales_dir()
    template = read_po_file(template_path(locales_dir))
    done = []
    for lang in langs or languages_in(locales_dir):
        path = po_path(locales_dir, lang)
        catalog = read_po_file(path)
        catalog.update(template, update_header_comment=False)
        save(catalog, path)
        done.append(path)
    return done


def compile_catalogs(locales_dir: Path | None = None, langs: list[str] | None = None) -> list[Path]:
    """Write each catalog's .mo; a broken .po is reported and its existing .mo is left as it was."""
    locales_dir = locales_dir or default_locales_dir()
    done = []
    errors = []
    for lang in langs or languages_in(locales_dir):
        path = po_path(locales_dir, lang)
        try:
            catalog = read_po_file(path)
            if catalog.locale is None and lang in LANGUAGES:
                raise KyrError(f"{path}: the Language header is missing or not a known locale")
            problems = list(catalog.check())
        except KyrError as exc:
            errors.append(str(exc))
            continue
        if problems:
            errors.extend(f"{path}:{m.lineno}: {'; '.join(map(str, errs))}" for m, errs in problems)
            continue
        buf = io.BytesIO()
        write_mo(buf, catalog)
        files.write_atomic(mo_path(locales_dir, lang), buf.getvalue())
        done.append(mo_path(locales_dir, lang))
    if errors:
        raise KyrError("\n".join(errors))
    return done


def set_review(lang: str, status: str, by: str = "", on: str | None = None, locales_dir: Path | None = None) -> Review:
    """Record who reviewed a catalog and when, in its header comment."""
    if status not in REVIEW_STATUSES:
        raise KyrError(f"review status must be one of {', '.join(REVIEW_STATUSES)}, not {status!r}")
    if status != "draft" and not by.strip():
        raise KyrError(f"a {status} catalog needs the reviewer's name (--by)")
    locales_dir = locales_dir or default_locales_dir()
    path = po_path(locales_dir, lang)
    catalog = read_po_file(path)
    review = Review(status, by.strip(), on or datetime.date.today().isoformat())
    if status == "draft":
        review = Review()
    catalog.header_comment = _header_comment(lang, review)
    save(catalog, path)
    return review


# -- statistics ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stat:
    lang: str
    document: str
    translated: int
    fuzzy: int
    untranslated: int
    review: str
    reviewed_by: str = ""
    reviewed_on: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def stats(locales_dir: Path | None = None) -> list[Stat]:
    """Per language and per document (plus kyr's own messages): translated, fuzzy, untranslated."""
    locales_dir = locales_dir or default_locales_dir()
    groups = {doc.id: list(doc.messages) for doc in all_documents().values()}
    groups["kyr"] = list(common.ALL)
    out = []
    for lang in languages_in(locales_dir):
        catalog = load_catalog(lang, locales_dir)
        for group, messages in groups.items():
            states = [catalog.lookup(m)[1] for m in messages]
            out.append(
                Stat(
                    lang,
                    group,
                    states.count("translated"),
                    states.count("fuzzy"),
                    states.count("missing"),
                    catalog.review.status,
                    catalog.review.by,
                    catalog.review.on,
                )
            )
    return out


def review_of(path: Path) -> Review:
    return parse_review(read_po_file(path).header_comment)


# -- checks --------------------------------------------------------------------------------------


def _units(catalog: Catalog, lang: str) -> list[checks.Unit]:
    script = LANGUAGES[lang].script if lang in LANGUAGES else "Latn"
    return [checks.Unit.from_po(m, lang, script) for m in catalog if m.id and not isinstance(m.id, tuple)]


def fit_problems(lang: str, locales_dir: Path, path: Path) -> list[checks.Problem]:
    """Render each document's layout with this catalog: short texts must fit their boxes, pages one page."""
    language = get_language(lang)
    catalog = load_catalog(lang, locales_dir)
    profile = load_profile()
    shown = settings(profile)
    problems = []
    for doc in all_documents().values():
        for paper in PAPERS:
            unit = checks.Unit(doc.title.context, doc.title.msgid, "", False, lang, language.script)
            try:
                if doc.layout == "cards":
                    cards.sides(prepare(doc, lang, paper=paper, profile=profile, allow_draft=True,
                                        locales_dir=locales_dir))
                    continue
                page = build(doc, language, Translator(catalog), placeholders(profile, doc), paper,
                             bilingual=doc.bilingual_default, settings=shown)
            except KyrError as exc:
                problems.append(checks.Problem("fit", checks.ERROR, unit, f"{paper}: {exc}", path))
                continue
            for placed in page.placed:
                if placed.max_lines and placed.lines > placed.max_lines:
                    m = placed.message
                    text = catalog.lookup(m)[0] or ""
                    u = checks.Unit(m.context, m.msgid, text, False, lang, language.script)
                    detail = (
                        f"{paper}: wraps to {placed.lines} lines; its box ({placed.role}) holds "
                        f"{placed.max_lines} at {placed.para.style.fontSize:.1f} pt"
                    )
                    problems.append(checks.Problem("fit", checks.ERROR, u, detail, path))
    return problems


def check(
    locales_dir: Path | None = None,
    langs: list[str] | None = None,
    glossary: checks.Glossary | None = None,
    fit: bool = True,
) -> list[checks.Problem]:
    """Every problem in the catalogs: syntax, message checks and, per document, fit on the page."""
    locales_dir = locales_dir or default_locales_dir()
    glossary = glossary or checks.Glossary.load()
    problems: list[checks.Problem] = []
    for lang in langs or languages_in(locales_dir):
        path = po_path(locales_dir, lang)
        try:
            catalog = read_po_file(path)
        except KyrError as exc:
            unit = checks.Unit(None, "", "", False, lang, "")
            problems.append(checks.Problem("syntax", checks.ERROR, unit, str(exc)))
            continue
        problems += checks.run(_units(catalog, lang), glossary, path)
        if fit and lang in LANGUAGES:
            problems += fit_problems(lang, locales_dir, path)
    return problems
