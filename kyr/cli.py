"""The `kyr` command: a thin click layer over kyr.render and the registries."""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import date
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
@click.option("--record", is_flag=True, help="Record each printed row in the register (needs --served-by).")
@click.option("--served-by", metavar="NAME", help="The staff member who serves them (with --record).")
def batch(document: str, roster: Path, lang_column: str, paper: str, profile: Path | None, allow_draft: bool,
          skip_bad_rows: bool, output: str, record: bool, served_by: str | None) -> None:
    """Render DOCUMENT once per row of a roster into one PDF, each row in its own language."""
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


@main.group("register")
def register_group() -> None:
    """The register of served documents (no names) and the TRUTH Act forum report."""


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise KyrError(f"{option} takes a date as YYYY-MM-DD, not {value!r}") from None


def _operator() -> str:
    """Who runs a register command from the shell, for the audit log: the login name."""
    return f"shell:{os.environ.get('USER') or os.environ.get('LOGNAME') or 'unknown'}"


def _yes_no(value: str | None) -> bool | None:
    return None if value is None else value == "yes"


@register_group.command("upgrade")
def register_upgrade() -> None:
    """Create the register's schema, or migrate it to this version of kyr."""
    from kyr.register import store

    click.echo(f"register at {store.engine().url.render_as_string(hide_password=True)}: "
               f"schema {store.upgrade()}")


@register_group.command("list")
@click.option("--from", "date_from", metavar="DATE", help="First day served (YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", help="Last day served (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def register_list(date_from: str | None, date_to: str | None, fmt: str) -> None:
    """Entries served in a period: document, language, when, by whom, the choice and the requests."""
    from kyr.register.entries import listed

    rows = listed(_day(date_from, "--from"), _day(date_to, "--to"))
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for r in rows:
        requested = ", ".join(f"{k}={v}" for k, v in r["actions"].items())  # type: ignore[union-attr]
        click.echo("\t".join(str(x) for x in (r["id"], r["document"], r["language"], r["served_at"], r["served_by"],
                                              r["choice"] or "-", requested or "-")))


@register_group.command("decide")
@click.argument("entry_id", type=int)
@click.option("--choice", required=True, type=click.Choice(["agree", "decline", "attorney", "refused", "none"]),
              help="The person's choice on the consent form.")
@click.option("--interviewed", type=click.Choice(["yes", "no"]), help="Whether an ICE interview took place.")
@click.option("--attorney-present", type=click.Choice(["yes", "no"]), help="Whether their attorney was present.")
@click.option("--by", "by", default=lambda: os.environ.get("USER", "staff"), show_default="$USER",
              help="Who records it (kept in the entry's history).")
def register_decide(entry_id: int, choice: str, interviewed: str | None, attorney_present: str | None,
                    by: str) -> None:
    """Record the person's choice on a served consent form; an earlier value stays in its history."""
    from kyr.register.entries import decide

    changes = decide(entry_id, choice=choice, interviewed=_yes_no(interviewed),
                     attorney_present=_yes_no(attorney_present), by=by)
    shown = ", ".join(f"{k}={v}" for k, v in changes.items()) or "nothing changed"
    click.echo(f"entry {entry_id}: {shown}", err=True)


@register_group.command("report")
@click.option("--from", "date_from", required=True, metavar="DATE", help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", required=True, metavar="DATE", help="Last day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["pdf", "csv", "json"]), default="pdf", show_default=True)
@click.option("--lang", default="en", show_default=True, help="Language of the PDF report.")
@click.option("--paper", default="letter", show_default=True, help="letter or a4 (PDF).")
@click.option("--min-cell", type=click.IntRange(1, 1000), default=5, show_default=True,
              help='Counts below this print as "fewer than N".')
@click.option("--profile", type=click.Path(dir_okay=False, path_type=Path),
              help="Jurisdiction profile (TOML) for the agency's name; the example profile by default.")
@click.option("--allow-draft", is_flag=True, help="Print the PDF even if the catalog is incomplete, marked as a draft.")
@click.option("-o", "--output", required=True, metavar="FILE", help="Output file, or - for stdout.")
def register_report(date_from: str, date_to: str, fmt: str, lang: str, paper: str, min_cell: int,
                    profile: Path | None, allow_draft: bool, output: str) -> None:
    """The TRUTH Act forum's figures for a period: PDF with charts, CSV or JSON."""
    from kyr.register import report
    from kyr.register.users import audit

    start, end = _day(date_from, "--from"), _day(date_to, "--to")
    assert start is not None and end is not None
    figures = report.figures(start, end)
    audit(_operator(), "report", f"{start} to {end}, {fmt}")
    if fmt == "json":
        data = (json.dumps(report.as_json(figures, min_cell), ensure_ascii=False, indent=1) + "\n").encode()
    elif fmt == "csv":
        data = report.as_csv(figures, min_cell).encode()
    else:
        from kyr.register.forum import render_report

        data = render_report(figures, lang, min_cell=min_cell, paper=paper.lower(), profile=profile,
                             allow_draft=allow_draft)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(output, data)


@register_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True)
@click.option("--from", "date_from", metavar="DATE", help="First day served (YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", help="Last day served (YYYY-MM-DD).")
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE", help="Output file, or - for stdout.")
def register_export(fmt: str, date_from: str | None, date_to: str | None, output: str) -> None:
    """Every entry as CSV (no names, no booking numbers): for a public-records request."""
    from kyr.register.entries import export_csv
    from kyr.register.users import audit

    text = export_csv(_day(date_from, "--from"), _day(date_to, "--to"))
    audit(_operator(), "export", f"{date_from or 'start'} to {date_to or 'end'}")
    if output == "-":
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode())


@register_group.command("purge")
@click.option("--before", required=True, metavar="DATE", help="Delete entries served before this day.")
def register_purge(before: str) -> None:
    """Delete entries older than the retention period."""
    from kyr.register.entries import purge

    day = _day(before, "--before")
    assert day is not None
    click.echo(f"deleted {purge(day)} entries served before {day}", err=True)


@register_group.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def register_backup(target: Path) -> None:
    """Copy a SQLite register consistently while it is in use (PostgreSQL: use pg_dump)."""
    from kyr.register.entries import backup

    backup(target)
    click.echo(f"backed up the register to {target}", err=True)


@main.group("users")
def users_group() -> None:
    """Staff accounts for the register in the browser (roles: staff, records, admin)."""


def _new_password(stdin: bool) -> str:
    if stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise KyrError("no password on standard input")
        return password
    return click.prompt("Password (at least 12 characters)", hide_input=True, confirmation_prompt=True)


@users_group.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["staff", "records", "admin"]),
              help="staff: record entries and decisions; records: also the report and exports; admin: also users.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (else it is asked).")
def users_add(name: str, role: str, password_stdin: bool) -> None:
    """Add a staff account."""
    from kyr.register import users

    users.add(name, role, _new_password(password_stdin), by=_operator())
    click.echo(f"added {name} ({role})", err=True)


@users_group.command("list")
def users_list() -> None:
    """List the accounts: name, role, and whether disabled or locked."""
    from kyr.register import users

    for u in users.listed():
        state = "disabled" if u["disabled"] else "locked" if u["locked"] else "active"
        click.echo(f"{u['name']}\t{u['role']}\t{state}")


@users_group.command("disable")
@click.argument("name")
def users_disable(name: str) -> None:
    """Disable an account (it can no longer log in)."""
    from kyr.register import users

    users.disable(name, by=_operator())
    click.echo(f"disabled {name}", err=True)


@users_group.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input (else it is asked).")
def users_password(name: str, password_stdin: bool) -> None:
    """Set a new password for an account (and lift a lock)."""
    from kyr.register import users

    users.set_password(name, _new_password(password_stdin), by=_operator())
    click.echo(f"new password set for {name}", err=True)


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
