"""Roster batches: one PDF, a page per row in its language; bad rows by line number; fixed text reused."""

import pytest
from click.testing import CliRunner

from conftest import SAMPLE_NAMES, page_count, pdffonts, pdftotext, qpdf_check
from kyr import batch
from kyr.cli import main
from kyr.errors import KyrError

HEADER = "name,booking_number,language,date,officer\n"


def roster(tmp_path, rows: list[str], header: str = HEADER, name: str = "roster.csv"):
    path = tmp_path / name
    path.write_bytes((header + "".join(r + "\n" for r in rows)).encode("utf-8"))
    return path


def good_rows(n: int) -> list[str]:
    langs = list(SAMPLE_NAMES)
    return [f"{SAMPLE_NAMES[langs[i % len(langs)]]},EX-{i:04d},{langs[i % len(langs)]},2026-11-24,Deputy {i}"
            for i in range(n)]


def test_one_page_per_row_each_in_its_language(tmp_path):
    path = roster(tmp_path, good_rows(7))
    out = tmp_path / "out.pdf"
    _, result = batch.run("ice-interview-consent", path, "language", target=out)
    assert (result.rows, result.pages) == (7, 7) and page_count(out) == 7
    pages = pdftotext(out).split("\f")
    for i, lang in enumerate(SAMPLE_NAMES):
        assert SAMPLE_NAMES[lang] in pages[i] and f"EX-{i:04d}" in pages[i]
        assert f"KYR ice-interview-consent {lang} r" in pages[i]
    assert qpdf_check(out).returncode == 0
    assert all(r["emb"] == r["sub"] == r["uni"] == "yes" for r in pdffonts(out))


def test_copies_give_two_pages_per_row(tmp_path):
    path = roster(tmp_path, ["Alex Example,EX-1,en,2026-12-01", "김민준,EX-2,ko,2026-12-02"],
                  header="name,booking_number,language,release_date\n")
    out = tmp_path / "out.pdf"
    _, result = batch.run("release-date-notice", path, "language", target=out)
    assert result.pages == 4
    pages = pdftotext(out).split("\f")
    assert "Alex Example" in pages[0] and "Alex Example" in pages[1] and "김민준" in pages[3]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("Alex Example,EX-1,xx,2026-11-24,D", "unknown language 'xx'"),
        (",EX-1,en,2026-11-24,D", "required field 'name' is empty"),
        ("Alex Example,EX-1,en,24/11/2026,D", "YYYY-MM-DD"),
        ("Alex Example,EX-1,en", "3 values for 5 columns"),
    ],
)
def test_a_bad_row_is_reported_by_line_and_nothing_is_written(tmp_path, row, reason):
    path = roster(tmp_path, [*good_rows(2), row, *good_rows(1)])
    out = tmp_path / "out.pdf"
    with pytest.raises(batch.BadRoster) as exc:
        batch.run("ice-interview-consent", path, "language", target=out)
    assert [b.line for b in exc.value.bad] == [4] and reason in exc.value.bad[0].reason
    assert not out.exists()


def test_undecodable_bytes_are_a_bad_row(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(HEADER.encode() + b"Alex Example,EX-1,en,2026-11-24,D\nJos\xe9,EX-2,es,2026-11-24,D\n")
    with pytest.raises(batch.BadRoster, match="line 3: not valid UTF-8"):
        batch.run("ice-interview-consent", path, "language")


def test_skip_bad_rows_prints_the_good_ones_and_lists_the_others(tmp_path):
    path = roster(tmp_path, [*good_rows(3), "Alex,EX-9,zz,2026-11-24,D"])
    data, result = batch.run("ice-interview-consent", path, "language", skip_bad_rows=True)
    assert result.rows == 3 and [str(b) for b in result.skipped] == ["line 5: unknown language 'zz'; known "
                                                                     "languages: en, es, zh_Hans, zh_Hant, tl, vi, ko"]
    assert data.startswith(b"%PDF")


def test_bad_rows_never_carry_personal_data_in_their_message(tmp_path):
    path = roster(tmp_path, ["Secret Person,SECRET-77,en,not-a-date,D"])
    with pytest.raises(batch.BadRoster) as exc:
        batch.run("ice-interview-consent", path, "language")
    assert "Secret" not in str(exc.value) and "SECRET-77" not in str(exc.value)


def test_an_extra_page_costs_only_its_values(tmp_path):
    small, _ = batch.run("ice-interview-consent", roster(tmp_path, good_rows(14), name="a.csv"), "language")
    large, _ = batch.run("ice-interview-consent", roster(tmp_path, good_rows(28), name="b.csv"), "language")
    per_page = (len(large) - len(small)) / 14
    assert per_page <= 3 * 1024, per_page


def test_missing_language_column_and_empty_roster(tmp_path):
    with pytest.raises(KyrError, match="no column 'lang'"):
        batch.run("ice-interview-consent", roster(tmp_path, good_rows(1)), "lang")
    with pytest.raises(KyrError, match="no row to print"):
        batch.run("ice-interview-consent", roster(tmp_path, [], name="empty.csv"), "language")
    with pytest.raises(KyrError, match="not a form filled in per person"):
        batch.run("rights-flyer", roster(tmp_path, good_rows(1)), "language")


def test_cli_batch_reports_bad_rows_with_exit_status_2(tmp_path):
    path = roster(tmp_path, [*good_rows(1), "Alex,EX-9,zz,2026-11-24,D"])
    out = tmp_path / "out.pdf"
    runner = CliRunner()
    result = runner.invoke(main, ["batch", "ice-interview-consent", "--roster", str(path), "--lang-column",
                                  "language", "-o", str(out)])
    assert result.exit_code == 2 and "line 3: unknown language 'zz'" in result.stderr and not out.exists()
    result = runner.invoke(main, ["batch", "ice-interview-consent", "--roster", str(path), "--lang-column",
                                  "language", "--skip-bad-rows", "-o", str(out)])
    assert result.exit_code == 0 and "skipped line 3" in result.stderr and page_count(out) == 1
