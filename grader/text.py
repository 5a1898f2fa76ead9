"""Text the learner's code controls, made safe to put in a message: on one line, plain.

Both processes use it: the test process as it writes a message (an error's text, a class's
or a function's name, a repr), the grader as it draws what the test process sent.
"""

from __future__ import annotations

import re

NAME_LENGTH = 80  # characters of a name the learner's code chose (a class's, a task's), told

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
