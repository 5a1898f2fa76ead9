"""The tests a change to the reference solution can affect: the harness runs only those.

A variant or mutant differs from its topic's reference solution in some top-level names
(:func:`changed_names`). A test of the reference's run that reached none of them (what
``grader/inside/reach.py`` records) runs the same code on the variant, so it passes there
as it passed on the reference: only the tests that reached a changed name are run
(:func:`affected_tests`). A source with other top-level statements than definitions,
imports and assignments is run whole.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

# What a variant declares of itself (grader/variants.py): not code the tests reach.
DECLARATIONS = frozenset({"FAILS", "HANGS", "BREAKS"})


def changed_names(reference: str, other: str) -> set[str] | None:
    """The top-level names ``other`` binds otherwise than ``reference`` does (the last
    binding counts); None if either has a top-level statement that is not a binding."""
    before, after = _bindings(reference), _bindings(other)
    if before is None or after is None:
        return None
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def affected_tests(
    reach: Mapping[str, frozenset[str]], reference: str, other: str
) -> list[str] | None:
    """The tests (of ``reach``: each test's reached names) that reached a name ``other``
    changes; None when all must run: the change is not only bindings, or no test reached
    it (a run of nothing would prove nothing)."""
    changed = changed_names(reference, other)
    if changed is None:
        return None
    changed -= DECLARATIONS
    chosen = [test for test, names in reach.items() if names & changed]
    return chosen or None


def _bindings(source: str) -> dict[str, str] | None:
    """Each top-level name and the statement that binds it last, as text."""
    bound: dict[str, str] = {}
    defined: set[str] = set()  # by def or class: what ``Name.attribute = ...`` may change
    for node in ast.parse(source).body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # a docstring
        names = _bound_by(node, defined)
        if not names:
            return None
        for name in names:
            bound[name] = ast.dump(node)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.add(node.name)
    return bound


def _bound_by(node: ast.stmt, defined: set[str]) -> list[str]:
    """The names a definition, import or assignment binds at the top level: for
    ``Fetcher.aclose = ...``, ``Fetcher``, a class the source defines. Nothing for any other
    statement, nor for an assignment into what is imported (``asyncio.sleep = ...`` changes
    what the tests run too)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Import | ast.ImportFrom):
        return [(alias.asname or alias.name).partition(".")[0] for alias in node.names]
    if not isinstance(node, ast.Assign | ast.AnnAssign):
        return []
    names = []
    for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
        into = isinstance(target, ast.Attribute)
        while isinstance(target, ast.Attribute):
            target = target.value
        if not isinstance(target, ast.Name) or (into and target.id not in defined):
            return []
        names.append(target.id)
    return names
