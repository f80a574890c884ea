import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kyr.documents import all_documents
from kyr.extract import extract_forms

ROOT = Path(__file__).resolve().parents[1]


MAPPINGS = {"kyr": "babel.cfg", "web": "babel-web.cfg"}


def pybabel_extract(tmp_path: Path, domain: str = "kyr") -> set[tuple[str | None, str]]:
    """Run plain `pybabel extract` with the project's mapping; the (context, msgid) it collects."""
    pot = tmp_path / f"{domain}.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            MAPPINGS[domain],
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


@pytest.mark.parametrize("domain", list(MAPPINGS))
def test_the_committed_template_is_up_to_date(tmp_path, domain):
    with (ROOT / "locales" / f"{domain}.pot").open("rb") as committed:
        assert pybabel_extract(tmp_path, domain) == {(m.context, m.id) for m in read_po(committed) if m.id}, (
            f"locales/{domain}.pot is stale: run `make extract`"
        )


def test_the_web_template_holds_the_interface_texts_of_code_and_templates(tmp_path):
    extracted = {msgid for _ctx, msgid in pybabel_extract(tmp_path, "web")}
    assert "Download PDF" in extracted  # a template
    assert "This form has expired" in extracted  # Python code
