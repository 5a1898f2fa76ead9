"""The submissions the harness's own tests grade: the folders, variants and per-task mutants
(defined once, in ``grader/variants.py``, which the soak uses too), how they are graded
(:func:`graded_known`), and what the suites and variants declare about them, read without
importing them: promises, checks, ``BREAKS``.
"""

from __future__ import annotations

import ast
import atexit
import functools
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from grader.affected import affected_tests
from grader.catalog import ROOT, Topic
from grader.commands.stubs import generated_stubs
from grader.grading.runner import Limits, TopicResult, grade_topic, run_suite
from grader.variants import (
    VARIANTS,
    all_variants,
    expected_failures,
    expected_hangs,
    mutant_source,
    variant_source,
)

SOLUTIONS = ROOT / "solutions"


def _written_stubs() -> Path:
    """A folder of the stubs as the generator makes them from ``solutions/``, for this test
    process: what the harness grades as "the stubs", whatever a learner's checkout holds in
    ``exercises/`` (``test_catalog`` checks that ``exercises/`` is what the generator makes)."""
    folder, creator = Path(tempfile.mkdtemp(prefix="asyncio-katas-stubs-")), os.getpid()
    atexit.register(lambda: os.getpid() == creator and shutil.rmtree(folder, ignore_errors=True))
    for filename, text in generated_stubs(SOLUTIONS).items():
        (folder / filename).write_text(text, encoding="utf-8")
    return folder


EXERCISES = _written_stubs()
FORKED = Limits(confine="never")  # only an unconfined run can be forked by the zygote

__all__ = [
    "EXERCISES",
    "FORKED",
    "SOLUTIONS",
    "VARIANTS",
    "Check",
    "all_variants",
    "expected_failures",
    "expected_hangs",
    "graded_known",
    "mutant_source",
    "suite_checks",
    "suite_promises",
    "variant_breaks",
    "variant_source",
]


@dataclass(frozen=True)
class Reach:
    """The reference solution's run: what each test reached of the module, its task, and
    the numbers each function was given (``"function.parameter"``: every value, all tests)."""

    names: dict[str, frozenset[str]]
    tasks: dict[str, int]
    arguments: dict[str, frozenset[float]]


@functools.cache
def reference_reach(topic: Topic) -> Reach | None:
    """The reference's run of ``topic`` with its reach recorded (once per test worker); None
    where it cannot be recorded (a Python before 3.12) or the reference failed a test."""
    records, problem = run_suite(topic, SOLUTIONS, FORKED, record_reach=True)
    if problem or any(record.get("outcome") == "failed" for record in records):
        return None
    collected = next((record["collected"] for record in records if "collected" in record), [])
    tasks = {entry["test"].rpartition("::")[2]: entry["task"] for entry in collected}
    names = {
        record["test"].rpartition("::")[2]: frozenset(record["reach"])
        for record in records
        if "reach" in record
    }
    arguments: dict[str, set[float]] = {}
    for record in records:
        for parameter, values in record.get("arguments", {}).items():
            arguments.setdefault(parameter, set()).update(values)
    given = {parameter: frozenset(values) for parameter, values in arguments.items()}
    return Reach(names, tasks, given) if names and names.keys() == tasks.keys() else None


def graded_known(topic: Topic, source: str, folder: Path) -> TopicResult:
    """Grade ``source`` (a variant or mutant of ``topic``'s reference) as the harness does:
    in a forked run, and only the tests that reached what it changes
    (``grader/affected.py``). A task none of them checks passes as on the reference: it is
    left out of the result."""
    (folder / topic.filename).write_text(source, encoding="utf-8")
    reach = reference_reach(topic)
    reference = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    tests = affected_tests(reach.names, reference, source) if reach else None
    result = grade_topic(topic, folder, FORKED, tests=tests)
    if tests is not None:
        checked = {reach.tasks[test] for test in tests}
        result.tasks = [task for task in result.tasks if task.task.number in checked]
    return result


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


@functools.cache
def suite_checks(path: Path) -> tuple[Check, ...]:
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
    return tuple(checks)


def variant_breaks(variant: Path) -> str | None:
    """The variant's ``BREAKS`` constant: the one promise it breaks, if it declares one."""
    for node in ast.parse(variant.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "BREAKS" for target in node.targets
        ):
            return _literal(node.value, "BREAKS", variant.name)
    return None
