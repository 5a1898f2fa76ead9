"""Build submissions for the harness's own tests: variants and per-task mutants of the solutions."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from grader.catalog import ROOT

SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
VARIANTS = ROOT / "tests" / "variants"
TASK_COMMENT = re.compile(r"#\s*Task\s+(\d+)\b")


def task_definitions(source: str) -> dict[int, list[str]]:
    """Top-level functions and classes of a topic module, by the ``# Task N`` comment above them."""
    markers = [
        (number, int(match.group(1)))
        for number, line in enumerate(source.splitlines(), start=1)
        if (match := TASK_COMMENT.match(line.strip()))
    ]
    found: dict[int, list[str]] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        above = [task for line, task in markers if line < node.lineno]
        if above:
            found.setdefault(above[-1], []).append(node.name)
    return found


class _StubOut(ast.NodeTransformer):
    """Replace the bodies of the named definitions with ``raise NotImplementedError``."""

    def __init__(self, names: set[str]):
        self.names = names

    def visit_FunctionDef(self, node):
        return self._stub(node) if node.name in self.names else node

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        if node.name not in self.names:
            return node
        for item in node.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                self._stub(item)
        return node

    @staticmethod
    def _stub(node):
        node.body = [ast.parse("raise NotImplementedError('mutant')").body[0]]
        return node


def mutant_source(source: str, task: int) -> str:
    """The module with every definition of ``task`` reduced to ``raise NotImplementedError``."""
    names = set(task_definitions(source).get(task, []))
    tree = _StubOut(names).visit(ast.parse(source))
    return ast.unparse(ast.fix_missing_locations(tree))


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
