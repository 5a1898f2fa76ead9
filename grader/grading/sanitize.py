"""Make text from the test process safe to show: one sanitizer for every message.

What the learner's code wrote reaches the terminal report, the HTML report and the
results files. Before it does, it loses escape sequences and control characters (newline
and tab stay), the private copy's temporary path (replaced by the topic file's name), and
any line of the hidden suite's source (replaced by a note).
"""

from __future__ import annotations

import io
import re
import tokenize
from functools import cache
from pathlib import Path

from grader.i18n import N_, _

ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]          # CSI: colours, cursor moves, clearing
  | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?  # OSC: titles, hyperlinks
  | \x1b[PX^_][^\x1b]*(?:\x1b\\)?    # DCS, SOS, PM, APC strings
  | \x1b[@-Z\\-_]                    # any other two-character escape
  | \x9b[0-?]*[ -/]*[@-~]            # the one-byte CSI
    """,
    re.VERBOSE,
)
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SUITE_LINE = 12  # a message line this long that is a line of the suite is hidden
SUITE_LINE_MIN = 30  # a line this long is hidden even inside another line
HIDDEN_NOTE = N_("[a line of the hidden tests, not shown]")
MAX_MESSAGE = 16 * 1024


def clean(text: str, *, paths: dict[str, str] | None = None, suite: Path | None = None) -> str:
    """``text`` without control characters, temporary paths or the suite's source.

    ``paths`` maps a private path to what to show instead (the longest is replaced first).
    """
    text = ESCAPES.sub("", text)
    text = CONTROLS.sub("", text)
    for private, shown in sorted((paths or {}).items(), key=lambda item: -len(item[0])):
        text = text.replace(private, shown)
    if suite is not None:
        code, hidden = _suite_lines(suite), _(HIDDEN_NOTE)
        text = "\n".join(hidden if line.strip() in code else line for line in text.split("\n"))
        if len(text) >= SUITE_LINE_MIN:
            for line in _long_suite_lines(suite):  # run together, as in a repr()
                if line in text:
                    text = text.replace(line, hidden)
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE] + "\n" + _("[... cut]")
    return text


@cache
def _suite_lines(suite: Path) -> frozenset[str]:
    """The suite's lines of code long enough to be its own."""
    try:
        source = suite.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    prose = _string_rows(source)  # docstrings and messages are meant to be shown
    lines = {
        line.strip()
        for number, line in enumerate(source.splitlines(), start=1)
        if number not in prose and not line.strip().startswith("#")
    }
    return frozenset(line for line in lines if len(line) >= SUITE_LINE)


@cache
def _long_suite_lines(suite: Path) -> tuple[str, ...]:
    """The suite's lines hidden even inside another line, the longest first."""
    long_lines = (line for line in _suite_lines(suite) if len(line) >= SUITE_LINE_MIN)
    return tuple(sorted(long_lines, key=len, reverse=True))


def _string_rows(source: str) -> set[int]:
    """The line numbers inside string literals that span several lines."""
    rows: set[int] = set()
    string_kinds = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in string_kinds and token.end[0] > token.start[0]:
                rows.update(range(token.start[0], token.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        pass
    return rows


def clean_data(value: object, **options) -> object:
    """Every string inside JSON data (a timeline) cleaned the same way."""
    if isinstance(value, str):
        return clean(value, **options)
    if isinstance(value, list):
        return [clean_data(item, **options) for item in value]
    if isinstance(value, dict):
        return {clean(str(k), **options): clean_data(v, **options) for k, v in value.items()}
    return value
