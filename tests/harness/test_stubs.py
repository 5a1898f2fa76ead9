"""The stub generator (grader/stubs.py): each marker form, per-task mutants, translation."""

from __future__ import annotations

import shutil
import subprocess
import textwrap

import pytest

from grader.catalog import Task, Topic
from grader.commands.stubs import check, drifted_stubs, holds_work, stale_stubs, write_stubs
from grader.stubs import MarkerError, marked_tasks, stub_source, task_stub_source

SOLUTION = textwrap.dedent(
    '''\
    """Topic 99: a sample.

    Task 1. ``double(n)``: twice ``n``.
    Task 2. ``total(numbers)``: fix the sum.
    """

    # BEGIN PROMPT
    # TODO: you will need itertools: import it.
    # END PROMPT
    import itertools  # SOLUTION


    # Task 1
    def double(n):
        """Twice ``n``."""
        # BEGIN PROMPT
        # TODO: return n times two.
        # END PROMPT
        # Multiplying is the whole trick.
        return n * 2


    async def rows():
        """Yield two rows."""
        # BEGIN PROMPT
        # TODO: yield 1, then 2.
        # END PROMPT
        yield 1
        yield 2


    # Task 2
    def total(numbers):
        """The sum of ``numbers``."""
        result = 0
        for number in numbers:
            # BEGIN PROMPT
            # TODO: this forgets the running total. Fix it.
            # > result = number
            # END PROMPT
            result += number
        return result


    # BEGIN SOLUTION
    def _helper():
        return itertools.count()


    # END SOLUTION
    '''
)

STUB = textwrap.dedent(
    '''\
    """Topic 99: a sample.

    Task 1. ``double(n)``: twice ``n``.
    Task 2. ``total(numbers)``: fix the sum.
    """

    # TODO: you will need itertools: import it.


    # Task 1
    def double(n):
        """Twice ``n``."""
        # TODO: return n times two.
        raise NotImplementedError("task 1: write double")


    async def rows():
        """Yield two rows."""
        # TODO: yield 1, then 2.
        raise NotImplementedError("task 1: write rows")
        yield  # the yield makes this function an async generator; keep one in yours


    # Task 2
    def total(numbers):
        """The sum of ``numbers``."""
        result = 0
        for number in numbers:
            # TODO: this forgets the running total. Fix it.
            result = number
        return result
    '''
)


def test_every_marker_form_gives_its_stub_form():
    assert stub_source(SOLUTION) == STUB
    compile(STUB, "stub.py", "exec")


def test_a_mutant_swaps_in_only_its_tasks_stub():
    mutant = task_stub_source(SOLUTION, 2)
    assert "result = number\n" in mutant
    assert "return n * 2" in mutant  # task 1 keeps its solution
    assert "import itertools  # SOLUTION" in mutant  # not a task's: only the full stub drops it
    assert marked_tasks(SOLUTION) == {1: 2, 2: 2}  # _helper is below '# Task 2'
    with pytest.raises(MarkerError, match="task 3 has no marked region"):
        task_stub_source(SOLUTION, 3)


def test_an_unclosed_marker_is_an_error():
    with pytest.raises(MarkerError, match="no # END PROMPT"):
        stub_source("def f():\n    # BEGIN PROMPT\n    # TODO: x\n    return 1\n")


def test_every_text_a_learner_reads_goes_through_translate():
    seen = []

    def translate(text):
        seen.append(text)
        return {
            "Task 1. ``double(n)``: twice ``n``.": "Tarea 1. ``double(n)``: el doble de ``n``.",
            "TODO: return n times two.": "TODO: devuelve n por dos.",
            "task {number}: write {name}": "tarea {number}: escribe {name}",
        }.get(text, text)

    stub = stub_source(SOLUTION, translate=translate)
    assert "Tarea 1. ``double(n)``: el doble de ``n``.\n" in stub
    assert "    # TODO: devuelve n por dos.\n" in stub
    assert 'raise NotImplementedError("tarea 1: escribe double")' in stub
    assert "TODO: this forgets the running total. Fix it." in seen  # whole paragraphs, unwrapped
    assert "Topic 99: a sample." in seen
    assert stub_source(SOLUTION, translate=lambda text: text) == STUB


def test_check_lists_the_stubs_that_differ(tmp_path):
    (tmp_path / "99_sample.py").write_text(STUB, encoding="utf-8")
    assert stale_stubs({"99_sample.py": STUB}, tmp_path) == []
    assert stale_stubs({"99_sample.py": STUB + "# more\n"}, tmp_path) == ["99_sample.py"]
    assert stale_stubs({"98_missing.py": STUB}, tmp_path) == ["98_missing.py"]


SAMPLE = Topic("99_sample", "a sample", (Task("99_sample", 1, "double", 1),))
WORK = STUB.replace('raise NotImplementedError("task 1: write double")', "return n + n")


def write(folders, stub):
    """Write ``stub`` as 99_sample.py into each folder, as ``nox -s stubs`` does."""
    editions = {folder: {SAMPLE.filename: stub} for folder in folders}
    stale = {folder: stale_stubs(stubs, folder) for folder, stubs in editions.items()}
    return write_stubs(editions, stale, [SAMPLE])


def committed(folder, text):
    """``folder``'s 99_sample.py holding ``text`` in a new repository's only commit."""
    if shutil.which("git") is None:
        pytest.skip("git is not here")
    folder.mkdir(exist_ok=True)
    (folder / SAMPLE.filename).write_text(text, encoding="utf-8")
    git = ["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "stubs"], check=True)


def test_a_learners_work_is_judged_by_the_committed_stub(tmp_path):
    """`nox -s tests` in a learner's checkout: work in exercises/ is no stale stub."""
    committed(tmp_path / "up_to_date", STUB)
    committed(tmp_path / "edited", STUB + "# edited by hand\n")
    for folder in (tmp_path / "up_to_date", tmp_path / "edited"):
        (folder / SAMPLE.filename).write_text(WORK, encoding="utf-8")
    assert drifted_stubs({SAMPLE.filename: STUB}, tmp_path / "up_to_date") == []
    assert drifted_stubs({SAMPLE.filename: STUB}, tmp_path / "edited") == [SAMPLE.filename]
    assert stale_stubs({SAMPLE.filename: STUB}, tmp_path / "up_to_date") == [SAMPLE.filename]
    (tmp_path / "not_a_repository").mkdir()
    (tmp_path / "not_a_repository" / SAMPLE.filename).write_text(WORK, encoding="utf-8")
    assert drifted_stubs({SAMPLE.filename: STUB}, tmp_path / "not_a_repository") == [
        SAMPLE.filename
    ]


def test_check_says_which_files_it_judged_by_their_committed_stub(tmp_path, capsys):
    committed(tmp_path / "exercises", STUB)
    (tmp_path / "exercises" / SAMPLE.filename).write_text(WORK, encoding="utf-8")
    assert check({tmp_path / "exercises": {SAMPLE.filename: STUB}}) == 0
    out = capsys.readouterr().out
    assert f"exercises/{SAMPLE.filename}: holds work; the stub the last commit holds" in out
    assert check({tmp_path / "exercises": {SAMPLE.filename: STUB + "# new\n"}}) == 1
    assert f"exercises/{SAMPLE.filename} differs" in capsys.readouterr().out


def test_writing_stubs_keeps_a_copy_of_work_in_backups(tmp_path, capsys):
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    (exercises / SAMPLE.filename).write_text(WORK, encoding="utf-8")
    assert holds_work(exercises / SAMPLE.filename, STUB)
    assert write([exercises], STUB) == 1
    assert (exercises / SAMPLE.filename).read_text(encoding="utf-8") == STUB
    [backup] = (tmp_path / ".backups").iterdir()
    assert backup.name.startswith("99_sample-")  # named as reset names its copies
    assert backup.read_text(encoding="utf-8") == WORK
    out = capsys.readouterr().out
    held = "exercises/99_sample.py; it held work that was not a stub: your copy is in"
    assert f"{held} {backup}" in out
    assert "1 file(s) held work, now copied to .backups/" in out
    assert write([exercises], STUB) == 0  # the stub is there now: nothing more to copy
    assert len(list((tmp_path / ".backups").iterdir())) == 1


def test_work_in_both_editions_gets_two_copies(tmp_path):
    folders = [tmp_path / "exercises", tmp_path / "ejercicios"]
    for number, folder in enumerate(folders):
        folder.mkdir()
        (folder / SAMPLE.filename).write_text(f"{WORK}# {number}\n", encoding="utf-8")
    write(folders, STUB)
    copies = sorted(path.read_text(encoding="utf-8") for path in (tmp_path / ".backups").iterdir())
    assert copies == [f"{WORK}# 0\n", f"{WORK}# 1\n"]  # the same second would share a name


def test_a_stub_or_the_committed_stub_is_overwritten_without_a_copy(tmp_path, capsys):
    if shutil.which("git") is None:
        pytest.skip("git is not here")
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    old = STUB + "# the stub of last year\n"
    (exercises / SAMPLE.filename).write_text(old, encoding="utf-8")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "stubs"], check=True)
    assert not holds_work(exercises / SAMPLE.filename, STUB)  # the committed stub
    assert not holds_work(exercises / SAMPLE.filename, old)  # the stub about to be written
    assert not holds_work(exercises / "98_missing.py", STUB)  # nothing there
    assert write([exercises], STUB) == 1
    assert (exercises / SAMPLE.filename).read_text(encoding="utf-8") == STUB
    assert not (tmp_path / ".backups").exists()
    assert "held work" not in capsys.readouterr().out
    (exercises / SAMPLE.filename).write_text(WORK, encoding="utf-8")  # work, not committed
    assert holds_work(exercises / SAMPLE.filename, STUB)
