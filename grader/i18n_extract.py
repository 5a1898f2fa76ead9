"""Babel extractors for the course's texts (``nox -s i18n`` runs them through pybabel).

- :func:`extract_topics`: the catalog's topic and task titles and hints (tests/topics.toml).
- :func:`extract_solution`: what a stub shows of its solution (the statement, TODOs,
  docstrings, comments), as :mod:`grader.translated_stubs` asks for it, so the keys are
  exactly the ones the Spanish stubs look up.
"""

from __future__ import annotations

import ast
import tomllib

from grader.translated_stubs import UNTRANSLATED_NOTE, stub_texts


def extract_topics(fileobj, keywords, comment_tags, options):
    """Yield ``(lineno, funcname, message, comments)`` for every title and hint."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    data = tomllib.loads(text)
    for topic in data["topics"]:
        stem = topic["stem"]
        yield _line(lines, topic["title"]), None, topic["title"], [f"topic {stem}"]
        for task in topic["tasks"]:
            where = f"{stem[:2]}.{task['number']}"
            yield _line(lines, task["title"]), None, task["title"], [f"task {where} title"]
            for number, hint in enumerate(task.get("hints", ()), start=1):
                yield _line(lines, hint[:40]), None, hint, [f"task {where} hint {number}"]


def extract_solution(fileobj, keywords, comment_tags, options):
    """Yield every text of the stub generated from this solution."""
    text = fileobj.read().decode("utf-8")
    for key in stub_texts(text):
        yield 1, None, key, []
    yield 1, None, UNTRANSLATED_NOTE, ["heads a stub not yet translated"]


def _line(lines: list[str], text: str) -> int:
    """The 1-based line where ``text`` (or its start) first appears; 1 if nowhere."""
    needle = text.split("\n")[0][:40]
    for number, line in enumerate(lines, start=1):
        if needle and needle in line:
            return number
    return 1


def extract_checks(fileobj, keywords, comment_tags, options):
    """Yield the first line of each test's docstring: what the report says it is checking."""
    tree = ast.parse(fileobj.read().decode("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
            "test_"
        ):
            line = check_description(ast.get_docstring(node))
            if line:
                yield node.lineno, None, line, [f"what {node.name} checks"]


def check_description(docstring: str | None) -> str:
    """The first line of a test's docstring, as the report shows it after "Checking:"."""
    return docstring.strip().splitlines()[0].strip() if docstring and docstring.strip() else ""
