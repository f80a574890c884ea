"""The translator's workflow over Babel: extract, update, init, compile, review, stats; atomic writes only."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from importlib import resources
from importlib.util import find_spec
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
    UI_DOMAIN,
    Review,
    Translator,
    default_locales_dir,
    load_catalog,
    parse_review,
    po_path,
    read_po_file,
)
from kyr.catalogs import Catalog as CatalogTranslations
from kyr.documents import Message, all_documents
from kyr.errors import KyrError
from kyr.fields import widest_date
from kyr.languages import LANGUAGES, SOURCE_LANGUAGE, get_language
from kyr.layout import PAPERS, build
from kyr.profile import load as load_profile
from kyr.render import placeholders, prepare, settings

COMMENT_TAG = "TRANSLATORS:"
WIDTH = 100


# The documents' text ("kyr") and the web front end's interface ("web") are translated separately.
DOMAINS = (DOMAIN, UI_DOMAIN)


def template_path(locales_dir: Path, domain: str = DOMAIN) -> Path:
    return locales_dir / f"{domain}.pot"


def mo_path(locales_dir: Path, lang: str, domain: str = DOMAIN) -> Path:
    return po_path(locales_dir, lang, domain).with_suffix(".mo")


def _domains(locales_dir: Path) -> list[str]:
    """The domains that have a template in this folder (a translator's copy may hold only one)."""
    return [d for d in DOMAINS if template_path(locales_dir, d).exists()] or [DOMAIN]


def languages_in(locales_dir: Path) -> list[str]:
    """Languages that have a catalog in this folder, in registry order, then any others."""
    found = sorted({p.parent.parent.name for p in locales_dir.glob("*/LC_MESSAGES/*.po")})
    known = [code for code in LANGUAGES if code in found]
    return known + [code for code in found if code not in known]


# -- reading and writing ------------------------------------------------------------------------


def save(catalog: Catalog, path: Path, *, template: bool = False) -> None:
    buf = io.BytesIO()
    write_po(buf, catalog, width=WIDTH, sort_by_file=True, omit_header=False, ignore_obsolete=template)
    path.parent.mkdir(parents=True, exist_ok=True)
    files.write_atomic(path, buf.getvalue())


# -- extract, init, update, compile ------------------------------------------------------------


def _sources(domain: str) -> Iterator[tuple[Path, list[tuple[str, str]]]]:
    """The folders to extract from and their Babel method maps (the same as babel.cfg's)."""
    if domain == DOMAIN:
        yield Path(str(resources.files("kyr.forms"))), [("**.toml", "kyr_forms")]
        yield Path(str(resources.files("kyr"))), [("**.py", "python")]
        return
    # The web front end's interface. Located, never imported: kyr does not depend on web.
    spec = find_spec("web")
    if spec and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations)))
        yield folder, [("**.py", "python"), ("templates/**.html", "jinja2")]


def extract(locales_dir: Path | None = None) -> list[Path]:
    """Collect the messages of each domain into its template (kyr.pot, web.pot); returns their paths."""
    locales_dir = locales_dir or default_locales_dir()
    return [_extract(locales_dir, domain) for domain in DOMAINS]


def _extract(locales_dir: Path, domain: str) -> Path:
    pot = Catalog(
        project="kyr",
        version=__version__,
        copyright_holder="kyr contributors",
        msgid_bugs_address="kyr translators",
        fuzzy=False,
    )
    for folder, method_map in _sources(domain):
        for filename, lineno, message, comments, context in extract_from_dir(
            folder, method_map, comment_tags=(COMMENT_TAG,), strip_comment_tags=False
        ):
            location = (f"{folder.name}/{filename}", lineno)
            pot.add(message, None, [location], auto_comments=comments, context=context)
    out = template_path(locales_dir, domain)
    save(pot, out, template=True)
    return out


def _header_comment(lang: str, review: Review, domain: str = DOMAIN) -> str:
    name = LANGUAGES[lang].english_name if lang in LANGUAGES else lang
    what = "the kyr documents" if domain == DOMAIN else "kyr's web interface"
    return (
        f"# {name} ({lang}) translations of {what}.\n"
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


def init(lang: str, locales_dir: Path | None = None) -> list[Path]:
    """Start a new language's catalogs (one per domain) from the templates, as drafts."""
    locales_dir = locales_dir or default_locales_dir()
    if lang == SOURCE_LANGUAGE:
        raise KyrError(f"{lang} is the source language: it needs no catalog")
    targets = [po_path(locales_dir, lang, domain) for domain in _domains(locales_dir)]
    for target in targets:
        if target.exists():
            raise KyrError(f"{target}: already exists; use `kyr catalog update`")
    return [_start(lang, domain, locales_dir) for domain in _domains(locales_dir)]


def _start(lang: str, domain: str, locales_dir: Path) -> Path:
    """A language's empty draft catalog for one domain, from its template."""
    template = read_po_file(template_path(locales_dir, domain))
    catalog = Catalog(
        locale=_babel_locale(lang) or lang,  # a code CLDR lacks still names the language in the header
        domain=domain,
        project="kyr",
        version=__version__,
        header_comment=_header_comment(lang, Review(), domain),
        fuzzy=False,
    )
    catalog.last_translator = "kyr developers (draft)"
    catalog.update(template, no_fuzzy_matching=True)
    target = po_path(locales_dir, lang, domain)
    save(catalog, target)
    return target


def _catalog_paths(locales_dir: Path, langs: list[str] | None) -> Iterator[tuple[str, str, Path]]:
    """(lang, domain, .po path) for each catalog asked for that exists; a named language must have one."""
    for lang in langs or languages_in(locales_dir):
        paths = [(lang, d, po_path(locales_dir, lang, d)) for d in _domains(locales_dir)]
        present = [p for p in paths if p[2].exists()]
        if not present:
            raise KyrError(f"{paths[0][2]}: no such catalog")
        yield from present


def update(locales_dir: Path | None = None, langs: list[str] | None = None) -> list[Path]:
    """Merge each template into its catalogs: new messages appear empty, changed ones fuzzy."""
    locales_dir = locales_dir or default_locales_dir()
    templates = {d: read_po_file(template_path(locales_dir, d)) for d in _domains(locales_dir)}
    done = []
    for lang in langs or languages_in(locales_dir):
        for domain in templates:  # a language without a new domain's catalog gets it started
            if not po_path(locales_dir, lang, domain).exists() and po_path(locales_dir, lang).exists():
                done.append(_start(lang, domain, locales_dir))
    for _lang, domain, path in _catalog_paths(locales_dir, langs):
        catalog = read_po_file(path)
        catalog.update(templates[domain], update_header_comment=False)
        save(catalog, path)
        done.append(path)
    return done


def compile_catalogs(locales_dir: Path | None = None, langs: list[str] | None = None) -> list[Path]:
    """Write each catalog's .mo; a broken .po is reported and its existing .mo is left as it was."""
    locales_dir = locales_dir or default_locales_dir()
    done = []
    errors = []
    for lang, domain, path in _catalog_paths(locales_dir, langs):
        try:
            catalog = read_po_file(path)
            # A language CLDR lacks (Hmong) keeps its code in the header: Babel reads no locale from it.
            if lang in LANGUAGES and catalog.locale is None and catalog.locale_identifier != lang:
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
        files.write_atomic(mo_path(locales_dir, lang, domain), buf.getvalue())
        done.append(mo_path(locales_dir, lang, domain))
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
    """Per language and per document, the forum report, kyr's own and the web interface's: translated, fuzzy,
    missing."""
    locales_dir = locales_dir or default_locales_dir()
    from kyr.register.forum import MESSAGES as FORUM_MESSAGES

    groups = {doc.id: list(doc.messages) for doc in all_documents().values()}
    groups["forum-report"] = list(FORUM_MESSAGES)
    groups["kyr"] = list(common.ALL)
    ui_template = template_path(locales_dir, UI_DOMAIN)
    ui = _messages(read_po_file(ui_template)) if ui_template.exists() else []
    out = []
    for lang in languages_in(locales_dir):
        catalog = load_catalog(lang, locales_dir)
        ui_catalog = load_catalog(lang, locales_dir, UI_DOMAIN)
        for group, messages, cat in [*((g, m, catalog) for g, m in groups.items()), (UI_DOMAIN, ui, ui_catalog)]:
            if not messages:
                continue
            out.append(Stat(lang, group, *states(cat, messages), cat.review.status, cat.review.by, cat.review.on))
    return out


def states(catalog: CatalogTranslations, messages: list[Message]) -> tuple[int, int, int]:
    """How many of the messages the catalog translates, marks fuzzy, and leaves missing."""
    found = [catalog.lookup(m)[1] for m in messages]
    return found.count("translated"), found.count("fuzzy"), found.count("missing")


def _messages(template: Catalog) -> list[Message]:
    """A template's entries as Messages, so a catalog can look them up."""
    return [Message(m.context, m.id, m.id) for m in template if m.id and not isinstance(m.id, tuple)]


def review_of(path: Path) -> Review:
    return parse_review(read_po_file(path).header_comment)


# -- checks --------------------------------------------------------------------------------------


def units(catalog: Catalog, lang: str) -> list[checks.Unit]:
    """A catalog's messages as the checks see them."""
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
                    # With the longest date the card can carry: it prints on every card's last line.
                    cards.sides(prepare(doc, lang, paper=paper, profile=profile, allow_draft=True,
                                        locales_dir=locales_dir), widest_date(language))
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
    for lang, domain, path in _catalog_paths(locales_dir, langs):
        try:
            catalog = read_po_file(path)
        except KyrError as exc:
            unit = checks.Unit(None, "", "", False, lang, "")
            problems.append(checks.Problem("syntax", checks.ERROR, unit, str(exc)))
            continue
        problems += checks.run(units(catalog, lang), glossary, path)
        if fit and domain == DOMAIN and lang in LANGUAGES:
            problems += fit_problems(lang, locales_dir, path)
    return problems
