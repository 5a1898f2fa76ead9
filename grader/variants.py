"""The known submissions the harness and the soak grade: variants and per-task mutants.

A variant (``tests/variants/<stem>/<name>.py``) holds the definitions it changes, appended
to the reference solution, and ``FAILS = {...}``, the exact tasks it must fail (``set()``
for another correct style); ``HANGS = {...}`` names those it fails by hanging. A per-task
mutant is the solution with one task's marked regions in their stub form
(``grader/stubs.py``), which must fail that task. A cancellation mutant is the solution with
one ``async`` function keeping its own cancellation (it returns instead), which breaks the
course's rule ``rules.CANCELLED`` and must fail that function's task alone.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from grader.catalog import ROOT, Topic
from grader.inside.rules import CANCELLED
from grader.stubs import TASK_ANCHOR, task_stub_source

SOLUTIONS = ROOT / "solutions"
VARIANTS = ROOT / "tests" / "variants"


@dataclass(frozen=True)
class Known:
    """A submission of one topic whose verdict is known in advance."""

    name: str  # "<stem>/" and the variant, "task<N>", "<function> cancelled" or "solution"
    topic: Topic
    source: str
    fails: frozenset[int]  # the tasks it must fail; a mutant fails its task at least
    mutant: bool = False


def mutant_source(source: str, task: int) -> str:
    """The solution with only ``task``'s marked regions in their stub form (its stub alone)."""
    return task_stub_source(source, task)


@dataclass(frozen=True)
class AsyncFunction:
    """An ``async def`` of a solution, at the top level or in a class at the top level."""

    name: str  # "fetch_all", or "Fetcher.aclose"
    task: int  # of the ``# Task N`` anchor above it
    waits: bool  # whether it awaits at all (else no cancellation can reach its body)


def async_functions(source: str) -> list[AsyncFunction]:
    """The solution's ``async`` functions and methods, in order."""
    lines = source.splitlines()
    found = []
    for owner, node in _async_definitions(ast.parse(source)):
        anchors = (TASK_ANCHOR.match(line) for line in reversed(lines[: node.lineno]))
        task = next((int(match.group(1)) for match in anchors if match), 0)
        found.append(AsyncFunction(owner + node.name, task, _awaits(node)))
    return found


# Async functions whose body no cancellation can reach while it waits, each with why: they
# have no cancellation mutant (tests/harness/test_cancel_rule.py proves each still needed).
NOTHING_TO_CANCEL = {
    "14_streams/start_echo_server": "it awaits only binding a server to 127.0.0.1, which "
    "needs no name lookup and is done in the same turn of the loop",
}


def states(source: str, text: str) -> bool:
    """Whether the statement (the module's docstring) of ``source`` holds ``text``, whitespace
    aside."""
    docstring = ast.get_docstring(ast.parse(source)) or ""
    return " ".join(text.split()) in " ".join(docstring.split())


def cancellation_mutants(topic: Topic, source: str) -> list[tuple[AsyncFunction, str]]:
    """Where the statement states the cancellation rule: for each async function that awaits
    (but those in NOTHING_TO_CANCEL), the solution with it alone returning when cancelled."""
    if not states(source, CANCELLED):
        return []
    return [
        (function, swallowing_source(source, function.name))
        for function in async_functions(source)
        if function.waits and f"{topic.stem}/{function.name}" not in NOTHING_TO_CANCEL
    ]


def swallowing_source(source: str, name: str) -> str:
    """The solution with ``name``'s body in a ``try`` whose ``except CancelledError`` returns:
    the function keeps its own cancellation (``return`` ends an async generator)."""
    tree = ast.parse(source)
    for owner, node in _async_definitions(tree):
        if owner + node.name == name:
            docstring = 1 if ast.get_docstring(node, clean=False) is not None else 0
            swallow = ast.parse(
                "try:\n    pass\nexcept __import__('asyncio').CancelledError:\n    return"
            ).body[0]
            swallow.body = node.body[docstring:] or [ast.Pass()]
            node.body[docstring:] = [swallow]
            return ast.unparse(ast.fix_missing_locations(tree))
    raise LookupError(f"no async function {name} in the solution")


def _async_definitions(tree: ast.Module):
    """(prefix, node) for each ``async def`` at the top level and in top-level classes."""
    for node in tree.body:
        if isinstance(node, ast.AsyncFunctionDef):
            yield "", node
        elif isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, ast.AsyncFunctionDef):
                    yield f"{node.name}.", member


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


def variant_source(variant: Path) -> str:
    """The solution with the variant's definitions appended (later ones win)."""
    solution = (SOLUTIONS / f"{variant.parent.name}.py").read_text(encoding="utf-8")
    return f"{solution}\n\n# --- variant {variant.name} ---\n{variant.read_text(encoding='utf-8')}"


def expected_failures(variant: Path) -> set[int]:
    """The variant's ``FAILS`` constant: the tasks it must fail."""
    declared = _declared_tasks(variant, "FAILS")
    if declared is None:
        raise ValueError(f"{variant} declares no FAILS = {{...}}")
    return declared


def expected_hangs(variant: Path) -> set[int]:
    """The variant's ``HANGS`` constant, if any: failing tasks whose mistake is to hang, so
    that a message saying only that time ran out is the right one."""
    return _declared_tasks(variant, "HANGS") or set()


def _declared_tasks(variant: Path, name: str) -> set[int] | None:
    """A set of task numbers the variant assigns to ``name`` (``set()`` for none)."""
    for node in ast.parse(variant.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            value = node.value
            if isinstance(value, ast.Call):  # set()
                return set()
            return set(ast.literal_eval(value))
    return None


def all_variants() -> list[Path]:
    return sorted(VARIANTS.glob("*/*.py"))


def known_submissions(topics: list[Topic], *, mutants: bool = False) -> list[Known]:
    """Each topic's solution and variants (and per-task mutants), with their verdicts."""
    known = []
    for topic in topics:
        solution = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
        known.append(Known(f"{topic.stem}/solution", topic, solution, frozenset()))
        for variant in sorted((VARIANTS / topic.stem).glob("*.py")):
            fails = frozenset(expected_failures(variant))
            known.append(
                Known(f"{topic.stem}/{variant.stem}", topic, variant_source(variant), fails)
            )
        if mutants:
            for task in topic.tasks:
                source = mutant_source(solution, task.number)
                known.append(
                    Known(
                        f"{topic.stem}/task{task.number}", topic, source, frozenset({task.number})
                    )
                )
            for function, source in cancellation_mutants(topic, solution):
                name = f"{topic.stem}/{function.name} cancelled"
                known.append(Known(name, topic, source, frozenset({function.task})))
    return known
