"""Code under test cannot skip its own checks: a skip or xfail it raises fails the task."""

from __future__ import annotations

import pytest
from submissions import SOLUTIONS

from grader.catalog import load_catalog
from grader.grading.runner import grade_topic, score_records

TOPIC = next(topic for topic in load_catalog() if topic.stem == "04_async_await")

CASES = {
    "skip_in_a_function": (
        "import pytest\nasync def save_all(store, items):\n    pytest.skip('not today')",
        "skip",
    ),
    "xfail_in_a_function": (
        "import pytest\nasync def save_all(store, items):\n    pytest.xfail('known')",
        "xfail",
    ),
    "skip_raised_from_outside_the_file": (
        "import pytest\nasync def save_all(store, items):\n"
        "    list(map(pytest.skip, ['elsewhere']))",
        "skip",
    ),
    "skip_exception_raised_directly": (
        "import pytest\nasync def save_all(store, items):\n"
        "    raise pytest.skip.Exception('direct')",
        "skip",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_a_skip_from_the_code_under_test_fails_the_task(name, tmp_path):
    code, word = CASES[name]
    solution = (SOLUTIONS / TOPIC.filename).read_text(encoding="utf-8")
    (tmp_path / TOPIC.filename).write_text(f"{solution}\n\n{code}\n", encoding="utf-8")
    result = grade_topic(TOPIC, tmp_path)
    save_all = next(r for r in result.tasks if "save_all" in r.task.title)
    assert save_all.status == "failed"
    assert word in save_all.message
    assert result.max_score == sum(task.points for task in TOPIC.tasks)


def test_a_skip_at_import_is_a_load_error(tmp_path):
    (tmp_path / TOPIC.filename).write_text(
        "import pytest\npytest.skip('whole module', allow_module_level=True)\n", encoding="utf-8"
    )
    result = grade_topic(TOPIC, tmp_path)
    assert [r.status for r in result.tasks] == ["failed"] * len(TOPIC.tasks)
    assert result.max_score == sum(task.points for task in TOPIC.tasks)


def test_a_skipped_record_never_leaves_an_ungated_task_uncounted():
    test = "tests/test_04_async_await.py::test_x"
    records = [
        {"collected": [{"test": test, "task": 1}]},
        {"test": test, "when": "call", "task": 1, "outcome": "skipped", "message": "later"},
        {"finished": True, "exitstatus": 0},
    ]
    result = score_records(TOPIC, records)
    first = next(r for r in result.tasks if r.task.number == 1)
    assert first.status == "failed"
    assert "skipped check does not count" in first.message
