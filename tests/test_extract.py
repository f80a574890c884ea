import io
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from kyr.documents import all_documents
from kyr.extract import extract_forms

ROOT = Path(__file__).resolve().parents[1]


def pybabel_extract(tmp_path: Path) -> set[tuple[str | None, str]]:
    """Run plain `pybabel extract` with the project's mapping; the (context, msgid) it collects."""
    pot = tmp_path / "kyr.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-c",
            "TRANSLATORS:",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        return {(m.context, m.id) for m in read_po(fh) if m.id}


def test_extractor_yields_context_and_translator_comment():
    src = (ROOT / "forms" / "ice-interview-consent.toml").read_bytes()
    out = list(extract_forms(io.BytesIO(src), ["pgettext"], ["TRANSLATORS:"], {}))
    by_ctx = {msg[0]: (line, comments) for line, _f, msg, comments in out}
    line, comments = by_ctx["ice-interview-consent:C3"]
    assert comments[0].startswith("TRANSLATORS: C3:")
    assert "This interview is voluntary" in src.decode().splitlines()[line - 1]


def test_plain_pybabel_extract_with_the_mapping_collects_forms_and_code(tmp_path):
    extracted = pybabel_extract(tmp_path)
    for doc in all_documents().values():
        for m in doc.messages:
            assert (m.context, m.msgid) in extracted
    assert ("kyr:status.draft", "Draft translation: not yet reviewed by a qualified translator.") in extracted


def test_the_committed_template_is_up_to_date(tmp_path):
    with (ROOT / "locales" / "kyr.pot").open("rb") as committed:
        assert pybabel_extract(tmp_path) == {(m.context, m.id) for m in read_po(committed) if m.id}, (
            "locales/kyr.pot is stale: run `make extract`"
        )
