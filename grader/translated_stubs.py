"""A topic's stub in another language, from the same marked solution as the English one.

:func:`grader.stubs.stub_source` passes the statement and every TODO through its
``translate`` hook. What it copies from the solution as it is (the docstrings of the
functions, the comments outside the marked regions, the ``# Task N`` lines) is translated
here, after it, through the same catalog. A stub is translated whole or not at all: when any
of its texts has no translation, :func:`translated_stub` gives ``None`` and
:func:`missing_texts` says which texts are missing.
"""

from __future__ import annotations

import ast
import io
import re
import textwrap
import tokenize
from collections.abc import Callable

from grader.stubs import LINE_LENGTH, stub_source

Lookup = Callable[[str], str | None]  # a text's translation, or None when it has none

TASK_COMMENT = re.compile(r"^(\s*)# Task (\d+)\s*$")
TASK_TEMPLATE = "Task {number}"
UNTRANSLATED_NOTE = (
    "This topic is not translated yet: its statement and TODOs are in English, as in "
    "exercises/. The grader grades it here all the same."
)
SKIPPED_COMMENTS = ("noqa", "type:", "fmt:", "pragma")


def normalized(text: str) -> str:
    """A text as a catalog key: its words separated by single spaces."""
    return " ".join(text.split())


class _Translator:
    """The translate hook: records every text asked for and what each became."""

    def __init__(self, lookup: Lookup):
        self.lookup = lookup
        self.asked: list[str] = []
        self.missing: list[str] = []
        self.produced: set[str] = set()

    def __call__(self, text: str) -> str:
        if text not in self.asked:
            self.asked.append(text)
        found = self.lookup(text)
        if not found:
            if text not in self.missing:
                self.missing.append(text)
            found = text
        self.produced.add(normalized(found))
        return found


def _render(solution_text: str, lookup: Lookup) -> tuple[str, _Translator]:
    translator = _Translator(lookup)
    text = stub_source(solution_text, translate=translator)
    text = _translate_docstrings(text, translator)
    text = _translate_comments(text, translator)
    return text, translator


def translated_stub(solution_text: str, lookup: Lookup) -> str | None:
    """The whole stub translated, or ``None`` when a text of it has no translation."""
    text, translator = _render(solution_text, lookup)
    return None if translator.missing else text


def missing_texts(solution_text: str, lookup: Lookup) -> list[str]:
    """The stub's texts (catalog keys) that ``lookup`` cannot translate."""
    return _render(solution_text, lookup)[1].missing


def stub_texts(solution_text: str) -> list[str]:
    """Every text of the stub that a translation must cover, as catalog keys, in order."""
    return _render(solution_text, lambda text: None)[1].asked


def untranslated_stub(english_stub: str, lookup: Lookup) -> str:
    """The English stub, headed by a note in the learner's language that it is English."""
    note = lookup(UNTRANSLATED_NOTE) or UNTRANSLATED_NOTE
    lines = textwrap.wrap(note, LINE_LENGTH - 2)
    return "".join(f"# {line}\n" for line in lines) + english_stub


def _translate_docstrings(text: str, translate: _Translator) -> str:
    """Each function's and class's docstring, paragraph by paragraph."""
    lines = text.split("\n")
    tree = ast.parse(text)
    nodes = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and ast.get_docstring(node, clean=False) is not None
    ]
    # From the bottom up, so that line numbers above stay right.
    for node in sorted(nodes, key=lambda node: node.body[0].lineno, reverse=True):
        literal = node.body[0]
        first, last = literal.lineno - 1, literal.end_lineno - 1
        if not lines[first].lstrip().startswith('"""'):
            continue  # another quoting style: left as it is
        paragraphs = [
            normalized(paragraph)
            for paragraph in re.split(r"\n\s*\n", ast.get_docstring(node))
            if paragraph.strip()
        ]
        keys = [key for key in paragraphs if key not in translate.produced]
        if not keys:
            continue
        translated = [translate(key) for key in paragraphs]
        if translated == paragraphs:
            continue
        indent = " " * literal.col_offset
        lines[first : last + 1] = _docstring_lines(translated, indent)
    return "\n".join(lines)


def _docstring_lines(paragraphs: list[str], indent: str) -> list[str]:
    escaped = [paragraph.replace("\\", "\\\\").replace('"""', '\\"""') for paragraph in paragraphs]
    single = f'{indent}"""{escaped[0]}"""'
    if len(escaped) == 1 and len(single) <= LINE_LENGTH:
        return [single]
    out: list[str] = []
    for number, paragraph in enumerate(escaped):
        if number:
            out.append("")
        lead = '"""' if number == 0 else ""
        # Three columns short of the limit: a text that fits on one line with both quotes
        # never gets here, so the closing quotes always have a line of their own.
        wrapped = textwrap.wrap(
            lead + paragraph,
            LINE_LENGTH - 3,
            initial_indent=indent,
            subsequent_indent=indent,
        )
        out.extend(wrapped)
    out.append(f'{indent}"""')
    return out


def _translate_comments(text: str, translate: _Translator) -> str:
    """Comment paragraphs (full-line comments, one after another) and ``# Task N`` lines."""
    lines = text.split("\n")
    comments: dict[int, tokenize.TokenInfo] = {}
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0] - 1] = token
    out: list[str] = []
    index = 0
    while index < len(lines):
        token = comments.get(index)
        whole_line = token is not None and not lines[index][: token.start[1]].strip()
        if token is None:
            out.append(lines[index])
            index += 1
            continue
        if match := TASK_COMMENT.match(lines[index]):
            number = int(match.group(2))
            out.append(f"{match.group(1)}# {translate(TASK_TEMPLATE).format(number=number)}")
            index += 1
            continue
        if not whole_line:
            out.append(_translated_trailing(lines[index], token, translate))
            index += 1
            continue
        column = token.start[1]
        group = [index]
        while (
            group[-1] + 1 in comments
            and comments[group[-1] + 1].start[1] == column
            and not lines[group[-1] + 1][:column].strip()
            and not TASK_COMMENT.match(lines[group[-1] + 1])
        ):
            group.append(group[-1] + 1)
        out.extend(_translated_paragraph([lines[number] for number in group], column, translate))
        index = group[-1] + 1
    return "\n".join(out)


def _comment_text(comment: str) -> str:
    return comment.strip().removeprefix("#").strip()


def _translated_paragraph(lines: list[str], column: int, translate: _Translator) -> list[str]:
    key = normalized(" ".join(_comment_text(line) for line in lines))
    if not key or key in translate.produced or key.startswith(SKIPPED_COMMENTS):
        return lines
    translated = translate(key)
    if translated == key:
        return lines
    indent = " " * column
    return [f"{indent}# {line}" for line in textwrap.wrap(translated, LINE_LENGTH - column - 2)]


def _translated_trailing(line: str, token: tokenize.TokenInfo, translate: _Translator) -> str:
    key = normalized(_comment_text(token.string))
    if not key or key in translate.produced or key.startswith(SKIPPED_COMMENTS):
        return line
    return f"{line[: token.start[1]]}# {translate(key)}"
