"""`kyr catalog`: the translators' commands (thin over kyr.workflow)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

locales_option = click.option(
    "--locales",
    "locales_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Catalog folder (default: the project's locales/, or $KYR_LOCALES).",
)



@click.group("catalog")
def catalog_group() -> None:
    """Translators' commands: extract, update, init, compile, stats, check, review."""


@catalog_group.command("extract")
@locales_option
def catalog_extract(locales_dir: Path | None) -> None:
    """Collect the messages of forms/ and kyr/ into kyr.pot, and of web/ into web.pot."""
    from kyr import workflow

    for path in workflow.extract(locales_dir):
        click.echo(str(path))


@catalog_group.command("update")
@locales_option
@click.argument("langs", nargs=-1)
def catalog_update(locales_dir: Path | None, langs: tuple[str, ...]) -> None:
    """Merge the template into the catalogs (all, or LANGS): new messages empty, changed ones fuzzy."""
    from kyr import workflow

    for path in workflow.update(locales_dir, list(langs) or None):
        click.echo(str(path))


@catalog_group.command("init")
@locales_option
@click.argument("lang")
def catalog_init(locales_dir: Path | None, lang: str) -> None:
    """Start the catalogs of a new language LANG from the templates, as drafts."""
    from kyr import workflow

    for path in workflow.init(lang, locales_dir):
        click.echo(str(path))


@catalog_group.command("compile")
@locales_option
@click.argument("langs", nargs=-1)
def catalog_compile(locales_dir: Path | None, langs: tuple[str, ...]) -> None:
    """Check and compile catalogs to .mo; a broken .po never replaces a good .mo."""
    from kyr import workflow

    for path in workflow.compile_catalogs(locales_dir, list(langs) or None):
        click.echo(str(path))


@catalog_group.command("stats")
@locales_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def catalog_stats(locales_dir: Path | None, fmt: str) -> None:
    """Translated, fuzzy and untranslated messages per language and document, and review status."""
    from kyr import workflow

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
    from kyr import workflow

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
    from kyr import workflow

    review = workflow.set_review(lang, status, by, on_date, locales_dir)
    click.echo(f"{lang}: {review.status}" + (f" by {review.by} on {review.on}" if review.by else ""))
