"""Build a topic's stub from its reference solution: the markers say what the learner writes.

A solution is the single source of its topic. Markers, in the style of otter-grader, mark
what the stub leaves out and carry the text only the stub has:

- ``# BEGIN PROMPT`` ... ``# END PROMPT``: the stub's text for the code that follows. Its
  ``# `` lines (the TODO) are copied to the stub as they are; its ``# > `` lines are the
  stub's code (a planted mistake), commented out in the solution.
- The code a prompt stands for runs to the end of the block it sits in (usually the rest
  of the function body), unless a ``# BEGIN SOLUTION`` ... ``# END SOLUTION`` block or lines
  ending ``# SOLUTION`` follow it; at the top level of a module a prompt stands only for
  those. Such blocks and lines may also stand alone, with no prompt: the stub drops them.
- Where a prompt has no code and its region starts a function body, the stub raises
  ``NotImplementedError("task N: write NAME")``, and an async generator keeps a ``yield``.

``# Task N`` comments at the start of a line name the task of the regions below them. Every
piece of text a learner reads (statement paragraphs, TODO paragraphs, generated lines)
passes through one ``translate`` function, so that another language can be added with a
message catalog and without touching the markers.
"""

from __future__ import annotations

import ast
import io
import re
import textwrap
import tokenize
from collections.abc import Callable
from dataclasses import dataclass

Translate = Callable[[str], str]

LINE_LENGTH = 100
TASK_ANCHOR = re.compile(r"^# Task (\d+)\s*$")
BEGIN_PROMPT = re.compile(r"^(\s*)# BEGIN PROMPT\s*$")
END_PROMPT = re.compile(r"^\s*# END PROMPT\s*$")
BEGIN_SOLUTION = re.compile(r"^(\s*)# BEGIN SOLUTION\s*$")
END_SOLUTION = re.compile(r"^\s*# END SOLUTION\s*$")
SOLUTION_LINE = re.compile(r"\s+# SOLUTION\s*$")
CODE_PREFIX = "# >"
STATEMENT_TASK = re.compile(r"^Task \d+\.")

NOT_WRITTEN = "task {number}: write {name}"
KEEP_A_YIELD = "the yield makes this function an async generator; keep one in yours"


def identity(text: str) -> str:
    """The English edition: every text as written."""
    return text


class MarkerError(ValueError):
    """The markers of a solution are malformed."""


@dataclass
class Region:
    """Lines of the solution (0-based, ``end`` excluded) that the stub replaces."""

    start: int
    end: int
    prompt: list[str]  # the prompt's lines, as written (markers excluded)
    indent: str
    task: int | None = None


def stub_source(solution_text: str, *, translate: Translate = identity) -> str:
    """The learner's stub: the solution with every marked region in its stub form."""
    return _render(solution_text, lambda region: True, translate)


def task_stub_source(solution_text: str, task_number: int) -> str:
    """The solution with only task ``task_number``'s regions in their stub form (a mutant)."""
    regions = _regions(solution_text.splitlines())
    if not any(region.task == task_number for region in regions):
        raise MarkerError(f"task {task_number} has no marked region")
    return _render(solution_text, lambda region: region.task == task_number, identity)


def marked_tasks(solution_text: str) -> dict[int, int]:
    """How many marked regions each task has."""
    counts: dict[int, int] = {}
    for region in _regions(solution_text.splitlines()):
        if region.task is not None:
            counts[region.task] = counts.get(region.task, 0) + 1
    return counts


def _render(solution_text: str, chosen: Callable[[Region], bool], translate: Translate) -> str:
    lines = solution_text.splitlines()
    tree = ast.parse(solution_text)
    out: list[str] = []
    position = 0
    for region in _regions(lines):
        if not chosen(region):
            continue
        out.extend(lines[position : region.start])
        stub = _stub_lines(region, tree, translate)
        out.extend(stub)
        position = region.end
        if not stub and (not out or not out[-1].strip() or out[-1].lstrip().startswith("#")):
            # Nothing left where the region was: drop the blank lines that set it apart.
            while position < len(lines) and not lines[position].strip():
                position += 1
    out.extend(lines[position:])
    text = "\n".join(out) + "\n"
    if translate is not identity:
        text = _translate_statement(text, translate)
    return _collapse_blank_lines(text)


def _regions(lines: list[str]) -> list[Region]:
    """Every marked region, in order, with its prompt and task."""
    blocks = _top_level_lines(lines)
    regions: list[Region] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        prompt: list[str] = []
        indent = ""
        start = index
        if match := BEGIN_PROMPT.match(line):
            indent = match.group(1)
            close = _find(lines, index + 1, END_PROMPT, "# END PROMPT", index)
            prompt = lines[index + 1 : close]
            index = close + 1
            line = lines[index] if index < len(lines) else ""
        if match := BEGIN_SOLUTION.match(line):
            indent = indent or match.group(1)
            close = _find(lines, index + 1, END_SOLUTION, "# END SOLUTION", index)
            end = close + 1
        elif SOLUTION_LINE.search(line):
            indent = indent or line[: len(line) - len(line.lstrip())]
            end = index
            while end < len(lines) and SOLUTION_LINE.search(lines[end]):
                end += 1
        elif start != index and indent:
            end = _end_of_block(lines, index, len(indent), blocks)
        elif start != index:
            end = index  # a top-level prompt with nothing after it: text the stub adds
        else:
            index += 1
            continue
        regions.append(Region(start, end, prompt, indent, _task_above(lines, start)))
        index = max(end, index)
    return regions


def _find(lines: list[str], start: int, pattern: re.Pattern, marker: str, opened: int) -> int:
    for index in range(start, len(lines)):
        if pattern.match(lines[index]):
            return index
    raise MarkerError(f"line {opened + 1}: no {marker} after it")


def _task_above(lines: list[str], index: int) -> int | None:
    for line in reversed(lines[:index]):
        if match := TASK_ANCHOR.match(line):
            return int(match.group(1))
    return None


def _top_level_lines(lines: list[str]) -> set[int]:
    """The 0-based lines that start a logical line of code (not strings or continuations)."""
    starts: set[int] = set()
    at_start = True
    source = "\n".join(lines) + "\n"
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.ENCODING):
            continue
        if token.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            at_start = token.type == tokenize.NEWLINE or at_start
            continue
        if at_start:
            starts.add(token.start[0] - 1)
            at_start = False
    return starts


def _end_of_block(lines: list[str], index: int, indent: int, starts: set[int]) -> int:
    """The end (excluded) of the code from ``index`` to the end of its indented block."""
    end = index
    for number in range(index, len(lines)):
        line = lines[number]
        if not line.strip():
            continue
        if number in starts:
            if len(line) - len(line.lstrip()) < indent:
                break
            end = number + 1
        elif not line.lstrip().startswith("#"):
            end = number + 1  # a continuation line or the inside of a string
    return end


def _stub_lines(region: Region, tree: ast.Module, translate: Translate) -> list[str]:
    """The stub's lines for one region: the prompt, and the raise where nothing else is."""
    out: list[str] = []
    has_code = False
    prose: list[str] = []

    def flush_prose():
        if prose:
            out.extend(_translate_comment(prose, region.indent, translate))
            prose.clear()

    for line in region.prompt:
        text = line.strip()
        if text == CODE_PREFIX or text.startswith(CODE_PREFIX + " "):
            flush_prose()
            has_code = True
            code = text[len(CODE_PREFIX) + 1 :]
            out.append(region.indent + code if code else "")
        elif text.startswith("#"):
            prose.append(text)
        elif text:
            raise MarkerError(f"{line!r}: a prompt holds only '# ' and '# > ' lines")
    flush_prose()
    function, path = _enclosing_function(tree, region.start + 1)
    if has_code or function is None or not _starts_body(function, region):
        return out
    name = ".".join(path)
    message = translate(NOT_WRITTEN).format(number=region.task, name=name)
    out.append(f"{region.indent}raise NotImplementedError({_quoted(message)})")
    if isinstance(function, ast.AsyncFunctionDef) and _yields(function):
        out.append(f"{region.indent}yield  # {translate(KEEP_A_YIELD)}")
    return out


def _quoted(text: str) -> str:
    """A Python string literal in double quotes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _enclosing_function(tree: ast.Module, line: int):
    """The innermost function around 1-based ``line``, and its qualified name's parts."""
    found, path, node = None, [], tree
    while True:
        inner = next(
            (
                child
                for child in ast.iter_child_nodes(node)
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                and child.lineno <= line <= child.end_lineno
            ),
            None,
        )
        if inner is None:
            return found, path
        path = [*path, inner.name]
        if not isinstance(inner, ast.ClassDef):
            found = inner
        node = inner


def _starts_body(function: ast.FunctionDef | ast.AsyncFunctionDef, region: Region) -> bool:
    """Whether nothing but the docstring comes before ``region`` in the function's body."""
    body = function.body
    if ast.get_docstring(function) is not None:
        body = body[1:]
    return not body or body[0].lineno > region.start


def _yields(node: ast.AST) -> bool:
    """Whether ``node`` yields, not counting the functions defined inside it."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Yield | ast.YieldFrom):
            return True
        nested = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        if not nested and _yields(child):
            return True
    return False


def _translate_comment(lines: list[str], indent: str, translate: Translate) -> list[str]:
    """A comment paragraph, translated; kept line for line when the text is unchanged."""
    texts = [line.removeprefix("#").removeprefix(" ") for line in lines]
    key = " ".join(" ".join(texts).split())
    translated = translate(key)
    if translated == key:
        return [indent + line for line in lines]
    width = LINE_LENGTH - len(indent) - 2
    return [f"{indent}# {line}" for line in textwrap.wrap(translated, width)]


def _translate_statement(text: str, translate: Translate) -> str:
    """The module docstring with each paragraph translated (and wrapped again if changed).

    A paragraph ends at a blank line or before a line that starts a task (``Task N.``) or
    an item of a list (``- ``).
    """
    if not text.startswith('"""'):
        return text
    close = text.index('"""', 3)
    paragraphs: list[list[str]] = [[]]
    for line in text[3:close].split("\n"):
        if not line.strip() or STATEMENT_TASK.match(line) or line.startswith("- "):
            paragraphs.append([])
        paragraphs[-1].append(line)
    lines = []
    for paragraph in paragraphs:
        lines.extend(_translate_paragraph(paragraph, translate))
    return '"""' + "\n".join(lines) + text[close:]


def _translate_paragraph(lines: list[str], translate: Translate) -> list[str]:
    """One statement paragraph (blank lines around it kept), translated."""
    text = [line for line in lines if line.strip()]
    key = " ".join(" ".join(text).split())
    if not key or translate(key) == key:
        return lines
    if len(text) > 1:
        hanging = text[1][: len(text[1]) - len(text[1].lstrip())]
    else:
        hanging = " " * len("Task N. ") if STATEMENT_TASK.match(text[0]) else ""
    wrapped = textwrap.wrap(translate(key), LINE_LENGTH, subsequent_indent=hanging)
    return lines[: lines.index(text[0])] + wrapped


def _collapse_blank_lines(text: str) -> str:
    """At most two blank lines in a row and none at the end, where a region left more."""
    return re.sub(r"\n{4,}", "\n\n\n", text).rstrip("\n") + "\n"
