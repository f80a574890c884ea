import re
from pathlib import Path

import pytest

from kyr.errors import KyrError
from kyr.profile import SETTINGS, load, parse

README = Path(__file__).resolve().parents[1] / "README.md"
GOOD = """
[agency]
name = "A"
facility = "F"
[jurisdiction]
name = "J"
[legal_help]
organization = "O"
phone = "1"
"""


def test_example_profile_is_plainly_fictional():
    p = load()
    assert p.get("agency.name") == "Example County Sheriff's Office"
    assert "example" in p.get("legal_help.web")


def test_a_minimal_profile_loads_with_defaults():
    assert parse(GOOD, "p.toml").get("agency.address") == ""


def test_missing_key_is_named_with_the_file():
    with pytest.raises(KyrError, match=r"p\.toml: missing required key 'legal_help.phone'"):
        parse(GOOD.replace('phone = "1"', ""), "p.toml")


def test_unknown_key_is_named_with_the_file():
    with pytest.raises(KyrError, match=r"p\.toml: unknown key 'agency.nmae'"):
        parse(GOOD.replace('name = "A"', 'name = "A"\nnmae = "B"'), "p.toml")


def test_wrong_type_is_named():
    with pytest.raises(KyrError, match="agency.name must be a string, not int"):
        parse(GOOD.replace('name = "A"', "name = 3"), "p.toml")


def test_invalid_toml_is_named(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text("[agency\n")
    with pytest.raises(KyrError, match="bad.toml: not valid TOML"):
        load(f)


def test_every_setting_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for s in SETTINGS:
        assert re.search(rf"^\| `{re.escape(s.name)}` \|", text, re.M), f"{s.name} is not in README.md"


def test_a_profile_is_parsed_once_and_read_again_when_its_file_changes(tmp_path):
    import os

    path = tmp_path / "county.toml"
    base = (Path(__file__).resolve().parents[1] / "kyr" / "profiles" / "example.toml").read_text(encoding="utf-8")
    path.write_text(base, encoding="utf-8")
    first = load(path)
    assert load(path) is first  # not parsed again
    path.write_text(base.replace("Example County Sheriff's Office", "Other County Sheriff"), encoding="utf-8")
    os.utime(path, ns=(first_ns := path.stat().st_mtime_ns + 1_000_000, first_ns))
    again = load(path)
    assert again is not first and again.get("agency.name") == "Other County Sheriff"
    assert load() is load()  # the shipped example, once per process
