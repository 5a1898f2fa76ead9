"""The known submissions the harness and the soak grade: variants and per-task mutants.

A variant (``tests/variants/<stem>/<name>.py``) holds the definitions it changes, appended
to the reference solution, and ``FAILS = {...}``, the exact tasks it must fail (``set()``
for another correct style); ``HANGS = {...}`` names those it fails by hanging. A per-task
mutant is the solution with one task's marked regions in their stub form
(``grader/stubs.py``), which must fail that task. A rule mutant (``grader/rule_mutants.py``)
has one ``async`` function breaking a course rule, and must fail that function's task alone.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from grader.catalog import ROOT, Topic
from grader.rule_mutants import rule_mutants
from grader.stubs import task_stub_source

SOLUTIONS = ROOT / "solutions"
VARIANTS = ROOT / "tests" / "variants"


@dataclass(frozen=True)
class Known:
    """A submission of one topic whose verdict is known in advance."""

    name: str  # "<stem>/" and the variant, "task<N>", "<function> <rule>" or "solution"
    topic: Topic
    source: str
    fails: frozenset[int]  # the tasks it must fail; a mutant fails its task at least
    mutant: bool = False


def mutant_source(source: str, task: int) -> str:
    """The solution with only ``task``'s marked regions in their stub form (its stub alone)."""
    return task_stub_source(source, task)


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
                        f"{topic.stem}/task{task.number}",
                        topic,
                        source,
                        frozenset({task.number}),
                        mutant=True,  # a task that uses it fails too (17's fetch_all, Fetcher)
                    )
                )
            for mutant in rule_mutants(topic, solution):
                name = f"{topic.stem}/{mutant.function.name} {mutant.rule}"
                known.append(Known(name, topic, mutant.source, frozenset({mutant.function.task})))
    return known
