"""The README, followed as a newcomer does: a fresh clone, an empty home folder, a bare virtual
environment with only nox, and each documented session run for real.

Slow (it builds the sessions' environments) and needs the package registry: marked
``newcomer`` and ``once_per_run``, so ``nox -s tests`` runs it once, on the newest Python.
The bare environment and nox's environments are kept between runs in the temporary folder,
keyed on pyproject.toml, so that later runs only reuse them (about 1 minute; 4 from cold).
The clone is of the last commit: changes not yet committed are not in it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pytest

from grader.catalog import ROOT

pytestmark = [pytest.mark.newcomer, pytest.mark.once_per_run]

STEP_TIMEOUT = 300  # seconds for one command, the first install of its environment included
CACHE = Path(tempfile.gettempdir()) / (
    "katas-newcomer-" + hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:12]
)


def fresh_clone(into: Path) -> Path:
    """``git clone`` of the project; nox's environments of an earlier run are put back."""
    clone, kept = into / "asyncio-katas", into / "nox-environments"
    if (clone / ".nox").is_dir():
        shutil.rmtree(kept, ignore_errors=True)
        (clone / ".nox").rename(kept)
    shutil.rmtree(clone, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    if kept.is_dir():
        kept.rename(clone / ".nox")
    return clone


def bare_environment(into: Path) -> Path:
    """A virtual environment with nothing but nox, installed from the registry; its bin/."""
    venv = into / "venv"
    bin_dir = venv / "bin"
    if not (bin_dir / "nox").exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
        subprocess.run(
            [bin_dir / "python", "-m", "pip", "install", "-q", "nox"], check=True, timeout=300
        )
    return bin_dir


@pytest.fixture
def newcomer(tmp_path):
    """Run commands as a newcomer: in the fresh clone, with an empty home and only nox."""
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("needs the project's git repository and git")
    CACHE.mkdir(exist_ok=True)
    with open(CACHE / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one walk at a time uses the kept environments
        yield walk(CACHE, tmp_path / "home")


def walk(cache: Path, home: Path):
    """A function running a command in a fresh clone, as a newcomer with an empty home."""
    clone = fresh_clone(cache)
    home.mkdir()
    # The language a harness test chose (KATAS_LANG, LANGUAGE) is not a newcomer's either.
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(
            (
                "VIRTUAL_ENV",
                "PYTHON",
                "NOX",
                "PYTEST",
                "XDG_",
                "ASYNCIO_KATAS",
                "KATAS_",
                "LANGUAGE",
            )
        )
    }
    env |= {
        "HOME": str(home),
        "PATH": f"{bare_environment(cache)}{os.pathsep}{env.get('PATH', '')}",
        "GIT_AUTHOR_NAME": "A Learner", "GIT_AUTHOR_EMAIL": "learner@example.com",
        "GIT_COMMITTER_NAME": "A Learner", "GIT_COMMITTER_EMAIL": "learner@example.com",
        # The newcomer has no uv, even where CI put one on PATH: nox builds with pip.
        "NOX_DEFAULT_VENV_BACKEND": "virtualenv",
    }  # fmt: skip

    def run(command: str, answer: str = "", **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            command.split(), cwd=clone, env=env | extra, input=answer,
            capture_output=True, text=True, timeout=STEP_TIMEOUT,
        )  # fmt: skip

    run.clone, run.env = clone, env
    return run


def ok(run: subprocess.CompletedProcess) -> str:
    """The output of a command that must have succeeded, quietly: no line of nox's own."""
    output = run.stdout + run.stderr
    assert run.returncode == 0, f"{run.args} failed:\n{output}"
    assert "nox >" not in output, f"{run.args} printed nox's own lines:\n{output}"
    return output


def test_the_readme_from_a_fresh_clone(newcomer):
    clone = newcomer.clone

    output = ok(newcomer("nox -s grade"))
    assert "Grade for exercises" in output
    assert "Next: topic 01_generators, task 1" in output

    output = ok(newcomer("nox -s grade -- 04"))
    assert "04 async and await" in output
    assert "01 generators" not in output

    output = ok(newcomer("nox -s grade -- --list"))
    assert "04 async and await" in output and "17 capstone" in output

    output = ok(newcomer("nox -s hint"))
    assert "You are on topic 01, generators" in output
    assert "Hint 1 of 3" in output
    output = ok(newcomer("nox -s hint -- exercises/04_async_await.py"))
    assert "Task 04.1" in output

    # Reset after the learner committed their work, as GitHub Classroom learners do.
    target = clone / "exercises" / "04_async_await.py"
    stub = target.read_text()
    target.write_text(stub + "\n# my work\n")
    subprocess.run(["git", "commit", "-qam", "my work"], cwd=clone, env=newcomer.env, check=True)
    output = ok(newcomer("nox -s reset -- 04", answer="y\n"))
    assert "is the original stub again" in output
    assert target.read_text() == stub
    assert any(path.read_text().endswith("# my work\n") for path in clone.glob(".backups/*.py"))

    output = ok(newcomer("nox -s gradescope -- --out gradescope.zip"))
    with zipfile.ZipFile(clone / "gradescope.zip") as bundle:
        assert "run_autograder" in bundle.namelist()


def test_the_spanish_readme_from_a_fresh_clone(newcomer):
    """README.es.md's walk: Spanish chosen once, then every command speaks it and grades
    ejercicios/, with none of the grader's or the suites' English."""
    from test_translations import english_in

    outputs = [ok(newcomer("nox -s grade -- --lang es"))]
    assert "Nota de ejercicios" in outputs[-1]
    assert (newcomer.clone / ".language").read_text().strip() == "es"
    outputs.append(ok(newcomer("nox -s grade -- 04 -v")))
    assert "04 async y await" in outputs[-1]
    assert "Aún sin hacer" in outputs[-1]
    outputs.append(ok(newcomer("nox -s grade -- --list")))
    assert "(ejercicios/01_generators.py, 12 puntos)" in outputs[-1]
    outputs.append(ok(newcomer("nox -s hint")))
    assert "Estás en el tema 01, generadores" in outputs[-1]
    assert not english_in(outputs), f"English in the Spanish walk: {english_in(outputs)}"


def test_watch_starts_and_stops_on_sigterm_leaving_nothing_behind(newcomer):
    nox = subprocess.Popen(
        ["nox", "-s", "watch"], cwd=newcomer.clone, env=newcomer.env,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in nox.stdout], daemon=True).start()
    seen = []
    try:
        deadline = time.monotonic() + STEP_TIMEOUT
        while not any("Watching" in line for line in seen):
            assert time.monotonic() < deadline, "watch never started:\n" + "".join(seen)
            try:
                seen.append(lines.get(timeout=0.5))
            except queue.Empty:
                continue
        started = descendants(nox.pid)
        assert started, "nox started no watch process"
        nox.send_signal(signal.SIGTERM)  # `kill PID` on nox, as the issue did
        nox.wait(timeout=10)
        deadline = time.monotonic() + 10
        while started & live_processes():
            assert time.monotonic() < deadline, "watch outlived nox"
            time.sleep(0.1)
    finally:
        nox.kill()
        nox.wait()


def test_a_failed_install_keeps_noxs_own_lines(newcomer, tmp_path):
    run = newcomer(
        f"nox --envdir {tmp_path / 'envs'} -s grade", PIP_NO_INDEX="1", PIP_FIND_LINKS=""
    )
    output = run.stdout + run.stderr
    assert run.returncode != 0
    assert "nox > Command python -m pip install" in output
    assert "nox > Session grade failed." in output


def live_processes() -> set[int]:
    alive = set()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                alive.add(int(entry.name))
        except (OSError, IndexError):
            continue
    return alive


def descendants(pid: int) -> set[int]:
    parents = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        children = {child for child, its in parents.items() if its == parent} - found
        found |= children
        todo.extend(children)
    return found
