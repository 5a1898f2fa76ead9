"""Outcome records count only when signed with the run's key, which learner code never sees."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest
from submissions import EXERCISES

from grader import signing
from grader.catalog import ROOT, load_catalog
from grader.grading.records import RecordError, parse_records
from grader.grading.runner import DEFAULT_LIMITS, grade_topic

TOPIC = next(topic for topic in load_catalog() if topic.stem == "04_async_await")


def signed(key: bytes, records: list[dict]) -> bytes:
    lines = []
    for number, record in enumerate(records, start=1):
        text = json.dumps(record)
        lines.append(f"{text}{signing.SEPARATOR}{signing.signature(key, number, text)}\n")
    return "".join(lines).encode()


RECORDS = [{"collected": []}, {"finished": True, "exitstatus": 0}]


def test_signed_records_are_read():
    key = signing.new_key()
    assert parse_records(signed(key, RECORDS), key=key) == RECORDS


@pytest.mark.parametrize(
    "forge",
    [
        lambda key, data: data.replace(b"\t", b" "),  # no signature
        lambda key, data: signed(signing.new_key(), RECORDS),  # another run's key
        lambda key, data: b"".join(reversed(data.splitlines(keepends=True))),  # reordered
        lambda key, data: data + data.splitlines(keepends=True)[0],  # replayed
    ],
    ids=["unsigned", "other-key", "reordered", "replayed"],
)
def test_records_not_signed_for_this_run_are_refused(forge):
    key = signing.new_key()
    with pytest.raises(RecordError, match="not signed"):
        parse_records(forge(key, signed(key, RECORDS)), key=key)


def collected_tests() -> list[tuple[str, int]]:
    """The suite's test ids and tasks, as pytest collects them."""
    listing = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", str(TOPIC.test_file)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    tests = [line for line in listing.splitlines() if "::" in line]
    source = TOPIC.test_file.read_text(encoding="utf-8")
    return [(test, _task_of(source, test.split("::")[1].split("[")[0])) for test in tests]


def _task_of(source: str, name: str) -> int:
    above = source[: source.index(f"def {name}(")]
    return int(above.rsplit("@task(", 1)[1].split(")")[0].split(",")[0])


def test_records_forged_on_the_outcome_pipe_earn_nothing(tmp_path):
    """The stub, plus code that writes a valid pass for every test, then stops itself."""
    forged = [
        {"test": test, "when": "call", "task": task, "outcome": "passed", "message": "",
         "timelines": [], "duration": 0.01}
        for test, task in collected_tests()
    ]  # fmt: skip
    code = (
        "import json, os, signal, sys\n"
        "fd = int(next(a for a in sys.argv if a.startswith('--outcomes-fd=')).split('=')[1])\n"
        f"for record in {forged!r}:\n"
        "    os.write(fd, (json.dumps(record) + '\\n').encode())\n"
        "os.kill(os.getpid(), signal.SIGSTOP)\n"
    ).replace("None", "None")
    stub = (EXERCISES / TOPIC.filename).read_text(encoding="utf-8")
    (tmp_path / TOPIC.filename).write_text(f"{stub}\n{code}", encoding="utf-8")
    limits = dataclasses.replace(DEFAULT_LIMITS, topic_timeout=8)
    result = grade_topic(TOPIC, tmp_path, limits)
    assert result.score == 0
    assert "not signed" in result.problem
