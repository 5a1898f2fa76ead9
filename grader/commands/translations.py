"""``python -m grader.commands.translations update|compile|missing``: the catalogs kept current,
compiled, and what is left to translate (maintainers; needs Babel, from the ``i18n``
dependency group; ``nox -s i18n`` runs ``update`` then ``compile``).

- ``update``: extract the texts of both domains from the sources (``locale/<domain>.cfg``)
  and merge them into every ``locale/<lang>/LC_MESSAGES/<domain>.po``. Run again on
  unchanged sources, it changes nothing: no fuzzy guesses (a changed text is a new, empty
  entry), no dates, file names without line numbers.
- ``merge DOMAIN FRAGMENT.po ...``: fill the empty translations of ``DOMAIN`` from
  translators' fragment files; ``--replace`` lets a fragment change a translation too.
- ``compile``: each ``locale/<lang>/LC_MESSAGES/<domain>.po`` into ``grader/locale/``, where
  the grader (and its sandbox) reads it; fuzzy and empty translations are left out.
- ``missing``: per language and domain, how many texts lack a translation, and which
  topics' stubs cannot be translated whole yet.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from grader.i18n import DOMAINS, LANGUAGES, LOCALE_DIR, LOCALE_SOURCES, ROOT

# pybabel's options: the keywords of grader.i18n, comments for translators, no wrapping, and
# locations by file only, so that a line moved in a source does not change the catalogs.
EXTRACT_OPTIONS = (
    "--no-wrap", "--sort-by-file", "--add-location", "file",
    "--project", "asyncio-katas", "--copyright-holder", "the asyncio katas' authors",
    "-k", "_", "-k", "ngettext:1,2", "-k", "N_", "--add-comments", "TRANSLATORS:",
)  # fmt: skip
UPDATE_OPTIONS = (
    "--no-wrap",
    "--ignore-obsolete",
    "--no-fuzzy-matching",
    "--ignore-pot-creation-date",
)


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


def _only_in_suites(message) -> bool:
    """Whether a message is used only by the hidden suites (tests/test_*.py)."""
    return bool(message.locations) and all(
        path.startswith("tests/") for path, _ in message.locations
    )


def pybabel(*args: str) -> None:
    """Run a pybabel command in this process; raise if it fails."""
    status = CommandLineInterface().run(["pybabel", "--quiet", *args])
    if status:
        raise RuntimeError(f"pybabel {args[0]} failed ({status})")


def update_all(catalogs: Path = LOCALE_SOURCES) -> None:
    """Extract each domain's texts from the sources into ``catalogs/<domain>.pot`` (ignored by
    git) and merge them into the ``catalogs/<lang>/LC_MESSAGES/<domain>.po`` files."""
    for domain in DOMAINS:
        template = catalogs / f"{domain}.pot"
        mapping = LOCALE_SOURCES / f"{domain}.cfg"
        with contextlib.chdir(ROOT):  # locations relative to the repository
            pybabel("extract", "-F", str(mapping), "-o", str(template), *EXTRACT_OPTIONS, ".")
        pybabel("update", "-i", str(template), "-d", str(catalogs), "-D", domain, *UPDATE_OPTIONS)


def fields(text: str) -> set[str]:
    """The ``{placeholders}`` of a message."""
    return set(re.findall(r"{[^{}]*}", text))


def merge_fragments(
    catalog_path: Path, fragments: list[Path], *, replace: bool = False
) -> dict[str, list[str]]:
    """Fill the translations of the catalog at ``catalog_path`` from fragment .po files.

    An empty or fuzzy translation is filled; one that differs is kept, or replaced with
    ``replace``. A fragment's text the catalog does not hold, or whose placeholders are not
    the English text's, is left out. Returns the msgids of each outcome.
    """
    language, domain = catalog_path.parent.parent.name, catalog_path.stem
    with catalog_path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=domain)
    outcome: dict[str, list[str]] = {
        name: [] for name in ("filled", "replaced", "kept", "unused", "refused")
    }
    for fragment in fragments:
        with fragment.open("rb") as handle:
            entries = [message for message in read_po(handle) if message.id and message.string]
        for entry in entries:
            key = entry.id if isinstance(entry.id, str) else entry.id[0]
            target = catalog.get(entry.id)
            spanish = entry.string if isinstance(entry.string, str) else entry.string[0]
            if target is None:
                outcome["unused"].append(key)
            elif fields(key) != fields(spanish):
                outcome["refused"].append(key)
            elif target.fuzzy or not target.string:
                target.string, target.flags = entry.string, target.flags - {"fuzzy"}
                outcome["filled"].append(key)
            elif target.string != entry.string:
                if replace:
                    target.string = entry.string
                outcome["replaced" if replace else "kept"].append(key)
    with catalog_path.open("wb") as handle:  # as pybabel update writes it
        write_po(handle, catalog, width=None, ignore_obsolete=True)
    return outcome


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
    parser.add_argument("action", choices=("update", "merge", "compile", "missing"))
    parser.add_argument("files", nargs="*", help="merge: the domain, then the fragment files")
    parser.add_argument("--language", default="es", help="merge: the catalog's language")
    parser.add_argument("--replace", action="store_true", help="merge: fragments win")
    args = parser.parse_args(argv)
    if args.action == "update":
        update_all()
        return 0
    if args.action == "merge":
        if len(args.files) < 2 or args.files[0] not in DOMAINS:
            parser.error(f"merge takes a domain ({', '.join(DOMAINS)}) and fragment files")
        domain, *fragments = args.files
        absent = [name for name in fragments if not Path(name).is_file()]
        if absent:
            parser.error(f"no such fragment file: {', '.join(absent)}")
        outcome = merge_fragments(
            po_path(args.language, domain), [Path(f) for f in fragments], replace=args.replace
        )
        for name, keys in outcome.items():
            print(f"{name}: {len(keys)}")
            if name in ("kept", "unused", "refused"):
                for key in keys:
                    print(f"  {key[:100]!r}")
        return 0
    if args.action == "compile":
        for path in compile_all():
            print(f"wrote {path.relative_to(LOCALE_DIR.parent.parent)}")
    from grader.editions import untranslated_topics

    for language in translated_languages():
        for domain in DOMAINS:
            catalog = read_catalog(language, domain)
            missing = untranslated(catalog)
            suites = [text for text in missing if _only_in_suites(catalog[text])]
            where = f" ({len(suites)} of them the suites')" if suites else ""
            print(f"{language} {domain}: {len(missing)} text(s) not translated{where}")
        topics = untranslated_topics(language)
        if topics:
            print(f"{language} stubs still in English: {', '.join(topics)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
