"""The translator's workflow on a copy of the project's catalogs."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from kyr import workflow
from kyr.catalogs import default_locales_dir, load_catalog, po_path, read_po_file
from kyr.cli import main
from kyr.errors import KyrError
from kyr.languages import LANGUAGES


@pytest.fixture
def locales(tmp_path):
    copy = tmp_path / "locales"
    shutil.copytree(default_locales_dir(), copy, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.mo"))
    return copy


def test_extract_matches_the_committed_templates(locales):
    committed = {}
    for domain in workflow.DOMAINS:
        committed[domain] = {(m.context, m.id) for m in read_po_file(locales / f"{domain}.pot") if m.id}
        (locales / f"{domain}.pot").unlink()
    fresh = workflow.extract(locales)
    assert [p.name for p in fresh] == ["kyr.pot", "web.pot"]
    for path in fresh:
        assert {(m.context, m.id) for m in read_po_file(path) if m.id} == committed[path.stem]


def test_init_adds_draft_catalogs_for_a_new_language(locales):
    paths = workflow.init("fr", locales)
    assert [p.name for p in paths] == ["kyr.po", "web.po"]
    for path in paths:
        catalog = read_po_file(path)
        assert "Review-Status: draft" in catalog.header_comment
        template = read_po_file(locales / f"{path.stem}.pot")
        assert len([m for m in catalog if m.id]) == len([m for m in template if m.id])
    with pytest.raises(KyrError, match="already exists"):
        workflow.init("fr", locales)


def test_update_starts_a_missing_interface_catalog(locales):
    po_path(locales, "ko", "web").unlink()
    done = workflow.update(locales, ["ko"])
    assert po_path(locales, "ko", "web") in done
    stats = {s.document: s for s in workflow.stats(locales) if s.lang == "ko"}
    assert stats["web"].translated == 0 and stats["web"].untranslated > 50
    assert stats["ice-interview-consent"].untranslated == 0


def test_update_marks_changed_messages_fuzzy_and_keeps_the_review_header(locales):
    pot = locales / "kyr.pot"
    pot.write_text(pot.read_text(encoding="utf-8").replace(
        'msgid "This interview is voluntary. You do not have to take part."',
        'msgid "This interview is voluntary. You do not have to take part in it."'), encoding="utf-8")
    workflow.update(locales, ["es"])
    catalog = read_po_file(po_path(locales, "es"))
    changed = catalog.get("This interview is voluntary. You do not have to take part in it.",
                          context="ice-interview-consent:C3")
    assert changed is not None and changed.fuzzy
    assert "Review-Status: draft" in catalog.header_comment
    problems = workflow.check(locales, ["es"], fit=False)
    assert any(p.check == "fuzzy" and p.unit.context == "ice-interview-consent:C3" for p in problems)


def test_compile_writes_mo_and_a_broken_po_never_replaces_it(locales):
    mo, _web = workflow.compile_catalogs(locales, ["vi"])
    good = mo.read_bytes()
    po = po_path(locales, "vi")
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr y\n', encoding="utf-8")
    with pytest.raises(KyrError, match=r"kyr\.po:\d+"):
        workflow.compile_catalogs(locales, ["vi"])
    assert mo.read_bytes() == good


def test_runtime_falls_back_to_the_last_compiled_catalog(locales, caplog):
    workflow.compile_catalogs(locales, ["ko"])
    po = po_path(locales, "ko")
    po.write_bytes(po.read_bytes() + b'\nmsgid "broken\n')
    catalog = load_catalog("ko", locales)
    assert catalog.path.suffix == ".mo" and "malformed" in caplog.text
    assert catalog.lookup(next(iter(workflow.all_documents().values())).title)[1] == "translated"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda t: t + '\nmsgid "a"\nmsgid "b"\n', r"kyr\.po:\d+:"),
        (lambda t: t.encode("utf-8") + b'\n# \xff\xfe\n', r"kyr\.po:\d+: not valid UTF-8"),
    ],
)
def test_malformed_catalogs_are_reported_with_file_and_line(locales, damage, message):
    po = po_path(locales, "tl")
    damaged = damage(po.read_text(encoding="utf-8"))
    po.write_bytes(damaged if isinstance(damaged, bytes) else damaged.encode("utf-8"))
    problems = workflow.check(locales, ["tl"])
    assert [p.check for p in problems] == ["syntax"]
    assert pytest.importorskip("re").search(message, problems[0].detail)


def test_review_status_is_recorded_and_printed(locales):
    with pytest.raises(KyrError, match="needs the reviewer's name"):
        workflow.set_review("es", "reviewed", locales_dir=locales)
    review = workflow.set_review("es", "reviewed", "A. Translator", "2026-12-01", locales)
    assert (review.status, review.by, review.on) == ("reviewed", "A. Translator", "2026-12-01")
    assert load_catalog("es", locales).review == review
    stat = next(s for s in workflow.stats(locales) if s.lang == "es")
    assert (stat.review, stat.reviewed_by) == ("reviewed", "A. Translator")
    from conftest import pdftotext
    from kyr.render import render

    pdf = locales / "es.pdf"
    render("ice-interview-consent", "es", locales_dir=locales, blank=True, target=pdf)
    assert "Translation reviewed by a qualified translator." in pdftotext(pdf)


def test_stats_count_every_message(locales):
    rows = workflow.stats(locales)
    assert {r.lang for r in rows} == set(LANGUAGES) - {"en"}
    assert all(r.fuzzy == 0 and r.untranslated == 0 for r in rows)


def test_check_passes_on_the_project_catalogs():
    problems = workflow.check()
    assert [str(p) for p in problems if p.severity == "error"] == []


def test_a_broken_placeholder_in_a_real_catalog_fails_check_with_its_message_id(locales):
    po = po_path(locales, "zh_Hant")
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("法律協助：{organization}", "法律協助：{organisation}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["catalog", "check", "--locales", str(locales), "zh_Hant"])
    assert result.exit_code == 1
    assert "placeholders: ice-interview-consent:C10" in result.output


def test_check_reports_a_translation_too_long_for_its_box(locales):
    po = po_path(locales, "es")
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Firma"', 'msgstr "' + "Firma muy larga " * 10 + '"'), encoding="utf-8")
    problems = [p for p in workflow.check(locales, ["es"]) if p.check == "fit"]
    assert problems and problems[0].unit.context == "ice-interview-consent:C8.signature"
    assert "holds 2" in problems[0].detail


def test_every_catalog_passes_gnu_msgfmt_check():
    for po in default_locales_dir().glob("*/LC_MESSAGES/*.po"):
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_pofilter_finds_no_critical_problem(tmp_path):
    critical = ["escapes", "newlines", "tabs", "printf", "pythonbraceformat", "variables", "xmltags", "nplurals"]
    for po in default_locales_dir().glob("*/LC_MESSAGES/*.po"):
        out = tmp_path / f"{po.parent.parent.name}-{po.name}"
        tests = [f"-t{c}" for c in critical]
        args = [str(Path(sys.executable).with_name("pofilter")), "--progress=none", *tests, str(po), str(out)]
        subprocess.run(args, check=True, capture_output=True)
        flagged = []  # pofilter writes a file only when it flags something
        if out.exists():
            with out.open("rb") as fh:
                flagged = [m for m in read_po(fh) if m.id]
        assert flagged == [], f"{po}: {[m.id for m in flagged]}"


def test_catalog_commands_take_a_locales_folder(locales):
    runner = CliRunner()
    assert runner.invoke(main, ["catalog", "stats", "--locales", str(locales), "--format", "json"]).exit_code == 0
    assert runner.invoke(main, ["catalog", "compile", "--locales", str(locales)]).exit_code == 0
    assert len(list(locales.glob("*/LC_MESSAGES/kyr.mo"))) == len(LANGUAGES) - 1
    result = runner.invoke(main, ["catalog", "review", "--locales", str(locales), "vi", "--status", "bogus"])
    assert result.exit_code == 2 and "review status must be one of" in result.stderr
