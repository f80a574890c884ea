import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import pdftotext
from kyr.cli import main
from kyr.languages import LANGUAGES

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture
def runner():
    return CliRunner()


def test_render_writes_a_filled_form(runner, tmp_path):
    out = tmp_path / "form.pdf"
    result = runner.invoke(
        main,
        [
            "render",
            "ice-interview-consent",
            "--lang",
            "zh_Hans",
            "--field",
            "name=张伟华",
            "--field",
            "booking_number=EX-1",
            "--field",
            "date=2026-11-24",
            "--paper",
            "a4",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    text = pdftotext(out)
    assert "张伟华" in text and "2026年11月24日" in text


def test_render_to_stdout(runner):
    result = runner.invoke(main, ["render", "ice-interview-consent", "--lang", "en", "--blank", "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "nope", "--lang", "en"], "unknown document 'nope'"),
        (["render", "ice-interview-consent", "--lang", "xx"], "unknown language 'xx'"),
        (["render", "ice-interview-consent", "--lang", "en", "--paper", "b5"], "unknown paper size 'b5'"),
        (["render", "ice-interview-consent", "--lang", "en", "--field", "shoe=9"], "unknown field 'shoe'"),
        (["render", "ice-interview-consent", "--lang", "en", "--field", "name"], "--field takes KEY=VALUE"),
        (["render", "ice-interview-consent", "--lang", "en", "--field", "name=\x07"], "control character"),
        (["render", "ice-interview-consent", "--lang", "en", "--profile", "/no/such.toml"], "profile not found"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(runner, tmp_path, args, message):
    out = tmp_path / "x.pdf"
    result = runner.invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert result.stderr.startswith("kyr: error: ")
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_unwritable_output_is_reported(runner, tmp_path):
    result = runner.invoke(
        main, ["render", "ice-interview-consent", "--lang", "en", "--blank", "-o", str(tmp_path / "missing" / "x.pdf")]
    )
    assert result.exit_code == 2 and "cannot write" in result.stderr


def test_documents_and_languages_list_the_registries(runner):
    docs = runner.invoke(main, ["documents"]).output
    assert docs.startswith("ice-interview-consent\t")
    langs = runner.invoke(main, ["languages"]).output.splitlines()
    assert [line.split("\t")[0] for line in langs] == ["en", "es", "zh_Hans", "zh_Hant", "tl", "vi", "ko", "ru", "ja",
                                                       "hmn", "hy", "fa", "ar", "pa", "km"]
    assert "fa\tFarsi\tفارسی\tArab\trtl\tdraft" in langs
    assert "Tagalog\tTagalog" in "\n".join(langs)


def test_examples_render_every_language(runner, tmp_path):
    result = runner.invoke(main, ["examples", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.pdf"))) == len(LANGUAGES) * (3 * 2 + 3)


def commands(group: click.Group, prefix: str = "kyr") -> list[str]:
    out = []
    for name, cmd in group.commands.items():
        out.append(f"{prefix} {name}")
        if isinstance(cmd, click.Group):
            out.extend(commands(cmd, f"{prefix} {name}"))
    return out


def test_every_command_and_option_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for command in commands(main):
        assert f"`{command}" in text, f"{command} is not documented in README.md"
    for param in main.commands["render"].params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert re.search(rf"`[^`]*{re.escape(opt)}\b", text), f"render {opt} is not documented"
