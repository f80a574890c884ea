"""Roster batches: one PDF, a page per row in its language; bad rows by line number; fixed text reused."""

import pytest
from click.testing import CliRunner

from conftest import SAMPLE_NAMES, normalise, page_count, pdffonts, pdftotext, qpdf_check
from kyr import batch
from kyr.cli import main
from kyr.errors import KyrError
from kyr.languages import LANGUAGES

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
    n = len(SAMPLE_NAMES)
    path = roster(tmp_path, good_rows(n))
    out = tmp_path / "out.pdf"
    _, result = batch.run("ice-interview-consent", path, "language", target=out)
    assert (result.rows, result.pages) == (n, n) and page_count(out) == n
    pages = pdftotext(out).split("\f")
    for i, lang in enumerate(SAMPLE_NAMES):
        assert normalise(SAMPLE_NAMES[lang]) in normalise(pages[i]) and f"EX-{i:04d}" in pages[i]
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
    assert result.rows == 3 and [str(b) for b in result.skipped] == [
        f"line 5: unknown language 'zz'; known languages: {', '.join(LANGUAGES)}"]
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


@pytest.mark.parametrize("where", [0, 2, 4])  # the broken quote on the first, a middle and the last row
def test_a_quote_left_open_spoils_only_its_own_line_and_every_person_is_counted(tmp_path, where):
    rows = good_rows(5)
    rows[where] = '"' + rows[where]  # a value opened with a quotation mark that is never closed
    path = roster(tmp_path, rows)
    _, result = batch.run("ice-interview-consent", path, "language", skip_bad_rows=True,
                          target=tmp_path / "out.pdf")
    assert [b.line for b in result.skipped] == [where + 2] and result.skipped[0].code == "quote"
    assert "not closed on this line" in str(result.skipped[0])
    assert result.rows == 4 and result.read == 5 == result.rows + len(result.skipped)
    printed = pdftotext(tmp_path / "out.pdf")
    for i, row in enumerate(good_rows(5)):
        assert (row.split(",")[1] in printed) == (i != where)


def test_the_cli_counts_read_printed_and_skipped(tmp_path):
    rows = good_rows(4)
    rows[1] = '"' + rows[1]
    path = roster(tmp_path, rows)
    result = CliRunner().invoke(main, ["batch", "ice-interview-consent", "--roster", str(path), "--lang-column",
                                       "language", "--skip-bad-rows", "-o", str(tmp_path / "o.pdf")])
    assert result.exit_code == 0, result.output
    assert "4 rows read, 3 printed (3 pages), 1 skipped" in result.stderr
    assert "skipped line 3: a quotation mark" in result.stderr


def test_headers_are_case_insensitive_and_languages_may_be_names_or_tags(tmp_path):
    path = roster(tmp_path, ["Ana Pérez,EX-1,Spanish", "王小明,EX-2,zh-hans", "Ana Lee,EX-3,ESPAÑOL", "Kim,EX-4,Ko"],
                  header="Name,Booking_Number,Language\n")
    out = tmp_path / "out.pdf"
    _, result = batch.run("ice-interview-consent", path, "Language", target=out)
    assert result.rows == 4
    pages = pdftotext(out).split("\f")
    assert " es r" in pages[0] and " zh_Hans r" in pages[1] and " es r" in pages[2] and " ko r" in pages[3]


@pytest.mark.parametrize(("content", "code", "detail"), [
    ("Ana Pérez,EX-1,es\nBo,EX-2,en\n", "no_language_column", "no column 'language'"),  # no header row
    ("name,booking_number,name,language\nA,1,B,en\n", "duplicate_column", "'name' appears twice"),
    ("name,booking_number,language,request_type\nA,1,en,detainer\n", "retired_column", "was replaced"),
    ("", "empty", "empty"),
])
def test_whole_file_problems_name_columns_and_lines_never_a_value(tmp_path, content, code, detail):
    path = tmp_path / "r.csv"
    path.write_text(content, encoding="utf-8")
    doc = "ice-request-notice" if "request_type" in content else "ice-interview-consent"
    with pytest.raises(batch.RosterError, match=detail) as caught:
        batch.run(doc, path, "language", target=tmp_path / "o.pdf")
    assert caught.value.code == code
    assert "Ana" not in str(caught.value) and "EX-1" not in str(caught.value)
    assert not (tmp_path / "o.pdf").exists()


def test_a_row_limit_refuses_a_longer_roster_before_any_work(tmp_path):
    path = roster(tmp_path, good_rows(6))
    with pytest.raises(batch.RosterError, match="more than 5 rows") as caught:
        batch.run("ice-interview-consent", path, "language", max_rows=5, target=tmp_path / "o.pdf")
    assert caught.value.code == "too_many_rows"
    _, result = batch.run("ice-interview-consent", path, "language", target=tmp_path / "o.pdf")  # no limit
    assert result.rows == 6
