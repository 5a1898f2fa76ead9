"""``python -m grader.commands.translations compile|missing``: the compiled catalogs and what
is left to translate (maintainers; needs Babel, from the ``i18n`` dependency group).

- ``compile``: each ``locale/<lang>/LC_MESSAGES/<domain>.po`` into ``grader/locale/``, where
  the grader (and its sandbox) reads it; fuzzy and empty translations are left out.
- ``missing``: per language and domain, how many texts lack a translation, and which
  topics' stubs cannot be translated whole yet.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from grader.i18n import DOMAINS, LANGUAGES, LOCALE_DIR, LOCALE_SOURCES


def po_path(language: str, domain: str) -> Path:
    return LOCALE_SOURCES / language / "LC_MESSAGES" / f"{domain}.po"


def mo_path(language: str, domain: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.mo"


def translated_languages() -> list[str]:
    """The languages with catalogs (English is the source language)."""
    return [language for language in LANGUAGES if po_path(language, "grader").parent.is_dir()]


def read_catalog(language: str, domain: str) -> Catalog:
    with po_path(language, domain).open("rb") as handle:
        return read_po(handle, locale=language, domain=domain)


def compiled(catalog: Catalog) -> bytes:
    """The .mo file of ``catalog`` (fuzzy translations left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    """The msgids of ``catalog`` with an empty or fuzzy translation."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def compile_all() -> list[Path]:
    """Write every language's .mo files; return those that changed."""
    written = []
    for language in translated_languages():
        for domain in DOMAINS:
            data = compiled(read_catalog(language, domain))
            target = mo_path(language, domain)
            if not target.is_file() or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.commands.translations")
    parser.add_argument("action", choices=("compile", "missing"))
    args = parser.parse_args(argv)
    if args.action == "compile":
        for path in compile_all():
            print(f"wrote {path.relative_to(LOCALE_DIR.parent.parent)}")
    from grader.editions import untranslated_topics

    for language in translated_languages():
        for domain in DOMAINS:
            missing = untranslated(read_catalog(language, domain))
            print(f"{language} {domain}: {len(missing)} text(s) not translated")
        topics = untranslated_topics(language)
        if topics:
            print(f"{language} stubs still in English: {', '.join(topics)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
