"""The language a learner reads: English by default, Spanish with ``--lang es`` or the locale.

Texts are translated through gettext catalogs: the sources are ``locale/<lang>/LC_MESSAGES/
*.po`` (edited by translators, updated by ``nox -s i18n``); their compiled ``.mo`` files sit
in ``grader/locale/`` so that the grader's sandbox, which sees ``grader/``, reads them too.
Two domains: ``grader`` (the grader's own messages) and ``course`` (statements, TODOs, task
titles and hints).

The language is chosen once: ``--lang`` on any command is remembered in ``.language`` for
the next commands; without it, the remembered choice, then the locale (``LANG=es_ES.UTF-8``
chooses Spanish). Child processes inherit the choice through ``KATAS_LANG``.
"""

from __future__ import annotations

import contextlib
import gettext
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE_SOURCES = ROOT / "locale"  # the .po files, in the repository
LOCALE_DIR = Path(__file__).resolve().parent / "locale"  # the compiled .mo files
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"
DOMAINS = ("grader", "course")
REMEMBERED = ROOT / ".language"
ENVIRONMENT = "KATAS_LANG"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")

_active = {"language": DEFAULT_LANGUAGE}
_catalogs: dict[tuple[str, str], gettext.NullTranslations] = {}


def locale_language(environ: dict[str, str] | None = None) -> str:
    """The language the locale asks for: ``es`` for ``es_*``, else English."""
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def remembered_language() -> str | None:
    """The language chosen by an earlier ``--lang``, if any."""
    try:
        code = REMEMBERED.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return code if code in LANGUAGES else None


def choose_language(requested: str | None = None) -> str:
    """Decide the language (``--lang``, then the inherited, remembered, locale one), make it
    active for this process and its children, and remember an explicit choice."""
    if requested is not None:
        if requested not in LANGUAGES:
            raise ValueError(f"unknown language {requested!r}; choose one of {LANGUAGES}")
        if requested != remembered_language():
            # A read-only checkout: the choice holds for this command only.
            with contextlib.suppress(OSError):
                REMEMBERED.write_text(requested + "\n", encoding="utf-8")
        language = requested
    else:
        inherited = os.environ.get(ENVIRONMENT)
        language = (
            inherited if inherited in LANGUAGES else remembered_language() or locale_language()
        )
    activate(language)
    return language


def activate(language: str) -> None:
    """Make ``language`` the one ``_`` translates to, here and in child processes.

    The standard library's own texts (argparse's usage and errors) are looked up in the
    default gettext domain: it becomes ours, so our catalog translates them too.
    """
    _active["language"] = language
    os.environ[ENVIRONMENT] = language
    os.environ["LANGUAGE"] = language
    gettext.bindtextdomain("grader", LOCALE_DIR)
    gettext.textdomain("grader")


def active_language() -> str:
    """The language texts are translated to."""
    return _active["language"]


def translations(language: str, domain: str = "grader") -> gettext.NullTranslations:
    """The compiled catalog of ``domain`` for ``language`` (English: the texts as written)."""
    key = (language, domain)
    if key not in _catalogs:
        _catalogs[key] = gettext.translation(
            domain, localedir=LOCALE_DIR, languages=[language], fallback=True
        )
    return _catalogs[key]


def _(message: str) -> str:
    """``message`` in the active language (as written when it has no translation)."""
    return translations(active_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the active language."""
    return translations(active_language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


def course_text(text: str, language: str | None = None) -> str:
    """A text of the course (a title, a hint, a statement paragraph) in ``language``."""
    if not text:
        return text
    return translations(language or active_language(), "course").gettext(text)


def is_translated(text: str, language: str | None = None) -> bool:
    """Whether a course text shown in ``language`` is in that language (English always is):
    it is one of the catalog's translations, not an English text waiting for one."""
    language = language or active_language()
    if language == DEFAULT_LANGUAGE:
        return True
    table = getattr(translations(language, "course"), "_catalog", {})
    return text in set(table.values())


# A child process (the test process, a watch's grade) follows its parent's choice; its
# catalog is read now, before any learner's code runs beside it.
if os.environ.get(ENVIRONMENT) in LANGUAGES:
    _active["language"] = os.environ[ENVIRONMENT]
    for _domain in DOMAINS:
        translations(_active["language"], _domain)


def add_language_option(parser) -> None:
    """``--lang {en,es}`` on a command's parser; the choice is remembered for the next ones."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=_(
            "the language of the texts and stubs (remembered for the next commands; "
            "default: the last one chosen, else the locale's, else English)"
        ),
    )


def language_requested(argv: list[str] | None) -> str | None:
    """The value of ``--lang`` in a command line, read before its parser is built (so that
    the parser's own help is in that language); None when absent or not a known language."""
    argv = list(argv) if argv is not None else sys.argv[1:]
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in LANGUAGES else None
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1] if argv[index + 1] in LANGUAGES else None
    return None


# What argparse shows a learner (usage, help headings, errors), in its own words: marked
# here so that extraction keeps them in our catalog (see activate).
ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("%(heading)s:"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)
