"""`kyr register` and `kyr users`: the register of served documents and the staff accounts (thin over kyr.register)."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import click

from kyr.errors import KyrError
from kyr.files import write_output


@click.group("register")
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
        write_output(output, data)


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
        write_output(output, text.encode())


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


@click.group("users")
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
