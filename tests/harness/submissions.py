"""The submissions the harness's own tests grade: the folders, variants and per-task mutants.

They are defined once, in ``grader/variants.py``, which the soak uses too.
"""

from __future__ import annotations

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
    "all_variants",
    "expected_failures",
    "expected_hangs",
    "mutant_source",
    "variant_source",
]
