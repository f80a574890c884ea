"""The `kyr` command: a thin click layer over kyr.render and the registries."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from kyr import __version__
from kyr.cli_catalog import catalog_group
from kyr.cli_register import register_group, users_group
from kyr.errors import KyrError
from kyr.files import write_output

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


for _group in (catalog_group, register_group, users_group):  # each in its own module
    main.add_command(_group)


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
@click.option("--record", is_flag=True,
              help="Record the served document in the register (staff documents; needs --served-by).")
@click.option("--served-by", metavar="NAME", help="The staff member who serves it (with --record).")
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
    record: bool,
    served_by: str | None,
) -> None:
    """Render DOCUMENT as a PDF."""
    from kyr.render import render as render_pdf

    if output == "-" and sys.stdout.isatty():
        raise KyrError("refusing to write a PDF to a terminal; use -o FILE or a pipe")
    if served_by is not None and not record:
        raise KyrError("--served-by goes with --record")
    if record:
        if blank:
            raise KyrError("a blank form is not served to anyone: --record needs the form filled in")
        from kyr.register.service import render_recorded

        data, entry = render_recorded(document, lang, values=parse_fields(field_pairs), served_by=served_by or "",
                                      paper=paper.lower(), profile=profile, allow_draft=allow_draft,
                                      bilingual=bilingual, target=output)
        if output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        click.echo(f"kyr: recorded entry {entry}", err=True)
        return
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
        write_output(output, data)


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
@click.option("--record", is_flag=True, help="Record each printed row in the register (needs --served-by).")
@click.option("--served-by", metavar="NAME", help="The staff member who serves them (with --record).")
def batch(document: str, roster: Path, lang_column: str, paper: str, profile: Path | None, allow_draft: bool,
          skip_bad_rows: bool, output: str, record: bool, served_by: str | None) -> None:
    """Render DOCUMENT once per row of a roster into one PDF, each row in its own language."""
    from kyr import batch as kyr_batch

    if served_by is not None and not record:
        raise KyrError("--served-by goes with --record")
    bars: list = []

    def advance(done: int, total: int) -> None:
        if not bars:  # the total is known once every row has been checked
            bars.append(click.progressbar(length=total, label="Rendering", file=sys.stderr))
            bars[0].__enter__()
        bars[0].update(1)

    options = {"paper": paper.lower(), "profile": profile, "allow_draft": allow_draft,
               "skip_bad_rows": skip_bad_rows, "progress": advance}
    ids: list[int] = []
    try:
        if record:
            from kyr.register.service import batch_recorded

            _data, result, ids = batch_recorded(document, roster, lang_column, served_by=served_by or "",
                                                target=output, **options)
        else:
            _data, result = kyr_batch.run(document, roster, lang_column, target=output, **options)
    finally:
        for bar in bars:
            bar.__exit__(None, None, None)
    for bad in result.skipped:
        click.echo(f"kyr: skipped {bad}", err=True)
    if result.ignored_columns:
        click.echo(f"kyr: ignored columns: {', '.join(result.ignored_columns)}", err=True)
    click.echo(f"{output}: {result.read} rows read, {result.rows} printed ({result.pages} pages), "
               f"{len(result.skipped)} skipped", err=True)
    if ids:
        click.echo(f"kyr: recorded {len(ids)} entries, {ids[0]} to {ids[-1]}", err=True)


@main.command()
def documents() -> None:
    """List the documents kyr can print."""
    from kyr.documents import all_documents

    for doc in all_documents().values():
        click.echo(f"{doc.id}\t{doc.audience}\t{doc.summary.msgid}")


@main.command()
def languages() -> None:
    """List the languages, with their script and review status."""
    from kyr.catalogs import load_catalog
    from kyr.languages import LANGUAGES

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
    from kyr.documents import all_documents
    from kyr.languages import LANGUAGES
    from kyr.render import render as render_pdf

    out_dir.mkdir(parents=True, exist_ok=True)
    for doc in all_documents().values():
        sample = {k: v for k, v in EXAMPLE_VALUES.items() if k in doc.fields}
        kinds = (("filled", sample), ("blank", {})) if doc.audience == "staff" else (("print", sample),)
        for code in LANGUAGES:
            for kind, values in kinds:
                target = out_dir / f"{doc.id}.{code}.{kind}.{paper}.pdf"
                render_pdf(doc, code, values=values, paper=paper, blank=kind == "blank", target=target)
                click.echo(str(target))



@main.group("fonts")
def fonts_group() -> None:
    """Manage the cache of static fonts cut from the registry packages."""


@fonts_group.command("prepare")
@click.option(
    "-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Parallel processes (default: one per core)."
)
def fonts_prepare(jobs: int | None) -> None:
    """Cut every font weight kyr needs into the cache (about a minute, once)."""
    from kyr import fonts

    for path in fonts.prepare(jobs=jobs):
        click.echo(str(path))


@fonts_group.command("list")
def fonts_list() -> None:
    """Show each font family, its source package and whether it is in the cache."""
    from kyr import fonts

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
