"""Argument mutants: the solution with one number a function is given written into its code.

A suite that calls ``fetch(timeout=0.3)`` and nothing else cannot tell ``timeout`` from the
0.3 a learner copied from it. For each function of a topic's stub, each of its parameters
the reference's run gave numbers (``grader/inside/reach.py`` records them), and each such
number, the mutant is the solution with the function's body starting ``parameter = number``:
it ignores what it is given for that value. Each must fail the function's task
(``tests/harness/test_argument_mutants.py``); ``EXEMPT`` says where that cannot be, and why.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from grader.definitions import definitions, with_body

MAX_VALUES = 3  # of one parameter: the smallest, the largest, and one between
# Numbers the system picks, not the test: a port, a time on the loop's clock.
PICKED_BY_THE_SYSTEM = frozenset({"port", "deadline"})

# (topic stem, "function.parameter"): why no test can tell the parameter from a number.
EXEMPT: dict[tuple[str, str], str] = {}
# (topic stem, "function.parameter"): a number the suite does not tell yet, so that wrong
# code earns the task. The harness proves each is still so: the list only shrinks.
UNTOLD: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class ArgumentMutant:
    """The solution with ``parameter`` of ``function`` fixed to ``value``."""

    function: str  # "fetch_all", or "Fetcher.__init__"
    parameter: str
    value: float
    task: int  # of the ``# Task N`` anchor above the function
    source: str

    @property
    def name(self) -> str:
        return f"{self.function}({self.parameter}={self.value!r})"


def parameters(stem: str, solution: str, stub: str) -> list[tuple[str, str, int]]:
    """``(function, parameter, task)`` for each parameter of each function the stub asks
    for (not a private one, not one the system picks a number for, not an exempt one)."""
    asked = {found.name for found in definitions(stub) if not _private(found.name)}
    return [
        (found.name, parameter, found.task)
        for found in definitions(solution)
        if found.name in asked
        for parameter in _parameters(found.node)
        if parameter not in PICKED_BY_THE_SYSTEM
        and (stem, f"{found.name}.{parameter}") not in EXEMPT
    ]


def argument_mutants(
    solution: str, function: str, parameter: str, task: int, given: frozenset[float]
) -> list[ArgumentMutant]:
    """The mutants of ``solution`` with ``parameter`` of ``function`` fixed to one of the
    numbers ``given`` to it in the reference's run."""
    return [
        ArgumentMutant(
            function, parameter, value, task, fixed_source(solution, function, parameter, value)
        )
        for value in _chosen(given)
    ]


def fixed_source(solution: str, name: str, parameter: str, value: float) -> str:
    """``solution`` with ``parameter = value`` first in the body of ``name`` (after its
    docstring)."""
    fixed = ast.parse(f"{parameter} = {value!r}").body[0]
    return with_body(solution, name, lambda body: [fixed, *body])


def _parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """Its parameters' names, but ``self`` and ``cls``."""
    arguments = node.args
    named = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    return [argument.arg for argument in named if argument.arg not in ("self", "cls")]


def _private(name: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in name.split("."))


def _chosen(values: frozenset[float]) -> list[float]:
    """At most MAX_VALUES of ``values``: the smallest, the largest, the middle one."""
    ordered = sorted(values)
    if len(ordered) <= MAX_VALUES:
        return ordered
    return [ordered[0], ordered[len(ordered) // 2], ordered[-1]]
