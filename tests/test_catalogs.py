import re
import shutil

import pytest
from babel.messages.pofile import read_po

from kyr import common
from kyr.catalogs import (
    Translator,
    default_locales_dir,
    load_catalog,
    parse_review,
    po_path,
    read_catalog,
    untranslated,
)
from kyr.documents import all_documents
from kyr.errors import KyrError
from kyr.languages import LANGUAGES, SOURCE_LANGUAGE

TRANSLATED = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_document_and_status_message_is_translated(lang):
    catalog = load_catalog(lang)
    for doc in all_documents().values():
        assert untranslated([*doc.messages, *common.ALL], catalog) == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogs_are_drafts_until_reviewed(lang):
    review = load_catalog(lang).review
    assert review.status == "draft"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_survive_translation(lang):
    with po_path(default_locales_dir(), lang).open("rb") as fh:
        for msg in read_po(fh):
            if msg.id and msg.string:
                assert sorted(PLACEHOLDER.findall(msg.id)) == sorted(PLACEHOLDER.findall(msg.string)), msg.context


def test_review_status_is_read_from_the_header_comment():
    review = parse_review(
        "# Spanish\n# Review-Status: reviewed\n# Reviewed-By: A. Translator\n# Reviewed-On: 2026-12-01"
    )
    assert (review.status, review.by, review.on) == ("reviewed", "A. Translator", "2026-12-01")
    assert parse_review("# nothing here").status == "draft"
    assert parse_review("# Review-Status: bogus").status == "draft"


def test_the_revision_changes_when_a_translation_changes(tmp_path):
    doc = all_documents()["ice-interview-consent"]
    shutil.copytree(default_locales_dir(), tmp_path / "locales")
    before = Translator(load_catalog("es"))
    for m in doc.messages:
        before(m)
    po = po_path(tmp_path / "locales", "es")
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Fecha"', 'msgstr "Fecha del día"', 1), encoding="utf-8")
    after = Translator(load_catalog("es", tmp_path / "locales"))
    for m in doc.messages:
        after(m)
    assert before.revision() != after.revision()


def test_a_malformed_catalog_names_its_file(tmp_path):
    bad = tmp_path / "kyr.po"
    bad.write_text('msgid "a"\nmsgstr "b"\nmsgid broken\n', encoding="utf-8")
    with pytest.raises(KyrError, match=str(bad)):
        read_catalog(bad, "es")


def test_a_missing_catalog_translates_nothing(tmp_path):
    catalog = load_catalog("es", tmp_path)
    doc = all_documents()["ice-interview-consent"]
    assert len(untranslated(list(doc.messages), catalog)) == len(doc.messages)


def test_fuzzy_translations_count_as_untranslated(tmp_path):
    shutil.copytree(default_locales_dir(), tmp_path / "locales")
    po = po_path(tmp_path / "locales", "ko")
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgctxt "ice-interview-consent:C3"', '#, fuzzy\nmsgctxt "ice-interview-consent:C3"')
    po.write_text(text, encoding="utf-8")
    problems = untranslated(
        list(all_documents()["ice-interview-consent"].messages), load_catalog("ko", tmp_path / "locales")
    )
    assert [(m.context, state) for m, state in problems] == [("ice-interview-consent:C3", "fuzzy")]


def test_a_parsed_catalog_is_kept_on_disk_and_read_again_only_when_its_file_changes(tmp_path, monkeypatch):
    from kyr import catalogs

    monkeypatch.setenv("KYR_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(default_locales_dir(), tmp_path / "locales")
    first = load_catalog("es", tmp_path / "locales")
    assert list((tmp_path / "cache" / "catalogs").glob("es-*.pickle"))
    catalogs._cache.clear()  # a new process: only the disk is left

    def no_parsing(*args, **kwargs):
        raise AssertionError("the .po was parsed again")

    monkeypatch.setattr(catalogs, "read_catalog", no_parsing)
    assert load_catalog("es", tmp_path / "locales") == first
    monkeypatch.undo()
    monkeypatch.setenv("KYR_CACHE_DIR", str(tmp_path / "cache"))
    po = po_path(tmp_path / "locales", "es")
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Fecha"', 'msgstr "Fecha del día"', 1),
                  encoding="utf-8")
    catalogs._cache.clear()
    changed = load_catalog("es", tmp_path / "locales")
    assert changed != first and "Fecha del día" in {s for s, _fuzzy in changed.entries.values()}
