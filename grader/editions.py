"""The course's editions: the English stubs in exercises/, the Spanish ones in ejercicios/.

Every edition's stubs come from the same marked solutions; a translated edition's texts come
from its ``course`` catalog. A topic not yet translated whole gets the English stub, headed
by a note in the edition's language, never a stub half in one language and half in another.
"""

from __future__ import annotations

from pathlib import Path

from grader.catalog import ROOT, Topic, load_catalog
from grader.i18n import DEFAULT_LANGUAGE, active_language, translations
from grader.stubs import stub_source
from grader.translated_stubs import Lookup, missing_texts, translated_stub, untranslated_stub

SOLUTIONS = ROOT / "solutions"
FOLDERS = {"en": "exercises", "es": "ejercicios"}


def exercises_folder(language: str | None = None) -> str:
    """The folder a learner works in, for ``language`` (default: the active one)."""
    return FOLDERS[language or active_language()]


def course_lookup(language: str) -> Lookup:
    """A text's translation in ``language``'s compiled course catalog, or None."""
    # The catalog's own table: gettext() alone cannot tell a missing text from one that
    # translates to itself.
    table = getattr(translations(language, "course"), "_catalog", {})
    return lambda text: table.get(text) or None


def stub_in(solution_text: str, language: str | None = None) -> str:
    """The stub of one solution in ``language`` (default: the active one)."""
    language = language or active_language()
    if language == DEFAULT_LANGUAGE:
        return stub_source(solution_text)
    lookup = course_lookup(language)
    return translated_stub(solution_text, lookup) or untranslated_stub(
        stub_source(solution_text), lookup
    )


def edition_stubs(language: str, solutions: Path = SOLUTIONS) -> dict[str, str]:
    """Each topic's stub in ``language``, by file name."""
    return {
        topic.filename: stub_in((solutions / topic.filename).read_text(encoding="utf-8"), language)
        for topic in load_catalog()
    }


def untranslated_topics(language: str, solutions: Path = SOLUTIONS) -> dict[str, list[str]]:
    """The topics whose stub is not translated whole into ``language``, with what is missing."""
    if language == DEFAULT_LANGUAGE:
        return {}
    lookup = course_lookup(language)
    missing = {}
    for topic in load_catalog():
        text = (solutions / topic.filename).read_text(encoding="utf-8")
        if texts := missing_texts(text, lookup):
            missing[topic.stem] = texts
    return missing


def work_in_another_edition(
    language: str, topics: list[Topic], root: Path = ROOT
) -> tuple[str, list[Topic]] | None:
    """The language of another edition whose folder holds work on ``topics`` (a topic file
    that is no longer its stub), and those topics; or None: for a learner who switched
    ``--lang`` and now grades the other folder's untouched stubs. Links are not followed, as
    in grading."""
    for other, folder in FOLDERS.items():
        if other == language:
            continue
        worked = [
            topic for topic in topics if _holds_work(root / folder / topic.filename, topic, other)
        ]
        if worked:
            return other, worked
    return None


def _holds_work(path: Path, topic: Topic, language: str) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    solution = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    return path.read_text(encoding="utf-8", errors="replace") != stub_in(solution, language)
