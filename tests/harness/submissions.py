"""The submissions the harness's own tests grade: the folders, variants and per-task mutants
(defined once, in ``grader/variants.py``, which the soak uses too), and what the suites and
variants declare about them, read without importing them: promises, checks, ``BREAKS``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from grader.catalog import ROOT
from grader.variants import (
    VARIANTS,
    all_variants,
    expected_failures,
    expected_hangs,
    mutant_source,
    variant_source,
)

SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"

__all__ = [
    "EXERCISES",
    "SOLUTIONS",
    "VARIANTS",
    "Check",
    "all_variants",
    "expected_failures",
    "expected_hangs",
    "mutant_source",
    "suite_checks",
    "suite_promises",
    "variant_breaks",
    "variant_source",
]


@dataclass(frozen=True)
class Check:
    """A test of a suite: its task and the promises it names."""

    name: str
    task: int
    promises: tuple[str, ...]


def _literal(node: ast.AST | None, what: str, where: str):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError):
        pytest.fail(f"{where}: {what} must be written as a literal")


def suite_promises(path: Path) -> dict[int, dict[str, str]]:
    """The suite's ``PROMISES`` constant, read without importing the suite."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "PROMISES" for target in node.targets
        ):
            return _literal(node.value, "PROMISES", path.name)
    return {}


def suite_checks(path: Path) -> list[Check]:
    """Every ``@task(N, checks=(...))`` test of the suite."""
    checks = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            if not (
                isinstance(decorator, ast.Call)
                and isinstance(decorator.func, ast.Name)
                and decorator.func.id == "task"
            ):
                continue
            where = f"{path.name}::{node.name}"
            number = _literal(decorator.args[0], "the task number", where)
            named = next((k.value for k in decorator.keywords if k.arg == "checks"), None)
            promises = tuple(_literal(named, "checks", where)) if named is not None else ()
            checks.append(Check(node.name, number, promises))
    return checks


def variant_breaks(variant: Path) -> str | None:
    """The variant's ``BREAKS`` constant: the one promise it breaks, if it declares one."""
    for node in ast.parse(variant.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "BREAKS" for target in node.targets
        ):
            return _literal(node.value, "BREAKS", variant.name)
    return None
