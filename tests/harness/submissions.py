"""Build submissions for the harness's own tests: variants and per-task mutants of the solutions.

A per-task mutant is the solution with one task's marked regions swapped for their stub form
(grader/stubs.py): the stub of that task alone.
"""

from __future__ import annotations

import ast
from pathlib import Path

from grader.catalog import ROOT
from grader.stubs import task_stub_source

SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
VARIANTS = ROOT / "tests" / "variants"


def mutant_source(source: str, task: int) -> str:
    """The solution with only ``task``'s marked regions in their stub form (its stub alone)."""
    return task_stub_source(source, task)


def variant_source(variant: Path) -> str:
    """The solution with the variant's definitions appended (later ones win)."""
    solution = (SOLUTIONS / f"{variant.parent.name}.py").read_text(encoding="utf-8")
    return f"{solution}\n\n# --- variant {variant.name} ---\n{variant.read_text(encoding='utf-8')}"


def expected_failures(variant: Path) -> set[int]:
    """The variant's ``FAILS`` constant: the tasks it must fail."""
    for node in ast.parse(variant.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "FAILS" for target in node.targets
        ):
            value = node.value
            if isinstance(value, ast.Call):  # set()
                return set()
            return set(ast.literal_eval(value))
    raise ValueError(f"{variant} declares no FAILS = {{...}}")


def all_variants() -> list[Path]:
    return sorted(VARIANTS.glob("*/*.py"))
