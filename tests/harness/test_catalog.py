"""The catalog, the three folders and the stubs agree with one another."""

from __future__ import annotations

import pytest
from submissions import EXERCISES, SOLUTIONS, VARIANTS, task_definitions

from grader.catalog import ROOT, load_catalog, select_topics

TOPICS = load_catalog()
TOPIC_IDS = [topic.stem for topic in TOPICS]


def test_every_topic_file_belongs_to_the_catalog():
    stems = {topic.stem for topic in TOPICS}
    for folder, pattern in [
        (EXERCISES, "*.py"),
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
def test_stub_and_solution_share_statement_and_task_comments(topic):
    stub = (EXERCISES / topic.filename).read_text(encoding="utf-8")
    solution = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    assert stub.split('"""')[1] == solution.split('"""')[1], "the statements differ"
    numbers = [task.number for task in topic.tasks]
    assert sorted(task_definitions(solution)) == numbers
    assert sorted(task_definitions(stub)) == numbers
    assert stub.count("# TODO") >= len(numbers), "every task needs a # TODO in the stub"
    assert "# TODO" not in solution
    for number in numbers:
        assert f"Task {number}." in stub.split('"""')[1], (
            f"the statement does not describe task {number}"
        )


def test_topics_are_selected_by_number_or_name():
    first = TOPICS[0]
    assert select_topics(TOPICS, [first.number]) == [first]
    assert select_topics(TOPICS, [first.stem[3:]]) == [first]
    assert select_topics(TOPICS, [first.stem]) == [first]
    assert select_topics(TOPICS, []) == TOPICS
    with pytest.raises(ValueError, match="no topic matches 99"):
        select_topics(TOPICS, ["99"])
