"""Text the learner's code controls, made safe to put in a message: on one line, plain.

Both processes use it: the test process as it writes a message (an error's text, a class's
or a function's name, a repr), the grader as it draws what the test process sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from grader.i18n import _

NAME_LENGTH = 80  # characters of a name the learner's code chose (a class's, a task's), told
# How much of an error's text is told: a report is no place for the learner's own pages.
MAX_ERROR_TEXT = 400

BREAKING_SPACE = re.compile(r"[^\S ]")  # whitespace but a plain space: a newline, a tab, ...
WHITESPACE = re.compile(r"\s+")


def one_line(text: object, most: int | None = None) -> str:
    """``text`` (learner's: an error's text, a class's name, a repr) on one line of at most
    ``most`` characters: every run of whitespace that holds more than plain spaces (a line
    break, a tab, U+2028) becomes one space, and a longer text ends in "…". Always a plain
    ``str``, even for a subclass's, so that formatting it runs none of the learner's code
    (what is not text at all is told by its repr)."""
    text = str.__str__(text if isinstance(text, str) else repr(text))
    if BREAKING_SPACE.search(text):
        text = WHITESPACE.sub(_one_space, text)
    if most is not None and len(text) > most:
        return text[: most - 1] + "…"
    return text


def _one_space(match: re.Match) -> str:
    run = match.group()
    return run if not run.strip(" ") else " "


def error_text(exc: BaseException) -> str:
    """What ``str(exc)`` says, on one line (every run of whitespace one space) and at most
    :data:`MAX_ERROR_TEXT` characters (an error whose ``__str__`` fails says so)."""
    return one_line_of(lambda: " ".join(str(exc).split()))


def one_line_of(text: Callable[[], object]) -> str:
    """``str(text())``, which runs the learner's code, on one short line (:func:`one_line`)."""
    try:
        return one_line(str(text()), MAX_ERROR_TEXT)
    except Exception:
        return _("(its text could not be shown)")
