"""The Spanish edition: catalogs current and compiled, completeness, glossary, editions."""

from __future__ import annotations

import re
import tomllib

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


# The glossary: terms as the Spanish translation of Python's documentation uses them.

GLOSSARY = tomllib.loads((ROOT / "locale" / "es" / "glossary.toml").read_text(encoding="utf-8"))
README_ES = ROOT / "README.es.md"
CODE = re.compile(
    r"``.*?``|`[^`\n]*`|\"[^\"\n]*\"|«[^»]*»|\{[^}]*\}|%\([^)]*\)[sdr]"
    r"|\w+(?:[./]\w+)+|\w*_\w*|(?<!\w)--?[\w-]+"
)


def prose(text: str) -> str:
    """``text`` without code, quotes, placeholders, options and dotted or snake_case names."""
    return CODE.sub(" ", text)


def spanish_pairs() -> list[tuple[str, str, str]]:
    """(where, English, Spanish) for every translated text of both catalogs."""
    pairs = []
    for domain in DOMAINS:
        for message in read_catalog("es", domain):
            strings = (
                message.string if isinstance(message.string, tuple | list) else [message.string]
            )
            if not message.id or message.fuzzy or not all(strings):
                continue
            english = message.id if isinstance(message.id, str) else " ".join(message.id)
            pairs.append((f"{domain}.po", english, " ".join(strings)))
    return pairs


def test_spanish_texts_avoid_the_alternatives_the_docs_do_not_use():
    texts = [(where, spanish) for where, _, spanish in spanish_pairs()]
    if README_ES.is_file():
        texts.append(("README.es.md", README_ES.read_text(encoding="utf-8")))
    found = []
    for term in GLOSSARY["terms"]:
        for pattern in term["avoid"]:
            regex = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)
            for where, spanish in texts:
                if match := regex.search(prose(spanish)):
                    found.append(f"{where}: {match.group()!r} instead of {term['es']!r}")
    assert not found, "\n".join(found[:20])


def test_spanish_texts_use_the_glossary_terms():
    """Where the English says "coroutine", the Spanish says "corrutina", and so on."""
    found = []
    for term in GLOSSARY["terms"]:
        english = re.compile(rf"(?<!\w)(?:{term['english']})(?!\w)", re.IGNORECASE)
        spanish = re.compile(rf"(?<!\w)(?:{term['spanish']})", re.IGNORECASE)
        for where, source, translation in spanish_pairs():
            if english.search(prose(source)) and not spanish.search(prose(translation)):
                found.append(f"{where}: {term['es']!r} missing from {translation[:90]!r}")
    assert not found, "\n".join(found[:20])


def test_the_glossary_catches_an_alternative():
    """The check can fail: a text with "co-rutina" or "loop de eventos" is caught."""
    avoided = [
        re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)
        for term in GLOSSARY["terms"]
        for pattern in term["avoid"]
    ]
    for bad in ("Una co-rutina espera.", "El loop de eventos se congela.", "Cada hebra."):
        assert any(regex.search(prose(bad)) for regex in avoided), bad
