"""The Spanish edition: catalogs current and compiled, completeness, glossary, editions."""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from grader.catalog import ROOT
from grader.commands.translations import (
    compiled,
    mo_path,
    po_path,
    read_catalog,
    translated_languages,
    untranslated,
)
from grader.i18n import DOMAINS

KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}


def extracted(domain: str) -> set[str]:
    """Every msgid the extractors find today in the sources of ``domain``."""
    with (ROOT / "locale" / f"{domain}.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _, _, message, _, _ in extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("language", translated_languages())
@pytest.mark.parametrize("domain", DOMAINS)
def test_compiled_catalogs_are_up_to_date(language, domain):
    """grader/locale/*.mo is what `nox -s i18n -- compile` makes of the committed .po."""
    assert mo_path(language, domain).read_bytes() == compiled(read_catalog(language, domain)), (
        f"{mo_path(language, domain)} is stale: run `nox -s i18n -- compile`"
    )


@pytest.mark.parametrize("language", translated_languages())
@pytest.mark.parametrize("domain", DOMAINS)
def test_catalogs_hold_every_text_of_the_sources(language, domain):
    """Every text the extractors find is in the .po file: `nox -s i18n` was run after the
    sources changed."""
    known = {message.id if isinstance(message.id, str) else message.id[0]
             for message in read_catalog(language, domain)}  # fmt: skip
    new = sorted(extracted(domain) - known)
    assert not new, f"{po_path(language, domain)} lacks {len(new)} text(s), e.g. {new[:3]}"


@pytest.mark.parametrize("language", translated_languages())
def test_every_grader_message_is_translated(language):
    """A message of the grader with an empty or fuzzy translation fails here, by name."""
    missing = untranslated(read_catalog(language, "grader"))
    assert not missing, f"{len(missing)} grader message(s) not translated: {missing[:10]}"


def test_the_remembered_language_file_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".language" in ignored
