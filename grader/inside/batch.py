"""Grade many submissions of one topic in one test process: for the harness's own tests.

``-p grader.inside.batch --batch-folder NAME=DIR ...`` runs every test of the suite once
per folder, the ``topic`` fixture loading ``DIR/<stem>.py``; each test's id carries
``~NAME~`` so the outcomes can be told apart. Isolation between the folders is not what
the harness proves with it (variants and mutants of the reference solutions); the grader
itself never batches.
"""

from __future__ import annotations

import pytest

BATCH_HELP = "NAME=DIR: grade DIR as well, its tests' ids marked ~NAME~ (repeatable)"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--batch-folder``."""
    parser.getgroup("grader").addoption(
        "--batch-folder", action="append", default=[], metavar="NAME=DIR", help=BATCH_HELP
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each test that uses the learner's module once per batch folder."""
    folders = [entry.split("=", 1) for entry in metafunc.config.getoption("batch_folder")]
    if folders and "topic" in metafunc.fixturenames:
        metafunc.parametrize(
            "topic",
            [folder for _, folder in folders],
            ids=[f"~{name}~" for name, _ in folders],
            indirect=True,
            scope="module",
        )
