"""The submissions the harness's own tests grade: the folders, variants and per-task mutants.

They are defined once, in ``grader/variants.py``, which the soak uses too.
"""

from __future__ import annotations

import ast
from pathlib import Path

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


def statement(path: Path) -> str:
    """The docstring at the top of ``path``, its whitespace made single spaces."""
    return one_line(ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))))


def one_line(text: str) -> str:
    return " ".join(text.split())


__all__ = [
    "EXERCISES",
    "SOLUTIONS",
    "VARIANTS",
    "all_variants",
    "expected_failures",
    "expected_hangs",
    "mutant_source",
    "one_line",
    "statement",
    "variant_source",
]
