"""Platforms teachers use: the Gradescope bundle, run on a folder laid out as Gradescope
lays it out, and the GitHub Classroom workflow's grading step."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import tempfile
import zipfile

import pytest
import yaml
from submissions import EXERCISES, SOLUTIONS

from grader.catalog import ROOT, load_catalog
from grader.commands import gradescope

# Gradescope's documented results.json format, as a checker (its "Autograder Specifications").
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}
TOP_LEVEL = {
    "score": (int, float),
    "execution_time": (int, float),
    "output": str,
    "output_format": str,
    "test_output_format": str,
    "test_name_format": str,
    "visibility": str,
    "stdout_visibility": str,
    "extra_data": dict,
    "tests": list,
}
PER_TEST = {
    "score": (int, float),
    "max_score": (int, float),
    "status": str,
    "name": str,
    "number": str,
    "output": str,
    "output_format": str,
    "name_format": str,
    "tags": list,
    "visibility": str,
    "extra_data": dict,
}


def check_gradescope_schema(document: dict) -> None:
    for key, value in document.items():
        assert key in TOP_LEVEL, f"unknown top-level key {key}"
        assert isinstance(value, TOP_LEVEL[key]), key
    assert "score" in document or all("score" in test for test in document["tests"])
    assert document.get("output_format", "simple_format") in FORMATS
    for test in document["tests"]:
        for key, value in test.items():
            assert key in PER_TEST, f"unknown test key {key}"
            assert isinstance(value, PER_TEST[key]), key
        assert test.get("status", "passed") in {"passed", "failed"}
        assert test.get("visibility", "visible") in VISIBILITY
        assert test.get("output_format", "text") in FORMATS
        assert 0 <= test["score"] <= test["max_score"]


@pytest.fixture
def autograder(tmp_path):
    """A folder like Gradescope's /autograder, with the bundle unpacked into source/."""
    bundle = gradescope.build(tmp_path / "gradescope.zip", ["01", "04"], "after_published")
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
        names = archive.namelist()
    assert {"setup.sh", "run_autograder", "requirements.txt"} <= set(names)
    assert not [name for name in names if name.startswith(("solutions/", "exercises/"))]
    for script in ("setup.sh", "run_autograder"):  # zip keeps the executable bit
        (root / "source" / script).chmod(0o755)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    return root


def run_autograder(root) -> dict:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    run = subprocess.run(
        ["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
        text=True, timeout=180,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_the_bundle_grades_a_submission_with_per_task_visibility(autograder):
    nested = autograder / "submission" / "my-work"  # students upload folders too
    nested.mkdir()
    (nested / "01_generators.py").write_text((SOLUTIONS / "01_generators.py").read_text())
    (nested / "04_async_await.py").write_text((EXERCISES / "04_async_await.py").read_text())
    document = run_autograder(autograder)
    check_gradescope_schema(document)
    scores = {test["number"]: test["score"] for test in document["tests"]}
    assert all(scores[n] > 0 for n in scores if n.startswith("01."))
    assert all(scores[n] == 0 for n in scores if n.startswith("04."))
    assert document["score"] == sum(scores.values())
    assert {test["visibility"] for test in document["tests"]} == {"after_published"}


def test_a_missing_file_is_named_and_scores_zero(autograder):
    (autograder / "submission" / "01_generators.py").write_text(
        (SOLUTIONS / "01_generators.py").read_text()
    )
    document = run_autograder(autograder)
    check_gradescope_schema(document)
    assert "Files not found in your submission: 04_async_await.py" in document["output"]


def test_setup_script_is_valid_bash():
    assert subprocess.run(["bash", "-n", str(ROOT / "gradescope" / "setup.sh")]).returncode == 0


def test_the_github_classroom_workflow_reports_every_task(tmp_path):
    """Run the workflow's grading step as Actions would, then read what it hands the reporter."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "classroom.yml").read_text())
    assert workflow["name"] == "Autograding Tests"  # the names of Classroom's own template
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    setup = next(step for step in steps if "setup-python" in step.get("uses", ""))
    assert setup["with"]["python-version"] == "3.13"  # every task is graded
    grading = next(step for step in steps if step.get("id") == "katas")
    # The Spanish edition is graded where the teacher sets the variable (KATAS_LANG=es).
    assert grading["env"]["KATAS_LANG"] == "${{ vars.KATAS_LANG }}"
    reporter = next(step for step in steps if "grading-reporter" in step.get("uses", ""))
    assert reporter["with"]["runners"] == "katas"
    assert "steps.katas.outputs.result" in reporter["env"]["KATAS_RESULTS"]
    # The step runs the grade session on Python 3.13; here the session is this interpreter.
    command = "pipx run nox -s grade --force-python 3.13 --"
    assert command in grading["run"]
    script = grading["run"].replace(command, f"{sys.executable} -m grader 04")
    script = script.replace("classroom-results.json", str(tmp_path / "classroom-results.json"))
    output = tmp_path / "github_output"
    run = subprocess.run(
        ["bash", "-e", "-c", script], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "GITHUB_OUTPUT": str(output), "PYTHONPATH": str(ROOT)}, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    key, _, encoded = output.read_text().strip().partition("=")
    assert key == "result"
    document = json.loads(base64.b64decode(encoded))
    assert document["version"] == 3
    assert document["status"] in {"pass", "fail", "error"}
    assert document["max_score"] == 11
    assert len(document["tests"]) == 7
    for test in document["tests"]:
        assert test["status"] in {"pass", "fail", "error"}
        assert {"name", "score", "message", "filename", "line_no", "duration"} <= set(test)
        assert test["test_code"] == "pipx run nox -s grade -- 04"  # works in a fresh clone
    comment = (ROOT / ".github" / "workflows" / "classroom.yml").read_text().splitlines()[1]
    section = comment.split('"')[1]
    assert f"### {section}" in (ROOT / "README.md").read_text()


def test_two_copies_of_a_topic_file_are_named_and_no_temporary_path_is_shown(autograder):
    upload = autograder / "submission"
    (upload / "01_generators.py").write_text((SOLUTIONS / "01_generators.py").read_text())
    (upload / "old").mkdir()
    (upload / "old" / "01_generators.py").write_text((EXERCISES / "01_generators.py").read_text())
    document = run_autograder(autograder)
    check_gradescope_schema(document)
    assert (
        "2 copies of 01_generators.py were found: graded 01_generators.py, not old/"
        in (document["output"])
    )
    assert all(test["score"] > 0 for test in document["tests"] if test["number"][:2] == "01")
    text = json.dumps(document)
    assert tempfile.gettempdir() + "/grade-" not in text
    assert "/submission-" not in text  # no flattened copy of the upload any more
    missing = next(test for test in document["tests"] if test["number"] == "04.1")
    assert "There is no file 04_async_await.py in your submission." in missing["output"]
    assert str(autograder) not in text  # no path of the machine that graded at all


def test_building_the_bundle_prints_the_total_points(tmp_path, capsys):
    assert gradescope.main(["build", "01", "04", "--out", str(tmp_path / "g.zip")]) == 0
    topics = [t for t in load_catalog() if t.number in {"01", "04"}]
    total = sum(task.points for topic in topics for task in topic.tasks)
    assert f"Set the assignment's total points to {total} (2 topic(s)," in capsys.readouterr().out


def test_setup_installs_a_python_that_grades_every_task():
    script = (ROOT / "gradescope" / "setup.sh").read_text()
    newest = max(task.min_python for t in load_catalog() for task in t.tasks if task.min_python)
    version = ".".join(map(str, newest))
    assert f"uv python install {version}" in script
    assert f"sys.version_info >= ({newest[0]}, {newest[1]})" in script


def test_the_codespace_opens_with_python_and_nox_ready():
    config = json.loads((ROOT / ".devcontainer" / "devcontainer.json").read_text())
    assert ":1-3.13-" in config["image"]
    assert config["postCreateCommand"].startswith("pipx install nox==")
    assert "nox -s grade --install-only" in config["postCreateCommand"]
