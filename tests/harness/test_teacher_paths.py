"""Submissions as teachers receive them, and what the report tells about each task.

Topic files one folder down, copies of the same file, folders without any; the learner's
printed output, every failure on demand, a topic that cannot be loaded, a task that needs a
newer Python.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from submissions import EXERCISES, SOLUTIONS

from grader.catalog import ROOT, Task, Topic, load_catalog
from grader.grading import report
from grader.grading.report import render_catalog, render_report
from grader.grading.results import classroom_document, results_document
from grader.grading.runner import score_records
from grader.grading.submission import find_topic_files

CATALOG = load_catalog()
TOPIC = next(topic for topic in CATALOG if topic.stem == "04_async_await")
QUEUES = next(topic for topic in CATALOG if topic.stem == "09_queues")


def grade(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "grader", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )


def put(path, source):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source.read_text() if hasattr(source, "read_text") else source)
    return path


# --- one discovery rule -------------------------------------------------------------------


def test_topic_files_one_folder_down_are_found(tmp_path):
    put(tmp_path / "student" / "exercises" / TOPIC.filename, SOLUTIONS / TOPIC.filename)
    files, notes = find_topic_files(tmp_path, [TOPIC])
    assert files == {TOPIC.filename: tmp_path / "student" / "exercises" / TOPIC.filename}
    assert notes == []


def test_the_shallowest_copy_is_graded_and_a_note_names_the_others(tmp_path):
    put(tmp_path / "exercises" / TOPIC.filename, SOLUTIONS / TOPIC.filename)
    put(tmp_path / "solutions" / TOPIC.filename, EXERCISES / TOPIC.filename)  # same depth
    put(tmp_path / "old" / "deep" / TOPIC.filename, EXERCISES / TOPIC.filename)
    files, notes = find_topic_files(tmp_path, [TOPIC])
    assert files[TOPIC.filename] == tmp_path / "exercises" / TOPIC.filename
    assert notes == [
        f"3 copies of {TOPIC.filename} were found: graded exercises/{TOPIC.filename}, "
        f"not solutions/{TOPIC.filename}, old/deep/{TOPIC.filename}."
    ]


@pytest.mark.parametrize("folder", [".git", "__pycache__", "__MACOSX", ".venv", "myenv"])
def test_hidden_folders_caches_and_virtual_environments_are_not_searched(tmp_path, folder):
    put(tmp_path / folder / TOPIC.filename, SOLUTIONS / TOPIC.filename)
    if folder == "myenv":
        (tmp_path / folder / "pyvenv.cfg").write_text("home = /usr/bin\n")
    files, notes = find_topic_files(tmp_path, [TOPIC])
    assert files == {}
    assert notes[0].startswith("WARNING: no topic file was found")


def test_a_clone_of_a_students_repository_is_graded_with_a_note_on_duplicates(tmp_path):
    put(tmp_path / "exercises" / TOPIC.filename, SOLUTIONS / TOPIC.filename)
    put(tmp_path / "backup" / TOPIC.filename, EXERCISES / TOPIC.filename)
    results, page = tmp_path / "results.json", tmp_path / "report.html"
    run = grade(
        "04", "--submission", str(tmp_path), "-q", "--json", str(results), "--html", str(page)
    )
    assert run.returncode == 0, run.stderr
    assert "11/11" in run.stdout
    assert f"graded exercises/{TOPIC.filename}, not backup/{TOPIC.filename}" in run.stderr
    assert "not backup/" in json.loads(results.read_text())["output"]
    assert "<div class='notes'><p>2 copies of 04_async_await.py" in page.read_text()


def test_a_folder_without_any_topic_file_gets_a_loud_warning(tmp_path):
    (tmp_path / "notes.txt").write_text("my homework\n")
    run = grade("04", "--submission", str(tmp_path), "-q")
    assert run.returncode == 0
    assert "WARNING: no topic file was found" in run.stderr
    assert "every topic scores 0" in run.stderr


def test_a_class_of_cloned_repositories_is_graded_by_the_same_rule(tmp_path):
    class_dir = tmp_path / "class"
    put(class_dir / "ana" / "exercises" / TOPIC.filename, SOLUTIONS / TOPIC.filename)
    put(class_dir / "bo" / TOPIC.filename, SOLUTIONS / TOPIC.filename)
    (class_dir / "cy").mkdir()
    out = tmp_path / "grades"
    run = grade("04", "--class", str(class_dir), "--out", str(out))
    assert run.returncode == 0, run.stderr
    rows = list(csv.reader((out / "gradebook.csv").open()))
    assert [row[:4] for row in rows[1:]] == [
        ["ana", "11", "11", "11"],
        ["bo", "11", "11", "11"],
        ["cy", "0", "0", "11"],
    ]
    assert "cy: WARNING: no topic file was found" in run.stderr
    assert "WARNING" in json.loads((out / "cy.json").read_text())["output"]


# --- what the report tells ----------------------------------------------------------------


def chatty_submission(folder):
    """Topic 04's solution whose sleep_concurrently prints and runs sequentially."""
    source = (SOLUTIONS / TOPIC.filename).read_text()
    source += (
        "\n\nasync def sleep_concurrently(count, seconds):\n"
        "    print('starting', count, 'sleeps')\n"
        "    for number in range(count):\n"
        "        print('sleep', number, file=__import__('sys').stderr)\n"
        "        await asyncio.sleep(seconds)\n"
    )
    return put(folder / TOPIC.filename, source).parent


def test_what_the_learners_code_printed_is_shown_under_its_failure(tmp_path):
    results, classroom = tmp_path / "results.json", tmp_path / "classroom.json"
    run = grade(
        "04", "--submission", str(chatty_submission(tmp_path / "sub")), "-q",
        "--json", str(results), "--github-classroom", str(classroom),
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    heading = lines.index("    What your code printed during this check:")
    assert lines[heading + 1 : heading + 3] == ["      | starting 10 sleeps", "      | sleep 0"]
    task = next(t for t in json.loads(results.read_text())["tests"] if t["number"] == "04.5")
    assert task["output_format"] == "html"
    assert "<pre>starting 10 sleeps\nsleep 0\nsleep 1" in task["output"]
    assert f"\nResults written to {results}\nGitHub Classroom results written to {classroom}\n" in (
        run.stdout
    )
    assert "<p>your code&#x27;s timeline (loop time" in task["output"]
    assert "<pre>  sleep(1) |████····" in task["output"]  # the bars, as drawn
    message = json.loads(classroom.read_text())["tests"][4]["message"]
    assert "What your code printed during this check:\nstarting 10 sleeps" in message


def test_long_output_keeps_its_end_with_a_note():
    from grader.inside.plugin import printed_output

    class Report:
        capstdout = "x" * 3000 + "THE END"
        capstderr = ""

    kept = printed_output(Report())
    assert kept.startswith("[... 1007 earlier characters not shown ...]\n")
    assert kept.endswith("THE END") and len(kept.splitlines()[1]) == 2000


def test_verbose_explains_every_failing_task(tmp_path):
    run = grade("04", "--submission", str(EXERCISES), "-q", "-v")
    assert run.returncode == 0
    assert run.stdout.count("Checking:") == len(TOPIC.tasks)  # not just the first
    assert "(explained above, under its topic)" in run.stdout


def test_a_topic_that_cannot_be_loaded_says_why_in_its_row(tmp_path):
    put(tmp_path / TOPIC.filename, "def greet(:\n")
    run = grade("04", "05", "--submission", str(tmp_path), "-q")
    rows = {line[2:4]: line for line in run.stdout.splitlines() if line.startswith("✘ 0")}
    assert rows["04"].endswith("not loaded: SyntaxError: invalid syntax (line 1)")
    assert rows["05"].endswith("not loaded: there is no file 05_tasks_futures.py")


# --- tasks that need a newer Python -------------------------------------------------------

FUTURE = Topic(
    "97_new", "new", (Task("97_new", 1, "today", 2), Task("97_new", 2, "future", 3, (9, 0)))
)


def future_result():
    records = [
        {"collected": [{"test": "t1", "task": 1}]},
        {"test": "t1", "outcome": "passed", "message": ""},
        {"finished": True},
    ]
    return score_records(FUTURE, records)


def test_a_task_for_a_newer_python_is_never_reported_as_failed():
    result = future_result()
    document = results_document([result], 1.0)
    assert [test["number"] for test in document["tests"]] == ["97.1"]
    assert document["score"] == 2 and sum(t["max_score"] for t in document["tests"]) == 2
    assert "97.2 was not graded: needs Python 9.0" in document["output"]
    assert [test["name"] for test in classroom_document([result])["tests"]] == ["97.1 today"]


def test_the_report_says_which_python_graded_and_how_to_grade_the_rest():
    text = render_report([future_result()], "exercises")
    python = future_result().python
    assert text.splitlines()[0] == f"Grade for exercises  (Python {python})"
    assert "97.2 not graded: it needs Python 9.0 or newer" in text
    assert "To grade it: pipx run nox -s grade --force-python 9.0 -- 97\n" in text


def test_the_command_for_a_newer_python_grades_the_same_folder_in_the_same_language(
    monkeypatch,
):
    command = "pipx run nox -s grade --force-python 9.0 -- 97"
    text = render_report([future_result()], "class/ana b")
    assert f"To grade it: {command} --submission 'class/ana b'\n" in text
    text = render_report([future_result()], "solutions")  # as `nox -s solutions` grades
    assert f"To grade it: {command} --submission solutions\n" in text
    from grader import i18n

    monkeypatch.setitem(i18n._active, "language", "es")  # the report is in Spanish too
    text = render_report([future_result()], "ejercicios")  # the Spanish learner's own folder
    assert f"{command} --lang es\n" in text
    assert f"{command} --submission exercises --lang es\n" in render_report(
        [future_result()], "exercises"
    )


def test_a_class_graded_on_an_older_python_is_told_how_to_grade_the_rest(
    tmp_path, monkeypatch, capsys
):
    from grader.commands import classroom, cli

    monkeypatch.setattr(report, "python_version", lambda: (3, 11))
    monkeypatch.setattr(classroom, "grade_class", lambda *args, **kwargs: tmp_path / "book.csv")
    argv = ["09", "--class", str(tmp_path / "my class"), "--confine", "never"]
    cli.main(argv)
    out = capsys.readouterr().out
    late = [task for task in QUEUES.tasks if task.min_python and task.min_python > (3, 11)]
    assert late, "topic 09 has a task for a newer Python"
    version = ".".join(map(str, late[0].min_python))
    command = f"pipx run nox -s grade --force-python {version} -- 09 --class '{tmp_path}/my class'"
    assert "To grade the class with " in out
    assert f"{command} --confine never\n" in out


def test_list_and_grade_agree_on_the_total(monkeypatch):
    listing = render_catalog([FUTURE])
    assert "(exercises/97_new.py, 2 points)" in listing
    assert "future  [3]  (needs Python 9.0: not counted)" in listing
    assert "total: 1 tasks, 2 points" in listing
    assert future_result().max_score == 2
    monkeypatch.setattr(report, "python_version", lambda: (9, 0))
    assert "total: 2 tasks, 5 points" in render_catalog([FUTURE])


def test_list_and_grade_agree_on_the_total_of_the_real_catalog():
    run = grade("--list", "09")
    graded = grade("09", "--submission", str(SOLUTIONS), "-q")
    points = sum(
        task.points
        for task in QUEUES.tasks
        if task.min_python is None or sys.version_info[:2] >= task.min_python
    )
    assert f"points, the tasks Python {sys.version.split()[0]} can grade" in run.stdout
    assert f"tasks, {points} points" in run.stdout
    assert f"{points}/{points}" in graded.stdout


def test_the_html_report_shows_the_score_the_next_task_and_the_printed_output(tmp_path):
    page = tmp_path / "report.html"
    submission = chatty_submission(tmp_path / "sub")
    run = grade("04", "05", "--submission", str(submission), "-q", "--html", str(page))
    assert run.returncode == 0, run.stderr
    html = page.read_text()
    assert "<span class='big'>36%</span>" in html  # 9 of 25 points
    assert "<strong>9 of 25 points</strong>" in html
    assert "Next: <a href='#task-04-5'>04.5 sleep_concurrently" in html
    assert "<div class='task failed is-next' id='task-04-5'>" in html
    assert "<tr class='partial'><td><a href='#topic-04'>04 async and await</a>" in html
    assert "<tr class='zero'><td><a href='#topic-05'>" in html
    assert "<h2 id='topic-04'>" in html and "<h2 id='topic-05'>" in html
    assert "not loaded: there is no file 05_tasks_futures.py" in html
    assert "<pre class='printed'>starting 10 sleeps\nsleep 0" in html
    assert html.count("<svg") == 2  # the timelines, as before
