"""The `kyr` command: a thin click layer over kyr.render and the registries."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from kyr import __version__, fonts, workflow
from kyr import batch as kyr_batch
from kyr.catalogs import load_catalog
from kyr.documents import all_documents
from kyr.errors import KyrError
from kyr.languages import LANGUAGES
from kyr.render import render as render_pdf
from kyr.render import write_atomic

EXIT_USAGE = 2

# Example values for the example documents: plainly invented, never a real person.
EXAMPLE_VALUES = {
    "name": "Alex Example",
    "booking_number": "EX-0000001",
    "date": "2026-01-15",
    "officer": "Deputy Sample, ID 0000",
    "detainer": "decline",
    "notification": "decline",
    "date_received": "2026-01-14",
    "time": "10:30",
    "release_date": "2026-02-01",
    "told_date": "2026-01-30",
    "told_time": "16:00",
    "recipient": "attorney",
    "designee_name": "Sam Counsel",
    "designee_contact": "(555) 010-0444",
}


def fail(message: str) -> None:
    click.echo(f"kyr: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def parse_fields(pairs: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise KyrError(f"--field takes KEY=VALUE, got {pair!r}")
        if key in values:
            raise KyrError(f"field {key!r} is given twice")
        values[key] = value
    return values


class KyrGroup(click.Group):
    """Turns every KyrError and unwritable output into one line on stderr and exit status 2."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except KyrError as exc:
            fail(str(exc))
        except BrokenPipeError:
            # The reader went away (`kyr ... | head`): stop quietly, and keep Python from
            # complaining again when it flushes stdout on exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as exc:
            fail(f"{exc.filename or 'output'}: {exc.strerror or exc}")


@click.group(cls=KyrGroup)
@click.version_option(__version__, prog_name="kyr")
@click.option("-v", "--verbose", is_flag=True, help="Say what kyr is doing (never field values).")
def main(verbose: bool) -> None:
    """Print TRUTH Act consent forms and know-your-rights documents in every language."""
    logging.basicConfig(format="kyr: %(message)s", level=logging.INFO if verbose else logging.WARNING)
    logging.getLogger("kyr.fonts").setLevel(logging.INFO)
    logging.getLogger("fontTools").setLevel(logging.WARNING)


@main.command()
@click.argument("document")
@click.option("--lang", "lang", required=True, help="Language code, see `kyr languages`.")
@click.option(
    "--field",
    "field_pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help="A field value; repeat for each field. Dates as YYYY-MM-DD.",
)
@click.option("--paper", default="letter", show_default=True, help="letter or a4.")
@click.option(
    "--profile",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Jurisdiction profile (TOML); the example profile by default.",
)
@click.option("--blank", is_flag=True, help="A blank form for pre-printing.")
@click.option(
    "--allow-draft", is_flag=True, help="Print even if the catalog is incomplete, marked as a draft translation."
)
@click.option("--bilingual/--monolingual", default=None,
              help="English beside the person's language, or not (default: the document's own).")
@click.option("-o", "--output", required=True, metavar="OUT.pdf", help="Output file, or - for stdout.")
def render(
    document: str,
    lang: str,
    field_pairs: tuple[str, ...],
    paper: str,
    profile: Path | None,
    blank: bool,
    allow_draft: bool,
    bilingual: bool | None,
    output: str,
) -> None:
    """Render DOCUMENT as a PDF."""
    if output == "-" and sys.stdout.isatty():
        raise KyrError("refusing to write a PDF to a terminal; use -o FILE or a pipe")
    data = render_pdf(
        document,
        lang,
        values=parse_fields(field_pairs),
        paper=paper.lower(),
        profile=profile,
        blank=blank,
        allow_draft=allow_draft,
        bilingual=bilingual,
    )
    assert data is not None
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(output, data)


@main.command()
@click.argument("document")
@click.option("--roster", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CSV file: a header row with field keys and the language column, then one row per person.")
@click.option("--lang-column", required=True,
              help="The column holding each row's language: a code (es, zh-Hans) or a name (Spanish, español).")
@click.option("--paper", default="letter", show_default=True, help="letter or a4.")
@click.option("--profile", type=click.Path(dir_okay=False, path_type=Path),
              help="Jurisdiction profile (TOML); the example profile by default.")
@click.option("--allow-draft", is_flag=True, help="Print languages whose catalog is incomplete, marked as drafts.")
@click.option("--skip-bad-rows", is_flag=True, help="Print the good rows and list the bad ones, instead of stopping.")
@click.option("-o", "--output", required=True, metavar="OUT.pdf", help="Output file.")
def batch(document: str, roster: Path, lang_column: str, paper: str, profile: Path | None, allow_draft: bool,
          skip_bad_rows: bool, output: str) -> None:
    """Render DOCUMENT once per row of a roster into one PDF, each row in its own language."""
    bars: list = []

    def advance(done: int, total: int) -> None:
        if not bars:  # the total is known once every row has been checked
            bars.append(click.progressbar(length=total, label="Rendering", file=sys.stderr))
            bars[0].__enter__()
        bars[0].update(1)

    try:
        _data, result = kyr_batch.run(document, roster, lang_column, paper=paper.lower(), profile=profile,
                                      allow_draft=allow_draft, skip_bad_rows=skip_bad_rows, target=output,
                                      progress=advance)
    finally:
        for bar in bars:
            bar.__exit__(None, None, None)
    for bad in result.skipped:
        click.echo(f"kyr: skipped {bad}", err=True)
    if result.ignored_columns:
        click.echo(f"kyr: ignored columns: {', '.join(result.ignored_columns)}", err=True)
    click.echo(f"{output}: {result.read} rows read, {result.rows} printed ({result.pages} pages), "
               f"{len(result.skipped)} skipped", err=True)


@main.command()
def documents() -> None:
    """List the documents kyr can print."""
    for doc in all_documents().values():
        click.echo(f"{doc.id}\t{doc.audience}\t{doc.summary.msgid}")


@main.command()
def languages() -> None:
    """List the languages, with their script and review status."""
    for lang in LANGUAGES.values():
        review = load_catalog(lang.code).review.status
        click.echo(f"{lang.code}\t{lang.english_name}\t{lang.native_name}\t{lang.script}\t{lang.direction}\t{review}")


@main.command()
@click.option(
    "-o",
    "--output",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the PDFs.",
)
@click.option("--paper", default="letter", show_default=True, help="letter or a4.")
def examples(out_dir: Path, paper: str) -> None:
    """Render every document in every language, blank and filled with invented values."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for doc in all_documents().values():
        sample = {k: v for k, v in EXAMPLE_VALUES.items() if k in doc.fields}
        kinds = (("filled", sample), ("blank", {})) if doc.audience == "staff" else (("print", sample),)
        for code in LANGUAGES:
            for kind, values in kinds:
                target = out_dir / f"{doc.id}.{code}.{kind}.{paper}.pdf"
                render_pdf(doc, code, values=values, paper=paper, blank=kind == "blank", target=target)
                click.echo(str(target))


locales_option = click.option(
    "--locales",
    "locales_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Catalog folder (default: the project's locales/, or $KYR_LOCALES).",
)


@main.group("catalog")
def catalog_group() -> None:
    """Translators' commands: extract, update, init, compile, stats, check, review."""


@catalog_group.command("extract")
@locales_option
def catalog_extract(locales_dir: Path | None) -> None:
    """Collect the messages of forms/ and kyr/ into kyr.pot, and of web/ into web.pot."""
    for path in workflow.extract(locales_dir):
        click.echo(str(path))


@catalog_group.command("update")
@locales_option
@click.argument("langs", nargs=-1)
def catalog_update(locales_dir: Path | None, langs: tuple[str, ...]) -> None:
    """Merge the template into the catalogs (all, or LANGS): new messages empty, changed ones fuzzy."""
    for path in workflow.update(locales_dir, list(langs) or None):
        click.echo(str(path))


@catalog_group.command("init")
@locales_option
@click.argument("lang")
def catalog_init(locales_dir: Path | None, lang: str) -> None:
    """Start the catalogs of a new language LANG from the templates, as drafts."""
    for path in workflow.init(lang, locales_dir):
        click.echo(str(path))


@catalog_group.command("compile")
@locales_option
@click.argument("langs", nargs=-1)
def catalog_compile(locales_dir: Path | None, langs: tuple[str, ...]) -> None:
    """Check and compile catalogs to .mo; a broken .po never replaces a good .mo."""
    for path in workflow.compile_catalogs(locales_dir, list(langs) or None):
        click.echo(str(path))


@catalog_group.command("stats")
@locales_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def catalog_stats(locales_dir: Path | None, fmt: str) -> None:
    """Translated, fuzzy and untranslated messages per language and document, and review status."""
    rows = workflow.stats(locales_dir)
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
        return
    click.echo(f"{'lang':8} {'document':24} {'translated':>10} {'fuzzy':>6} {'missing':>8}  review")
    for r in rows:
        who = f" ({r.reviewed_by}, {r.reviewed_on})" if r.reviewed_by else ""
        click.echo(f"{r.lang:8} {r.document:24} {r.translated:>10} {r.fuzzy:>6} {r.untranslated:>8}  {r.review}{who}")


@catalog_group.command("check")
@locales_option
@click.option("--no-fit", is_flag=True, help="Skip rendering the documents to check that texts fit.")
@click.argument("langs", nargs=-1)
def catalog_check(locales_dir: Path | None, no_fit: bool, langs: tuple[str, ...]) -> None:
    """Check catalogs; exit status 1 when any error is found."""
    problems = workflow.check(locales_dir, list(langs) or None, fit=not no_fit)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    click.echo(f"{errors} errors, {warnings} warnings", err=True)
    if errors:
        sys.exit(1)


@catalog_group.command("review")
@locales_option
@click.argument("lang")
@click.option("--status", required=True, help="draft, reviewed or certified.")
@click.option("--by", default="", help="Who reviewed it (required unless --status draft).")
@click.option("--on", "on_date", default=None, help="When (YYYY-MM-DD; default today).")
def catalog_review(locales_dir: Path | None, lang: str, status: str, by: str, on_date: str | None) -> None:
    """Record the review status of LANG's catalog; documents print it."""
    review = workflow.set_review(lang, status, by, on_date, locales_dir)
    click.echo(f"{lang}: {review.status}" + (f" by {review.by} on {review.on}" if review.by else ""))


@main.group("fonts")
def fonts_group() -> None:
    """Manage the cache of static fonts cut from the registry packages."""


@fonts_group.command("prepare")
@click.option(
    "-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Parallel processes (default: one per core)."
)
def fonts_prepare(jobs: int | None) -> None:
    """Cut every font weight kyr needs into the cache (about a minute, once)."""
    for path in fonts.prepare(jobs=jobs):
        click.echo(str(path))


@fonts_group.command("list")
def fonts_list() -> None:
    """Show each font family, its source package and whether it is in the cache."""
    for family, source in fonts.SOURCES.items():
        if not source.available():
            how = "apt-get install" if source.debian else "pip install"
            click.echo(f"{family}\t{source.distribution}\tnot installed ({how} {source.distribution})")
            continue
        ready = all(fonts.cached_path(family, w).exists() for w in fonts.WEIGHTS)
        click.echo(f"{family}\t{source.distribution}\t{'cached' if ready else 'not cached'}")
    click.echo(f"cache: {fonts.cache_dir() / 'fonts'}")


if __name__ == "__main__":
    main()
