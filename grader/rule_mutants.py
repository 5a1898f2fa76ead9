"""Rule mutants: the reference solution with one ``async`` function breaking a course rule.

A topic whose statement states a rule of ``grader/inside/rules.py`` holds every one of its
async functions to it, so for each function that awaits there is a mutant that breaks the
rule in that function alone, and it must fail exactly the function's task (the ``# Task N``
anchor above it). The harness grades them all (tests/harness/test_rule_mutants.py), and so
does ``nox -s soak -- --mutants``:

- ``cancelled`` (``rules.CANCELLED``): the function returns when it is cancelled;
- ``limits`` (``rules.LIMITS``): the function sets a deadline of its own, an hour long;
- ``left-running`` (``rules.LEFT_RUNNING``): cancelled, the function starts a task that waits
  for ever, and leaves it running.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from grader.catalog import Topic
from grader.definitions import definitions, with_body
from grader.inside.rules import PROMISE_KEYS

OWN_DEADLINE = 3600.0  # seconds: the limits mutant's deadline, far past any test's own wait

# How each rule is broken: the function's body goes where ``pass`` is.
BREAKING = {
    "cancelled": "try:\n    pass\nexcept __import__('asyncio').CancelledError:\n    return",
    "limits": f"async with __import__('asyncio').timeout({OWN_DEADLINE}):\n    pass",
    "left-running": "try:\n    pass\nexcept __import__('asyncio').CancelledError:\n"
    "    __import__('asyncio').ensure_future(__import__('asyncio').Event().wait())\n    raise",
}
RULES = PROMISE_KEYS  # each rule by the key its checks name

# Functions whose rule mutant no test can tell from the solution, each with why: they have no
# mutant (the harness proves each entry still needed, so the lists only shrink).
EXEMPT: dict[str, dict[str, str]] = {
    "cancelled": {
        "14_streams/start_echo_server": "it awaits only binding a server to 127.0.0.1, which "
        "needs no name lookup and is done in the same turn of the loop",
    },
    "limits": {},
    "left-running": {
        "06_timeouts_cancellation/save_within": "its task lets the save it starts go on when it "
        "is cancelled: that test says may_leave_tasks",
        "14_streams/start_echo_server": "it awaits only binding a server to 127.0.0.1, which "
        "needs no name lookup and is done in the same turn of the loop",
    },
}


@dataclass(frozen=True)
class AsyncFunction:
    """An ``async def`` of a solution, at the top level or in a class at the top level."""

    name: str  # "fetch_all", or "Fetcher.aclose"
    task: int  # of the ``# Task N`` anchor above it
    waits: bool  # whether it awaits at all (else no rule can be broken while it waits)


@dataclass(frozen=True)
class RuleMutant:
    """The solution with ``function`` breaking ``rule`` (a key of RULES)."""

    rule: str
    function: AsyncFunction
    source: str


def async_functions(source: str) -> list[AsyncFunction]:
    """The solution's ``async`` functions and methods, in order."""
    return [
        AsyncFunction(found.name, found.task, _awaits(found.node))
        for found in definitions(source)
        if isinstance(found.node, ast.AsyncFunctionDef)
    ]


def states(source: str, text: str) -> bool:
    """Whether the statement (the module's docstring) of ``source`` holds ``text``, whitespace
    aside."""
    docstring = ast.get_docstring(ast.parse(source)) or ""
    return " ".join(text.split()) in " ".join(docstring.split())


def exempt(rule: str, topic: Topic, function: AsyncFunction) -> str | None:
    """Why ``function`` has no mutant for ``rule``, if it is exempt."""
    return EXEMPT[rule].get(f"{topic.stem}/{function.name}")


def rule_mutants(topic: Topic, source: str) -> list[RuleMutant]:
    """For each rule the statement states and each async function that awaits (but the
    exempt), the solution with that function alone breaking the rule."""
    return [
        RuleMutant(rule, function, breaking_source(source, function.name, rule))
        for rule, text in RULES.items()
        if states(source, text)
        for function in async_functions(source)
        if function.waits and exempt(rule, topic, function) is None
    ]


def breaking_source(source: str, name: str, rule: str) -> str:
    """The solution with the body of the async function ``name`` inside ``BREAKING[rule]``
    (its docstring stays first)."""
    if name not in {function.name for function in async_functions(source)}:
        raise LookupError(f"no async function {name} in the solution")

    def wrapped(body: list[ast.stmt]) -> list[ast.stmt]:
        breaking = ast.parse(BREAKING[rule])
        for node in ast.walk(breaking):
            block = getattr(node, "body", None)
            for at, statement in enumerate(block if isinstance(block, list) else ()):
                if isinstance(statement, ast.Pass):
                    block[at : at + 1] = body or [ast.Pass()]
                    return breaking.body
        raise AssertionError(f"no pass in BREAKING[{rule!r}]")

    return with_body(source, name, wrapped)


def _awaits(function: ast.AsyncFunctionDef) -> bool:
    """Whether ``function``'s own body (not a function nested in it) awaits."""
    waiting = (ast.Await, ast.AsyncFor, ast.AsyncWith)
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
    pending = list(function.body)
    while pending:
        node = pending.pop()
        if isinstance(node, waiting):
            return True
        if not isinstance(node, nested):
            pending.extend(ast.iter_child_nodes(node))
    return False
