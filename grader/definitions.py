"""A solution's functions, each by name and task, and the solution with one of them changed:
what the rule and argument mutants are made from."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from grader.stubs import TASK_ANCHOR

Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class Definition:
    """A function at the top level of a solution, or a method of a top-level class."""

    name: str  # "fetch_all", or "Fetcher.aclose"
    task: int  # of the ``# Task N`` anchor above it
    node: Function


def definitions(source: str, tree: ast.Module | None = None) -> list[Definition]:
    """The functions and methods of ``source`` (parsed as ``tree``, if given), in order."""
    lines = source.splitlines()
    found = []
    for node in (tree or ast.parse(source)).body:
        members = [("", node)] if isinstance(node, Function) else []
        if isinstance(node, ast.ClassDef):
            members = [(f"{node.name}.", m) for m in node.body if isinstance(m, Function)]
        for prefix, member in members:
            anchors = (TASK_ANCHOR.match(line) for line in reversed(lines[: member.lineno]))
            task = next((int(match.group(1)) for match in anchors if match), 0)
            found.append(Definition(prefix + member.name, task, member))
    return found


def with_body(source: str, name: str, change: Callable[[list[ast.stmt]], list[ast.stmt]]) -> str:
    """``source`` with the body of function ``name`` (its docstring aside, which stays first)
    replaced by what ``change`` makes of it."""
    tree = ast.parse(source)
    for definition in definitions(source, tree):
        if definition.name == name:
            node = definition.node
            docstring = 1 if ast.get_docstring(node, clean=False) is not None else 0
            node.body[docstring:] = change(node.body[docstring:])
            return ast.unparse(ast.fix_missing_locations(tree))
    raise LookupError(f"no function {name} in the solution")
