"""The grader's command line, report and results file, as a learner and a teacher use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from submissions import EXERCISES, SOLUTIONS

from grader.catalog import ROOT, Task, Topic, load_catalog
from grader.commands import classroom, cli
from grader.grading import cgroups
from grader.grading.confine import available_tool
from grader.grading.report import explain, line_width
from grader.grading.runner import TaskResult, score_records

TOPIC = next(topic for topic in load_catalog() if topic.stem == "04_async_await")


def grade(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "grader", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_stubs_grade_to_zero_with_a_next_step_and_exit_zero(tmp_path):
    results = tmp_path / "out" / "results.json"
    run = grade("04", "--submission", str(EXERCISES), "--json", str(results))
    assert run.returncode == 0, run.stderr
    assert "0/11" in run.stdout
    assert "Next: topic 04_async_await, task 1" in run.stdout
    assert "[1/1]" in run.stderr  # progress as each topic finishes
    document = json.loads(results.read_text())
    assert document["score"] == 0
    assert len(document["tests"]) == len(TOPIC.tasks)


def test_every_file_written_is_named_in_the_output(tmp_path):
    classroom = tmp_path / "classroom.json"
    run = grade("04", "--submission", str(EXERCISES), "-q", "--github-classroom", str(classroom))
    assert run.returncode == 0, run.stderr
    assert json.loads(classroom.read_text())["tests"]
    assert run.stdout.endswith(f"\n\nGitHub Classroom results written to {classroom}\n")


def test_results_follow_gradescope_format(tmp_path):
    results = tmp_path / "results.json"
    assert (
        grade("async_await", "--submission", str(SOLUTIONS), "--json", str(results)).returncode == 0
    )
    document = json.loads(results.read_text())
    assert set(document) >= {"score", "execution_time", "tests"}
    assert document["score"] == sum(test["score"] for test in document["tests"]) == 11
    assert isinstance(document["execution_time"], float)
    first = document["tests"][0]
    assert first["number"] == "04.1"
    assert first["tags"] == ["04_async_await"]
    assert first["status"] == "passed"
    assert first["visibility"] in {"hidden", "after_due_date", "after_published", "visible"}
    for test in document["tests"]:
        assert set(test) >= {"name", "number", "score", "max_score", "status", "output", "tags"}
        assert test["status"] in {"passed", "failed"}


def test_fail_under_gates_on_the_score():
    assert grade("04", "--submission", str(EXERCISES), "--fail-under", "50", "-q").returncode == 1
    assert grade("04", "--submission", str(SOLUTIONS), "--fail-under", "100", "-q").returncode == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["99"], "no topic matches 99"),
        (["--submission", "no/such/folder"], "there is no folder 'no/such/folder' to grade"),
    ],
)
def test_bad_arguments_get_a_clear_message(args, words):
    run = grade(*args)
    assert run.returncode == 2
    assert words in run.stderr


def test_list_shows_topics_and_tasks():
    run = grade("--list", "04")
    assert run.returncode == 0
    assert "04.5" in run.stdout and "ten 1 s sleeps" in run.stdout


def test_a_missing_module_scores_zero_with_a_message(tmp_path):
    run = grade("04", "--submission", str(tmp_path))
    assert run.returncode == 0
    assert "There is no file 04_async_await.py" in run.stdout


TINY = Topic(
    stem="98_tiny",
    title="tiny",
    tasks=(Task("98_tiny", 1, "one", 2), Task("98_tiny", 2, "two", 3)),
)
COLLECTED = {
    "collected": [{"test": "t1", "task": 1}, {"test": "t2a", "task": 2}, {"test": "t2b", "task": 2}]
}


def test_a_task_passes_only_when_all_its_tests_pass():
    records = [
        COLLECTED,
        {"test": "t1", "outcome": "passed", "message": ""},
        {"test": "t2a", "outcome": "passed", "message": ""},
        {"test": "t2b", "outcome": "failed", "message": "wrong"},
        {"finished": True},
    ]
    result = score_records(TINY, records)
    assert [(t.status, t.message) for t in result.tasks] == [("passed", ""), ("failed", "wrong")]
    assert (result.score, result.max_score) == (2, 5)


def test_tests_that_never_ran_fail_with_the_reason():
    records = [
        COLLECTED,
        {"test": "t1", "outcome": "passed", "message": ""},
        {"test": "t1", "when": "teardown", "outcome": "passed", "message": ""},
    ]
    result = score_records(TINY, records, problem="the tests were stopped after 60 s")
    assert result.tasks[0].status == "passed"
    assert result.tasks[1].status == "failed"
    assert "stopped after 60 s" in result.tasks[1].message


def test_the_test_a_run_stopped_in_fails_though_its_call_passed():
    """Its teardown, and the checks there (tasks left running), never came to an end."""
    records = [
        COLLECTED,
        {"test": "t1", "when": "call", "outcome": "passed", "message": ""},
        {"test": "t2a", "when": "call", "outcome": "passed", "message": ""},
        {"test": "t2a", "when": "teardown", "outcome": "passed", "message": ""},
    ]
    result = score_records(TINY, records, problem="the test process was killed by signal 9")
    assert [t.status for t in result.tasks] == ["failed", "failed"]  # t2b never ran
    assert "killed by signal 9" in result.tasks[0].message


def test_a_run_that_died_before_collecting_fails_every_task():
    result = score_records(TINY, [], problem="the test process was killed by signal SIGKILL")
    assert [t.status for t in result.tasks] == ["failed", "failed"]
    assert all("SIGKILL" in t.message for t in result.tasks)


def test_forged_records_do_not_outweigh_tampering():
    records = [
        COLLECTED,
        {"event": "tamper", "detail": "replaced asyncio.sleep", "during": "import"},
        {"test": "t1", "outcome": "passed", "message": ""},
        {"test": "t2a", "outcome": "passed", "message": ""},
        {"test": "t2b", "outcome": "passed", "message": ""},
        {"finished": True},
    ]
    result = score_records(TINY, records)
    assert result.score == 0
    assert "replaced asyncio.sleep (while being imported)" in result.tasks[0].message


def test_a_task_for_a_newer_python_is_skipped_and_not_counted():
    future = Topic("97_new", "new", (Task("97_new", 1, "future", 1, min_python=(9, 0)),))
    result = score_records(future, [{"finished": True}])
    assert result.tasks[0].status == "skipped"
    assert "needs Python 9.0" in result.tasks[0].message
    assert result.max_score == 0


def test_a_class_is_graded_into_a_gradebook_and_one_file_per_student(tmp_path):
    students = {
        "ana": SOLUTIONS,  # everything right
        "bo": EXERCISES,  # untouched stubs
        "cy": SOLUTIONS,  # right, but 04 exits the process at import
        "di": None,  # submitted nothing
    }
    class_dir = tmp_path / "class"
    for name, source in students.items():
        folder = class_dir / name
        folder.mkdir(parents=True)
        if source is not None:
            (folder / TOPIC.filename).write_text((source / TOPIC.filename).read_text())
    (class_dir / "cy" / TOPIC.filename).write_text("import os\nos._exit(3)\n")
    out = tmp_path / "grades"
    run = grade("04", "--class", str(class_dir), "--out", str(out))
    assert run.returncode == 0, run.stderr
    rows = (out / "gradebook.csv").read_text().splitlines()
    assert rows == [
        "student,04_async_await,total,max_total,review",
        "ana,11,11,11,",
        "bo,0,0,11,",
        "cy,0,0,11,",
        "di,0,0,11,",
    ]
    for name in students:
        document = json.loads((out / f"{name}.json").read_text())
        assert document["score"] == sum(test["score"] for test in document["tests"])
    assert "os._exit(3)" in json.loads((out / "cy.json").read_text())["tests"][0]["output"]


def test_a_class_graded_unconfined_is_warned_about(tmp_path):
    folder = tmp_path / "class" / "ana"
    folder.mkdir(parents=True)
    (folder / TOPIC.filename).write_text((SOLUTIONS / TOPIC.filename).read_text())
    out = tmp_path / "grades"
    run = grade("04", "--class", str(tmp_path / "class"), "--out", str(out), "--confine", "never")
    assert run.returncode == 0, run.stderr
    assert "Grading unconfined (--confine never)" in run.stderr
    confined = grade("04", "--class", str(tmp_path / "class"), "--out", str(out))
    assert "Grading unconfined" not in confined.stderr


@pytest.mark.parametrize("groups", [True, False])
def test_a_class_graded_without_control_groups_is_warned_about(
    groups, tmp_path, monkeypatch, capsys
):
    if not available_tool():
        pytest.skip("neither bwrap nor unshare can confine here")
    folder = tmp_path / "class" / "ana"
    folder.mkdir(parents=True)
    (folder / TOPIC.filename).write_text((SOLUTIONS / TOPIC.filename).read_text())
    monkeypatch.setattr(cgroups, "available", lambda: groups)
    monkeypatch.setattr(classroom, "grade_class", lambda *args, **kwargs: tmp_path / "book.csv")
    cli.main(["04", "--class", str(tmp_path / "class"), "--out", str(tmp_path / "grades")])
    assert ("Processes and memory are not capped" in capsys.readouterr().err) is not groups


def test_an_empty_class_folder_is_a_clear_error(tmp_path):
    run = grade("--class", str(tmp_path))
    assert run.returncode == 2
    assert "there are no submission folders" in run.stderr


def sequential_submission(tmp_path):
    """Topic 04's solution with sleep_concurrently made sequential."""
    source = (SOLUTIONS / TOPIC.filename).read_text()
    source += (
        "\n\nasync def sleep_concurrently(count, seconds):\n"
        "    for _ in range(count):\n        await asyncio.sleep(seconds)\n"
    )
    (tmp_path / TOPIC.filename).write_text(source)
    return tmp_path


def test_a_timing_failure_is_drawn_beside_the_reference(tmp_path):
    run = grade("04", "--submission", str(sequential_submission(tmp_path)), "-q")
    lines = run.stdout.splitlines()
    mine = lines.index(next(line for line in lines if "your code's timeline" in line))
    theirs = lines.index(next(line for line in lines if "reference solution's timeline" in line))
    assert mine < theirs
    assert "peak 1 at once" in lines[mine] and "peak 10 at once" in lines[theirs]
    # Same scale: the reference's ten sleeps fill the first tenth of its bars.
    assert lines[theirs + 1].count("█") == lines[mine + 1].count("█")


def test_the_reference_is_drawn_at_the_scene_the_learners_code_failed(tmp_path):
    """fetch_all's test times five fetches, then twelve: fetching one at a time fails at the
    five, and the reference's five are drawn beside them, not its last run, the twelve."""
    source = (SOLUTIONS / TOPIC.filename).read_text()
    source += (
        "\n\nasync def fetch_all(urls, fetch):\n    return [await fetch(url) for url in urls]\n"
    )
    (tmp_path / TOPIC.filename).write_text(source)
    run = grade("04", "--submission", str(tmp_path), "-q")
    lines = run.stdout.splitlines()
    theirs = next(line for line in lines if "reference solution's timeline" in line)
    assert "peak 5 at once" in theirs, run.stdout


def test_the_html_report_draws_both_timelines(tmp_path):
    page = tmp_path / "report.html"
    run = grade("04", "--submission", str(sequential_submission(tmp_path)), "--html", str(page))
    assert run.returncode == 0, run.stderr
    html = page.read_text()
    assert html.count("<svg") == 2
    assert 'aria-label="your code"' in html and 'aria-label="the reference solution"' in html
    assert "04.5 sleep_concurrently" in html
    assert "█" not in html, "the page draws the timelines once: not again in text"


def test_a_reader_that_went_away_ends_the_list_quietly():
    """`python -m grader --list | head -1`: what is left has nowhere to go; no traceback."""
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before the first line
    try:
        run = subprocess.run(
            [sys.executable, "-m", "grader", "--list"], cwd=ROOT, stdout=writer,
            stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(writer)
    assert run.returncode == 141
    assert "Traceback" not in run.stderr and "BrokenPipeError" not in run.stderr


@pytest.mark.parametrize(("columns", "width"), [("60", 59), ("80", 79), ("200", 96)])
def test_a_message_fits_a_narrow_terminal(columns, width, monkeypatch):
    """Lines wrapped wider than the terminal would be broken again by it, mid-word."""
    monkeypatch.setenv("COLUMNS", columns)
    assert line_width() == width
    failure = TaskResult(TOPIC.tasks[0], "failed", "word " * 60)
    assert max(len(line) for line in explain(failure)) <= width
