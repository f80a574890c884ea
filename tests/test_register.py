"""The issuance register, on SQLite and on a real PostgreSQL: recording, decisions, the forum's figures."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from conftest import normalise, page_count, pdftotext
from kyr.cli import main
from kyr.errors import KyrError
from kyr.register import entries, keys, report, store
from kyr.register.service import batch_recorded, render_recorded

MARKER_NAME = "Zyxwv Marker-Quonset"
MARKER_BOOKING = "BK-MARKER-7788991"
CONSENT = {"name": MARKER_NAME, "booking_number": MARKER_BOOKING, "date": "2026-03-04", "time": "09:15",
           "officer": "Deputy Fictional 12", "interpreter": "Line 4471"}
NOTICE = {"name": MARKER_NAME, "booking_number": MARKER_BOOKING, "date": "2026-03-05", "date_received": "2026-03-04",
          "detainer": "decline", "notification": "comply", "notification_basis": "PC 245(a)(1) Marker-Basis",
          "officer": "Deputy Fictional 12"}


@pytest.fixture
def runner():
    return CliRunner()


def count(url: str) -> int:
    with store.engine(url).connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(store.entries)).scalar_one()


def test_render_record_prints_the_entry_id_and_keeps_no_name(register_db, runner, tmp_path):
    url, _files = register_db
    out = tmp_path / "form.pdf"
    result = runner.invoke(main, ["render", "ice-interview-consent", "--lang", "es", "-o", str(out), "--record",
                                  "--served-by", "Deputy Lee", *[f"--field={k}={v}" for k, v in CONSENT.items()]])
    assert result.exit_code == 0, result.output
    assert "kyr: recorded entry 1" in result.stderr and page_count(out) == 1
    listed = runner.invoke(main, ["register", "list", "--format", "json"])
    rows = json.loads(listed.stdout)
    assert [(r["id"], r["document"], r["language"], r["served_at"], r["served_by"], r["interpreter"]) for r in rows] \
        == [(1, "ice-interview-consent", "es", "2026-03-04T09:15", "Deputy Lee", True)]
    assert MARKER_NAME not in listed.stdout and MARKER_BOOKING not in listed.stdout


def test_a_request_notice_records_each_action_with_its_decision_and_reason(register_db):
    url, _files = register_db
    _pdf, entry = render_recorded("ice-request-notice", "ko", values=NOTICE, served_by="Deputy Kim", url=url)
    row = entries.listed(url=url)[0]
    assert row["id"] == entry and row["actions"] == {"detainer": "decline (state-law)",
                                                     "notification": "comply (state-law-allows)"}


@pytest.mark.parametrize(("args", "message"), [
    (["render", "rights-flyer", "--lang", "es", "--record", "--served-by", "X"], "not served to a person"),
    (["render", "ice-interview-consent", "--lang", "es", "--record", "--field=name=A", "--field=booking_number=1"],
     "--served-by"),
    (["render", "ice-interview-consent", "--lang", "es", "--blank", "--record", "--served-by", "X"], "blank form"),
    (["render", "ice-interview-consent", "--lang", "es", "--served-by", "X"], "goes with --record"),
])
def test_recording_what_is_not_served_is_refused(register_db, runner, tmp_path, args, message):
    url, _files = register_db
    result = runner.invoke(main, [*args, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "x.pdf").exists() and count(url) == 0


def test_a_pdf_that_cannot_be_made_records_nothing(register_db):
    url, _files = register_db
    with pytest.raises(KyrError, match="does not fit"):
        render_recorded("ice-interview-consent", "en", values={**CONSENT, "name": "W" * 80}, served_by="X", url=url)
    assert count(url) == 0


def test_a_record_that_cannot_be_written_hands_out_no_pdf(register_db, tmp_path, monkeypatch):
    from contextlib import contextmanager

    from kyr.register import service

    url, _files = register_db
    target = tmp_path / "form.pdf"

    @contextmanager
    def commit_fails(_entries, _url=None):
        yield [1]  # the PDF is written here, inside the transaction
        raise sa.exc.OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(service, "recording", commit_fails)
    with pytest.raises(sa.exc.OperationalError):
        render_recorded("ice-request-notice", "en", values=NOTICE, served_by="X", target=target, url=url)
    assert not target.exists() and count(url) == 0


def test_the_decision_is_recorded_later_and_its_earlier_value_kept(register_db, runner):
    url, _files = register_db
    _pdf, entry = render_recorded("ice-interview-consent", "en", values=CONSENT, served_by="X", url=url)
    assert runner.invoke(main, ["register", "decide", str(entry), "--choice", "decline", "--interviewed", "no",
                                "--by", "Sgt A"]).exit_code == 0
    assert runner.invoke(main, ["register", "decide", str(entry), "--choice", "attorney", "--attorney-present", "yes",
                                "--by", "Sgt B"]).exit_code == 0
    row = entries.listed(url=url)[0]
    assert (row["choice"], row["interviewed"], row["attorney_present"]) == ("attorney", False, True)
    with store.engine(url).connect() as conn:
        history = conn.execute(sa.select(store.history.c.changed_by, store.history.c.field, store.history.c.old_value,
                                         store.history.c.new_value).order_by(store.history.c.id)).all()
    assert [tuple(h) for h in history] == [("Sgt A", "choice", None, "decline"), ("Sgt A", "interviewed", None, "no"),
                                           ("Sgt B", "choice", "decline", "attorney"),
                                           ("Sgt B", "attorney_present", None, "yes")]
    notice = render_recorded("ice-request-notice", "en", values=NOTICE, served_by="X", url=url)[1]
    bad = runner.invoke(main, ["register", "decide", str(notice), "--choice", "agree"])
    assert bad.exit_code == 2 and "consent form" in bad.stderr
    assert runner.invoke(main, ["register", "decide", "999", "--choice", "agree"]).exit_code == 2


def test_no_name_or_booking_number_in_any_byte_of_the_database_or_the_logs(register_db, tmp_path, caplog):
    url, files = register_db
    caplog.set_level("DEBUG")
    for lang in ("en", "es", "ar"):
        render_recorded("ice-interview-consent", lang, values=CONSENT, served_by="X", url=url)
        render_recorded("ice-request-notice", lang, values=NOTICE, served_by="X", url=url)
    roster = tmp_path / "roster.csv"
    roster.write_text("name,booking_number,language\n" + f"{MARKER_NAME},{MARKER_BOOKING},vi\n" * 3, encoding="utf-8")
    batch_recorded("ice-interview-consent", roster, "language", served_by="X", url=url)
    assert count(url) == 9
    searched = files()
    assert searched
    needles = [s.encode(enc) for s in (MARKER_NAME, MARKER_BOOKING, "Marker-Basis", "Quonset")
               for enc in ("utf-8", "utf-16-le")]
    for path in searched:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, (path, needle)
    assert not any(s in caplog.text for s in (MARKER_NAME, MARKER_BOOKING))
    # The hash links the forms of one person, and is the keyed hash of the number, never the number.
    with store.engine(url).connect() as conn:
        hashes = set(conn.execute(sa.select(store.entries.c.booking_hash)).scalars())
    assert hashes == {keys.booking_hash(MARKER_BOOKING)} and len(next(iter(hashes))) == 64


def _seed(url: str) -> dict[str, object]:
    """Entries with known counts: returns what each report figure must say."""
    people = [f"B-{i}" for i in range(7)]
    plan = []
    for i in range(12):  # consent forms, January and March
        plan.append(("ice-interview-consent", "es" if i < 9 else "vi", f"2026-0{1 if i < 6 else 3}-1{i % 9}",
                     people[i % 7], {}))
    for i in range(6):  # request notices in February: hold declined; release date complied 4, declined 2
        plan.append(("ice-request-notice", "en", f"2026-02-0{i + 1}", people[i],
                     {"date_received": "2026-02-01", "detainer": "decline",
                      "notification": "comply" if i < 4 else "decline"}))
    plan.append(("ice-interview-consent", "ko", "2025-12-31", "B-out", {}))  # outside the period
    ids = []
    for doc, lang, date, booking, extra in plan:
        values = {"name": "N", "booking_number": booking, "date": date, "officer": "O", **extra}
        ids.append(render_recorded(doc, lang, values=values, served_by="S", url=url)[1])
    for entry, choice in zip(ids[:12], ["decline"] * 8 + ["attorney"] * 3 + ["agree"], strict=True):
        entries.decide(entry, choice=choice, by="S", url=url)
    return {"forms": 18, "people": 7,
            "by_month": {"2026-01": 6, "2026-02": 6, "2026-03": 6},
            "by_document": {"ice-interview-consent": 12, "ice-request-notice": 6, "release-date-notice": 0},
            "by_language": {"en": 6, "es": 9, "vi": 3},
            "by_choice": {"agree": 1, "decline": 8, "attorney": 3, "refused": 0, "none": 0},
            "by_action": {"detainer": {"comply": 0, "decline": 6}, "notification": {"comply": 4, "decline": 2},
                          "transfer": {"comply": 0, "decline": 0}, "other": {"comply": 0, "decline": 0}}}


def test_every_report_count_matches_the_entries_with_and_without_suppression(register_db, runner, tmp_path):
    url, _files = register_db
    expected = _seed(url)
    args = ["register", "report", "--from", "2026-01-01", "--to", "2026-03-31", "--format", "json", "-o", "-"]
    full = json.loads(runner.invoke(main, [*args, "--min-cell", "1"]).stdout)
    assert {k: full[k] for k in expected} == expected and full["suppressed"] == []
    small = json.loads(runner.invoke(main, args).stdout)  # default: counts under 5 suppressed
    hidden = {"by_language.vi", "by_choice.agree", "by_choice.attorney", "by_action.notification.comply",
              "by_action.notification.decline"}
    assert set(small["suppressed"]) == hidden
    assert small["by_language"] == {"en": 6, "es": 9, "vi": None} and small["by_choice"]["refused"] == 0
    assert small["forms"] == 18 and small["by_action"]["notification"] == {"comply": None, "decline": None}
    csv_text = runner.invoke(main, [*args[:-4], "--format", "csv", "-o", "-"]).stdout
    assert "by_language,vi,fewer than 5\n" in csv_text and "by_language,es,9\n" in csv_text
    assert "total,people,7\n" in csv_text and "by_action,detainer.decline,6\n" in csv_text


def test_the_forum_report_pdf_in_english_and_spanish(register_db, runner, tmp_path):
    url, _files = register_db
    _seed(url)
    for lang, words in (("en", ["Documents served 18", "fewer than 5", "Hold (detainer): declined", "January 2026",
                                "Example County Sheriff's Office"]),
                        ("es", ["enero de 2026"])):
        out = tmp_path / f"forum-{lang}.pdf"
        result = runner.invoke(main, ["register", "report", "--from", "2026-01-01", "--to", "2026-03-31", "--lang",
                                      lang, "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        text = normalise(pdftotext(out))
        assert f"KYR forum-report {lang} r" in text
        if lang == "es":  # the Spanish catalog's own words, not the English ones
            assert "Documents served" not in text
        for word in words:
            assert word in text, word


def test_backup_purge_and_export(register_db, runner, tmp_path):
    url, _files = register_db
    _seed(url)
    export = runner.invoke(main, ["register", "export", "--format", "csv"]).stdout
    lines = export.splitlines()
    assert lines[0].startswith("id,document,language") and len(lines) == 1 + 19
    assert "B-1" not in export
    target = tmp_path / "backup.sqlite3"
    result = runner.invoke(main, ["register", "backup", str(target)])
    if url.startswith("sqlite"):
        assert result.exit_code == 0
        with sqlite3.connect(target) as copy:
            assert copy.execute("SELECT count(*) FROM entries").fetchone() == (19,)
    else:
        assert result.exit_code == 2 and "pg_dump" in result.stderr and not target.exists()
    purged = runner.invoke(main, ["register", "purge", "--before", "2026-01-01"])
    assert purged.exit_code == 0 and "deleted 1 entries" in purged.stderr and count(url) == 18


def test_a_register_that_was_not_set_up_is_a_clear_error(tmp_path, monkeypatch, runner):
    monkeypatch.setenv("KYR_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.delenv("KYR_DATABASE_URL", raising=False)
    result = runner.invoke(main, ["register", "list"])
    assert result.exit_code == 2 and "kyr register upgrade" in result.stderr
    assert runner.invoke(main, ["register", "upgrade"]).exit_code == 0
    assert runner.invoke(main, ["register", "upgrade"]).exit_code == 0  # again: nothing to do
    assert runner.invoke(main, ["register", "list"]).exit_code == 0


def test_the_key_is_made_once_for_the_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("KYR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KYR_REGISTER_KEY", raising=False)
    first = keys.booking_hash(" bk-1 ")
    assert (tmp_path / "register.key").stat().st_mode & 0o777 == 0o600
    assert keys.booking_hash("BK-1") == first  # spacing and case do not matter
    (tmp_path / "register.key").chmod(0o644)
    with pytest.raises(KyrError, match="chmod 600"):
        keys.booking_hash("BK-1")
    monkeypatch.setenv("KYR_REGISTER_KEY", "short")
    with pytest.raises(KyrError, match="too short"):
        keys.booking_hash("BK-1")


def _record_many(url: str, worker: int, n: int) -> None:
    os.environ["KYR_DATABASE_URL"] = url
    for i in range(n):
        values = {"name": "N", "booking_number": f"W{worker}-{i}", "date": "2026-05-01", "officer": "O"}
        render_recorded("ice-interview-consent", "en", values=values, served_by=f"worker {worker}", url=url)


def test_four_processes_recording_at_once_lose_nothing(register_db):
    url, _files = register_db
    store.engine(url).dispose()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_record_many, args=(url, w, 250)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=600)
        assert p.exitcode == 0
    with store.engine(url).connect() as conn:
        rows = conn.execute(sa.select(store.entries.c.served_by, store.entries.c.booking_hash)).all()
    assert len(rows) == 1000 and len({r.booking_hash for r in rows}) == 1000
    assert {r.served_by for r in rows} == {f"worker {w}" for w in range(4)}


def test_report_refuses_a_period_that_ends_before_it_starts(register_db):
    with pytest.raises(KyrError, match="before --from"):
        report.figures(__import__("datetime").date(2026, 2, 1), __import__("datetime").date(2026, 1, 1))


def test_kyr_render_record_in_a_new_process_writes_the_file_and_the_entry(register_db, tmp_path):
    url, _files = register_db
    out = tmp_path / "x.pdf"
    done = subprocess.run([sys.executable, "-m", "kyr.cli", "render", "ice-interview-consent", "--lang", "en",
                           *[f"--field={k}={v}" for k, v in CONSENT.items()], "--record", "--served-by", "D",
                           "-o", str(out)], capture_output=True, text=True, env=os.environ)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "kyr: recorded entry 1" and out.exists() and count(url) == 1
    assert MARKER_NAME not in done.stderr
