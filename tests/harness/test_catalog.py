"""The catalog, the three folders and the stubs agree; stubs are generated from the solutions."""

from __future__ import annotations

import re

import pytest
from submissions import SOLUTIONS, VARIANTS

from grader.catalog import ROOT, load_catalog, select_topics
from grader.commands.stubs import drifted_stubs
from grader.stubs import marked_tasks, stub_source, task_stub_source

TOPICS = load_catalog()
TOPIC_IDS = [topic.stem for topic in TOPICS]


def test_every_topic_file_belongs_to_the_catalog():
    stems = {topic.stem for topic in TOPICS}
    for folder, pattern in [
        (ROOT / "exercises", "[0-9][0-9]_*.py"),  # a learner's own modules may stand beside
        (SOLUTIONS, "*.py"),
        (ROOT / "tests", "test_*.py"),
    ]:
        found = {path.stem.removeprefix("test_") for path in folder.glob(pattern)}
        assert found == stems, f"{folder.name}/ and tests/topics.toml disagree"
    variant_topics = {path.name for path in VARIANTS.iterdir() if path.is_dir()}
    assert variant_topics <= stems


@pytest.mark.parametrize("topic", TOPICS, ids=TOPIC_IDS)
def test_tasks_are_numbered_from_one(topic):
    assert [task.number for task in topic.tasks] == list(range(1, len(topic.tasks) + 1))
    assert all(task.points > 0 for task in topic.tasks)


@pytest.mark.parametrize("topic", TOPICS, ids=TOPIC_IDS)
def test_stubs_are_generated(topic):
    """exercises/ holds each stub as the generator makes it (or, where a learner's work stands
    in its place, the last commit does)."""
    solution = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    stubs = {topic.filename: stub_source(solution)}
    assert drifted_stubs(stubs, ROOT / "exercises") == [], (
        f"exercises/{topic.filename} is not what the generator makes from "
        f"solutions/{topic.filename}: run `python -m grader.commands.stubs` (nox -s stubs)"
    )


@pytest.mark.parametrize("topic", TOPICS, ids=TOPIC_IDS)
def test_every_task_is_marked_and_its_stub_has_a_todo(topic):
    solution = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    numbers = [task.number for task in topic.tasks]
    assert sorted(marked_tasks(solution)) == numbers, (
        "every task needs a '# Task N' comment with at least one marked region below it"
    )
    stub = stub_source(solution)
    statement = stub.split('"""')[1]
    for number in numbers:
        assert f"Task {number}." in statement, f"the statement does not describe task {number}"
        assert "# TODO" in task_section(stub, number), f"task {number} has no # TODO in the stub"
        mutant = task_stub_source(solution, number)
        assert "# TODO" in task_section(mutant, number)
        assert mutant != solution, f"task {number}'s stub form changes nothing"


def task_section(source: str, number: int) -> str:
    """The lines from the ``# Task N`` comment to the next task's."""
    section = source.split(f"\n# Task {number}\n", 1)[1]
    return re.split(r"\n# Task \d+\n", section, maxsplit=1)[0]


def test_topics_are_selected_by_number_or_name():
    first = TOPICS[0]
    assert select_topics(TOPICS, [first.number]) == [first]
    assert select_topics(TOPICS, [first.stem[3:]]) == [first]
    assert select_topics(TOPICS, [first.stem]) == [first]
    assert select_topics(TOPICS, []) == TOPICS
    with pytest.raises(ValueError, match="no topic matches 99"):
        select_topics(TOPICS, ["99"])
