"""Sessions for learners, teachers and maintainers of the asyncio katas.

nox                          grade your work in exercises/ (the default session)
nox -s grade -- 04           grade one topic; see `nox -s grade -- --help`
nox -s tests                 what maintainers and CI run
"""

from __future__ import annotations

import os

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["grade"]
nox.options.error_on_missing_interpreters = os.environ.get("CI") == "true"

PYPROJECT = nox.project.load_toml("pyproject.toml")
TEST_PYTHONS = ["3.11", "3.12", "3.13"]


def install_group(session: nox.Session, group: str) -> None:
    """Install a dependency group of pyproject.toml (skipped by ``nox --no-install``)."""
    session.install(*nox.project.dependency_groups(PYPROJECT, group))


@nox.session
def grade(session: nox.Session) -> None:
    """Grade exercises/ (or --submission DIR) and print what to do next."""
    install_group(session, "grade")
    session.run("python", "-m", "grader", *session.posargs)


@nox.session
def solutions(session: nox.Session) -> None:
    """Grade the reference solutions; fail unless every task passes."""
    install_group(session, "grade")
    session.run(
        "python", "-m", "grader", "--submission", "solutions", "--fail-under", "100",
        *session.posargs,
    )  # fmt: skip


@nox.session(default=False)
def watch(session: nox.Session) -> None:
    """Grade again on every save; move on to the next topic when one is done."""
    install_group(session, "grade")
    session.run("python", "-m", "grader.commands.watch", *session.posargs)


@nox.session(default=False)
def hint(session: nox.Session) -> None:
    """Show the next hint for the first failing task of a topic: nox -s hint -- 04."""
    install_group(session, "grade")
    session.run("python", "-m", "grader.commands.hints", *session.posargs)


@nox.session(default=False)
def reset(session: nox.Session) -> None:
    """Put one topic's stub back, after asking; your file is kept in .backups/."""
    session.run("python", "-m", "grader.commands.reset", *session.posargs)


@nox.session(python=TEST_PYTHONS)
def tests(session: nox.Session) -> None:
    """Check that solutions pass, stubs fail, the harness works and lint is clean."""
    install_group(session, "dev")
    # What does not depend on the Python (lint, every variant and per-task mutant, the
    # newcomer's walk) is proved once a run, on the newest Python, which grades every task.
    once = session.python == TEST_PYTHONS[-1]
    if once:
        session.run("ruff", "check", ".")
        session.run("ruff", "format", "--check", ".")
    session.run(
        "python", "-m", "pytest", "tests/harness", "-n", "auto", "-q", "--durations=5",
        *([] if once else ["-m", "not once_per_run"]), *session.posargs,
    )  # fmt: skip


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff's linter and formatter check."""
    install_group(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Print how long a full grade of the solutions takes, in total and per topic."""
    install_group(session, "grade")
    session.run("python", "-m", "grader.commands.bench", *session.posargs)


@nox.session(default=False)
def gradescope(session: nox.Session) -> None:
    """Build the Gradescope autograder zip: nox -s gradescope -- [TOPIC ...] [--out FILE]."""
    install_group(session, "grade")
    session.run("python", "-m", "grader.commands.gradescope", "build", *session.posargs)


@nox.session(default=False)
def soak(session: nox.Session) -> None:
    """Grade the solutions N times beside CPU burners; report any run under 100%."""
    install_group(session, "grade")
    session.run("python", "-m", "grader.commands.soak", *session.posargs)
