"""Make text from the test process safe to show: one sanitizer for every message.

What the learner's code wrote reaches the terminal report, the HTML report and the
results files. Before it does, it loses escape sequences, the private copy's temporary path
(replaced by the topic file's name) and any line of the hidden suite's source (replaced by a
note); every character that is invisible or moves the text (control characters but the
newline, Unicode format characters such as bidi overrides and zero-width ones, line and
paragraph separators) is shown as its escape, ``\\u202e``.

The test process makes each piece of text the learner's code controls (an error's text, a
class's name, a repr) one line (``grader.text.one_line``) before putting it in a message.
"""

from __future__ import annotations

import io
import re
import tokenize
import unicodedata
from functools import cache, lru_cache
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
# A character that may be invisible or move the text: one outside printable ASCII is looked
# up (unicodedata) to decide.
SUSPECT = re.compile(r"[^\n\x20-\x7e]")
INVISIBLE_KINDS = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co"})
# Default-ignorable code points outside category Cf: shown as nothing, or changing the look of
# the letter before them without a trace (combining grapheme joiner, fillers, variation
# selectors).
IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0000-\U000e0fff]"
)
SUITE_LINE = 12  # a message line this long that is a line of the suite is hidden
SUITE_LINE_MIN = 30  # a line this long is hidden even inside another line
HIDDEN_NOTE = N_("[a line of the hidden tests, not shown]")
MAX_MESSAGE = 16 * 1024


def clean(text: str, *, paths: dict[str, str] | None = None, suite: Path | None = None) -> str:
    """``text`` without escape sequences, temporary paths or the suite's source, and with
    every invisible character shown as its escape (:func:`visible`).

    ``paths`` maps a private path to what to show instead (the longest is replaced first).
    """
    text = ESCAPES.sub("", text)
    for private, shown in sorted((paths or {}).items(), key=lambda item: -len(item[0])):
        text = text.replace(private, shown)
    if suite is not None:  # an invisible character put inside a line does not save it
        bare = SUSPECT.sub(_dropped, text)
        hidden = _hide_suite(bare, suite)
        if hidden != bare:
            text = hidden
    text = visible(text)
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE] + "\n" + _("[... cut]")
    return text


def _hide_suite(text: str, suite: Path) -> str:
    code, hidden = _suite_lines(suite), _(HIDDEN_NOTE)
    text = "\n".join(hidden if line.strip() in code else line for line in text.split("\n"))
    if len(text) >= SUITE_LINE_MIN:
        for line in _long_suite_lines(suite):  # run together, as in a repr()
            if line in text:
                text = text.replace(line, hidden)
    return text


def visible(text: str) -> str:
    """``text`` with every character that may be invisible or move the text shown as its
    escape, as Python writes it: ``\\t``, ``\\x07``, ``\\u202e``, ``\\U000e0041``; the
    newline stays."""
    return SUSPECT.sub(_escaped, text)


def _escaped(match: re.Match) -> str:
    return _escape(match.group())


def _dropped(match: re.Match) -> str:
    return "" if _escape(match.group()) != match.group() else match.group()


@lru_cache(maxsize=4096)
def _escape(character: str) -> str:
    if unicodedata.category(character) not in INVISIBLE_KINDS and not IGNORABLE.match(character):
        return character
    code = ord(character)
    if character in "\t\r":
        return repr(character)[1:-1]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


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
