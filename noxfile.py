"""Sessions for learners, teachers and maintainers of the asyncio katas.

nox                          grade your work in exercises/ (the default session)
nox -s grade -- 04           grade one topic; see `nox -s grade -- --help`
nox -s tests                 what maintainers and CI run
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import sys
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["grade"]
# CI needs every Python; elsewhere a missing one is skipped, unless the command names it.
FORCED_PYTHON = {"-P", "--force-python", "--force-pythons"}

PYPROJECT = nox.project.load_toml("pyproject.toml")
TEST_PYTHONS = ["3.11", "3.12", "3.13"]


def runnable(pythons: list[str]) -> list[str]:
    """The Pythons nox can make environments of here: those on PATH, or every one when uv can
    fetch the missing ones (nox's uv backend does)."""
    if shutil.which("uv") or importlib.util.find_spec("uv") is not None:
        return pythons
    return [python for python in pythons if shutil.which(f"python{python}")] or pythons


# The newest Python that runs proves what needs one run (every variant, lint): the newest of
# all when it is here, else the newest there is, so that a machine without it skips nothing.
RUNNABLE = runnable(TEST_PYTHONS)


# Learners and teachers see the report first: nox's own lines (session started, packages
# installed, session successful) show only when something goes wrong, or with `nox -v`.
QUIET_SESSIONS = {"grade", "watch", "hint", "reset", "gradescope"}


def requested_sessions(argv: list[str]) -> set[str]:
    """The sessions a nox command line asks for (its default when it names none)."""
    named, taking = [], False
    for arg in argv:
        if arg in ("-s", "-e", "--session", "--sessions"):
            taking = True
        elif arg.startswith(("--session=", "--sessions=")):
            named.append(arg.split("=", 1)[1])
        elif taking and not arg.startswith("-"):
            named.append(arg)
        else:
            taking = False
    named += [name for name in os.environ.get("NOXSESSION", "").split(",") if name]
    return {name.strip() for name in named} or set(nox.options.sessions)


NOX_ARGS = sys.argv[1 : sys.argv.index("--")] if "--" in sys.argv else sys.argv[1:]
nox.options.error_on_missing_interpreters = os.environ.get("CI") == "true" or any(
    arg in FORCED_PYTHON or arg.partition("=")[0] in FORCED_PYTHON for arg in NOX_ARGS
)
if not {"-v", "--verbose"} & set(NOX_ARGS) and requested_sessions(NOX_ARGS) <= QUIET_SESSIONS:
    logging.getLogger("nox").setLevel(logging.WARNING)


def install_group(session: nox.Session, group: str) -> None:
    """Install a dependency group of pyproject.toml, once per environment and change of its
    pins (skipped by ``nox --no-install``): each later command starts at once."""
    requirements = nox.project.dependency_groups(PYPROJECT, group)
    location = getattr(session.virtualenv, "location", None)
    stamp = Path(location, f".installed-{group}") if location else None
    installed = "\n".join([*requirements, COMPILED])
    if stamp is not None and stamp.is_file() and stamp.read_text() == installed:
        return
    print(f"Installing what `nox -s {session.name}` needs ...", file=sys.stderr)
    session.install(*requirements)
    # Compiled once here: every test process runs with PYTHONDONTWRITEBYTECODE, and uv, unlike
    # pip, installs no bytecode, so each would compile pytest and its plugins again.
    session.run_install("python", "-c", COMPILE_SITE_PACKAGES, silent=True)
    if stamp is not None and not {"-R", "--no-install"} & set(NOX_ARGS):
        stamp.write_text(installed)


COMPILED = "# bytecode compiled"  # in the stamp: environments installed before are compiled
COMPILE_SITE_PACKAGES = (
    "import compileall, sysconfig\n"
    "for path in {sysconfig.get_path('purelib'), sysconfig.get_path('platlib')}:\n"
    "    compileall.compile_dir(path, quiet=2, workers=0)"
)


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
    """The learner's loop: grade on every save; keys h hint, l list, r reset, n next, q quit."""
    install_group(session, "grade")
    session.run("python", "-m", "grader.commands.watch", *session.posargs)


@nox.session(default=False)
def hint(session: nox.Session) -> None:
    """Show the next hint for the first failing task of the topic you are on (or -- 04)."""
    install_group(session, "grade")
    session.run("python", "-m", "grader.commands.hints", *session.posargs)


@nox.session(default=False)
def reset(session: nox.Session) -> None:
    """Put one topic's stub back, after asking; your file is kept in .backups/."""
    # Nothing to install: reset needs only the standard library and solutions/.
    session.run("python", "-m", "grader.commands.reset", *session.posargs)


@nox.session(python=TEST_PYTHONS)
def tests(session: nox.Session) -> None:
    """Check that solutions pass, stubs fail, the harness works and lint is clean."""
    install_group(session, "dev")
    if session.python == RUNNABLE[-1]:
        session.run("ruff", "check", ".")
        session.run("ruff", "format", "--check", ".")
    session.run("python", "-m", "pytest", "tests/harness", *harness_options(session.python))


def harness_options(python: str) -> list[str]:
    """What each Python proves. Every one: each solution passes and each stub fails. The
    oldest and the newest: the harness's tests of what depends on the Python (the grading
    machinery). The newest here (:data:`RUNNABLE`) alone, once a run: what does not depend on
    it (lint, every variant and per-task mutant, the newcomer's walk, the files
    tests/harness/conftest.py names)."""
    if python == RUNNABLE[-1]:
        chosen = []
    elif python == RUNNABLE[0]:
        chosen = ["-m", "not once_per_run"]
    else:
        chosen = ["-m", "every_python"]
    # Most grading runs wait on the real clock (threads, processes, sockets) more than they
    # compute: three test workers a core keep the cores busy.
    workers = str(3 * (os.cpu_count() or 1))
    return ["-n", workers, "--dist", "worksteal", "-q", "--durations=10", *chosen]


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff's linter and formatter check."""
    install_group(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(default=False)
def stubs(session: nox.Session) -> None:
    """Write exercises/ from the marked solutions; `-- --check` lists stubs that differ."""
    install_group(session, "grade")
    session.run("python", "-m", "grader.commands.stubs", *session.posargs)


@nox.session(default=False)
def i18n(session: nox.Session) -> None:
    """Extract the texts to translate, update locale/*/LC_MESSAGES/*.po, compile the .mo files
    into grader/locale/ and list what is not translated; ``-- compile`` skips the extraction;
    ``-- merge DOMAIN FRAGMENT.po ...`` fills empty entries from a translator's files first."""
    install_group(session, "i18n")
    session.env["PYTHONPATH"] = str(Path.cwd())  # pybabel imports the course's extractors
    if session.posargs[:1] == ["merge"]:
        session.run("python", "-m", "grader.commands.translations", *session.posargs)
    elif "compile" not in session.posargs:
        # pybabel extract and update, with options that make a second run change nothing.
        session.run("python", "-m", "grader.commands.translations", "update")
    session.run("python", "-m", "grader.commands.translations", "compile")


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
