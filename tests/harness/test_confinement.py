"""Attacks on the grade from outside the learner's own process are blocked by the confinement.

Each test makes one attack of a kind (after the grade, on a classmate or another topic, on
the grader's files, on the reference solutions, on the grading process, on the records,
on the terminal) from a submission of topic 04, graded with ``--confine always``: the
operating system (bwrap, or unshare and setpriv as root) must stop it. Where the attack
reports what it could do, it prints into the test's output, which the grade keeps.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import site
import subprocess
import sys
import time
import uuid
import zipfile
from dataclasses import replace
from pathlib import Path

import psutil
import pytest
from submissions import EXERCISES, SOLUTIONS

from grader.catalog import load_catalog
from grader.commands import cli, gradescope
from grader.commands.classroom import grade_class
from grader.drawing import MAX_SPANS
from grader.grading import cgroups, runner
from grader.grading.confine import MAX_FILE_SIZE, SHM_SIZE, UNSHARE, available_tool
from grader.grading.records import EXIT_STATUSES, RecordError, parse_records
from grader.grading.results import results_document, write_results
from grader.grading.runner import Limits, grade_topic
from grader.grading.sanitize import HIDDEN_NOTE, clean
from grader.inside.timeline import Span, Timeline

TOPICS = {topic.stem: topic for topic in load_catalog()}
TOPIC = TOPICS["04_async_await"]
OTHER = TOPICS["01_generators"]
CONFINED = Limits(test_timeout=3, topic_timeout=30, memory_mib=1024, confine="always")

if not available_tool():
    # CI installs bubblewrap (.ci/run): there, a missing sandbox is a failure, not a skip.
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI must confine: install bubblewrap")
    pytest.skip("neither bwrap nor unshare can confine here", allow_module_level=True)

# Prints what the attack could do when greet is awaited (task 1 fails and keeps the output).
REPORT = "\nasync def greet(name):\n    print('ATTACK', ATTACK)\n    return 'no'\n"


def submission(folder: Path, code: str, **values: object) -> Path:
    """Topic 04's solution with ``code`` appended; ``values`` are defined before it."""
    folder.mkdir(parents=True, exist_ok=True)
    header = "".join(f"{name} = {value!r}\n" for name, value in values.items())
    source = (SOLUTIONS / TOPIC.filename).read_text(encoding="utf-8")
    (folder / TOPIC.filename).write_text(f"{source}\n\n{header}{code}\n", encoding="utf-8")
    return folder


def attack_output(result) -> str:
    task = next(t for t in result.tasks if t.task.number == 1)
    assert "ATTACK" in task.output, (task.message, result.problem)
    return task.output


def test_a_process_started_at_import_cannot_rewrite_the_results_afterwards(tmp_path):
    results = tmp_path / "results" / "results.json"
    marker = f"after-the-grade-{uuid.uuid4().hex}"
    code = (
        "import subprocess, sys\n"
        'LATER = f\'import time; time.sleep(2); open({RESULTS!r}, "w").write("forged")\'\n'
        "subprocess.Popen([sys.executable, '-c', LATER, MARKER], start_new_session=True,\n"
        "                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    )
    folder = submission(tmp_path / "sub", code, RESULTS=str(results), MARKER=marker)
    result = grade_topic(TOPIC, folder, CONFINED)
    write_results(results, results_document([result], 1.0))
    survivors = [p for p in psutil.process_iter(["cmdline"]) if marker in (p.info["cmdline"] or [])]
    assert survivors == []
    time.sleep(2.5)
    assert json.loads(results.read_text())["score"] == result.score == result.max_score


def test_a_class_run_cannot_touch_a_classmate_or_another_topic(tmp_path):
    classroom = tmp_path / "class"
    alice, mallory = classroom / "alice", classroom / "mallory"
    submission(alice, "")
    alice_file = (alice / TOPIC.filename).read_bytes()
    stub = (EXERCISES / OTHER.filename).read_text(encoding="utf-8")
    answer = (SOLUTIONS / OTHER.filename).read_text(encoding="utf-8")
    code = (
        "ATTACK = []\n"
        "for path, text in ((CLASSMATE, 'async def greet(name):\\n    return 0\\n'),\n"
        "                   (OTHER_TOPIC, ANSWER)):\n"
        "    try:\n"
        "        open(path, 'w').write(text)\n"
        "        ATTACK.append('wrote')\n"
        "    except OSError as error:\n"
        "        ATTACK.append(type(error).__name__)\n"
    )
    submission(
        mallory,
        code,
        CLASSMATE=str(alice / TOPIC.filename),
        OTHER_TOPIC=str(mallory / OTHER.filename),
        ANSWER=answer,
    )
    (mallory / OTHER.filename).write_text(stub, encoding="utf-8")
    grade_class(classroom, [TOPIC, OTHER], tmp_path / "grades", jobs=2, limits=CONFINED)
    assert (alice / TOPIC.filename).read_bytes() == alice_file
    assert (mallory / OTHER.filename).read_text(encoding="utf-8") == stub
    rows = (tmp_path / "grades" / "gradebook.csv").read_text().splitlines()
    alice_row = next(row for row in rows if row.startswith("alice,")).split(",")
    mallory_row = next(row for row in rows if row.startswith("mallory,")).split(",")
    assert alice_row[1] == str(sum(t.points for t in TOPIC.tasks))
    assert mallory_row[2] == "0"  # the stub of topic 01 stayed a stub


def outside_the_guard(payload: str) -> str:
    """Code that runs ``payload`` in a fresh Python, where the in-process guard is not."""
    return (
        "import subprocess, sys\n"
        f"PAYLOAD = {payload!r}\n"
        "ATTACK = subprocess.run([sys.executable, '-I', '-c', PAYLOAD], capture_output=True,\n"
        "                        text=True, timeout=10).stdout\n"
    )


ATTEMPT = (
    "def attempt(name, action):\n"
    "    try:\n"
    "        print(name, action())\n"
    "    except Exception as error:\n"
    "        print(name, 'blocked', type(error).__name__)\n"
)


def test_the_project_and_the_python_installation_cannot_be_written(tmp_path):
    suite = TOPIC.test_file
    before = suite.read_bytes()
    planted = Path(site.getsitepackages()[0]) / "sitecustomize.py"
    payload = (
        f"import os\nSUITE = {str(suite)!r}\nPLANTED = {str(planted)!r}\n{ATTEMPT}"
        "attempt('proc-root', lambda: open('/proc/self/root' + SUITE, 'a').write('# gone'))\n"
        "attempt('rename', lambda: os.rename(SUITE, SUITE + '.moved'))\n"
        "attempt('plant', lambda: open(PLANTED, 'w').write('import os'))\n"
    )
    folder = submission(tmp_path / "sub", outside_the_guard(payload) + REPORT)
    try:
        output = attack_output(grade_topic(TOPIC, folder, CONFINED))
    finally:  # put things back if the attack got through, before failing
        moved = Path(f"{suite}.moved")
        if moved.exists():
            moved.replace(suite)
        if suite.read_bytes() != before:
            suite.write_bytes(before)
        planted.unlink(missing_ok=True)
    assert output.count("blocked") == 3, output
    assert suite.read_bytes() == before
    assert not planted.exists()


def test_the_reference_solutions_cannot_be_read(tmp_path):
    solution = str(SOLUTIONS / TOPIC.filename)
    payload = (
        f"import os, subprocess\nSOLUTION = {solution!r}\n{ATTEMPT}"
        "attempt('proc-root', lambda: len(open('/proc/self/root' + SOLUTION).read()))\n"
        "attempt('cat', lambda: subprocess.run(['cat', SOLUTION], capture_output=True,\n"
        "        check=True).stdout[:20])\n"
        "def forked():\n"
        "    reader, writer = os.pipe()\n"
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        "        try:\n"
        "            os.write(writer, open(SOLUTION, 'rb').read()[:20])\n"
        "        finally:\n"
        "            os._exit(0)\n"
        "    os.close(writer)\n"
        "    os.waitpid(pid, 0)\n"
        "    data = os.read(reader, 4000)\n"
        "    if not data:\n"
        "        raise FileNotFoundError(SOLUTION)\n"
        "    return data\n"
        "attempt('fork', forked)\n"
    )
    folder = submission(tmp_path / "sub", outside_the_guard(payload) + REPORT)
    output = attack_output(grade_topic(TOPIC, folder, CONFINED))
    assert output.count("blocked") == 3, output


@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_a_topic_file_that_is_a_link_is_refused(tmp_path, link):
    folder = tmp_path / "sub"
    folder.mkdir()
    if link == "symbolic":
        (folder / TOPIC.filename).symlink_to(SOLUTIONS / TOPIC.filename)
    else:
        own = tmp_path / "elsewhere.py"
        own.write_text((SOLUTIONS / TOPIC.filename).read_text(encoding="utf-8"))
        os.link(own, folder / TOPIC.filename)
    result = grade_topic(TOPIC, folder, CONFINED)
    assert result.score == 0
    assert f"{link} link" in result.problem


def test_a_fifo_for_a_topic_file_does_not_hang_the_grade(tmp_path):
    folder = tmp_path / "sub"
    folder.mkdir()
    os.mkfifo(folder / TOPIC.filename)
    started = time.perf_counter()
    result = grade_topic(TOPIC, folder, CONFINED)
    assert time.perf_counter() - started < 10
    assert result.score == 0
    assert "not a regular file" in result.problem


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda path: path.mkdir(), "is a folder: the grader reads only regular files, not links"),
        (
            lambda path: path.write_bytes(b"#" * (MAX_FILE_SIZE + 1)),
            f"is larger than {MAX_FILE_SIZE // 1024} KiB, more than any topic needs",
        ),
    ],
    ids=["folder", "too-large"],
)
def test_a_topic_file_the_grader_will_not_read_is_named_with_the_reason(tmp_path, make, words):
    folder = tmp_path / "sub"
    folder.mkdir()
    make(folder / TOPIC.filename)
    result = grade_topic(TOPIC, folder, CONFINED)
    assert result.score == 0
    assert result.problem == f"{TOPIC.filename} {words}"


def test_the_grading_process_cannot_be_killed(tmp_path):
    code = (
        "import os, signal\n"
        "ATTACK = []\n"
        "seen = {int(p) for p in os.listdir('/proc') if p.isdigit()}\n"
        "for pid in {os.getppid(), GRADER, *seen}:\n"
        "    if pid in (GRADER, os.getppid()) and pid != os.getpid():\n"
        "        try:\n"
        "            os.kill(pid, signal.SIGKILL)\n"
        "            ATTACK.append(f'signalled {pid}')\n"
        "        except OSError as error:\n"
        "            ATTACK.append(type(error).__name__)\n"
    )
    folder = submission(tmp_path / "sub", code + REPORT, GRADER=os.getpid())
    result = grade_topic(TOPIC, folder, CONFINED)
    assert f"signalled {os.getpid()}" not in attack_output(result)
    assert psutil.pid_exists(os.getpid())  # and we are still here to say so


def test_forged_records_on_the_outcome_pipe_score_the_topic_0(tmp_path):
    code = (
        "import os\n"
        "for fd in range(3, 64):\n"
        "    try:\n"
        '        os.write(fd, b\'{"test": "forged", "outcome": "passed"}\\n\')\n'
        "    except OSError:\n"
        "        pass\n"
    )
    result = grade_topic(TOPIC, submission(tmp_path / "sub", code), CONFINED)
    assert result.score == 0
    assert "cannot trust" in result.problem
    assert all("cannot trust" in task.message for task in result.tasks)


def failed_with_timeline(timeline: str) -> bytes:
    """Records of one failed test carrying ``timeline`` (JSON text)."""
    return (
        b'{"collected": [{"test": "t", "task": 1}]}\n{"test": "t", "when": "call", "task": 1, '
        b'"outcome": "failed", "message": "m", "timelines": [' + timeline.encode() + b"], "
        b'"duration": 0.1}\n'
    )


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'{"collected": []}\n{"finished": true, "exitstatus": 0}\n{"finished": true}\n', "after"),
        (b'{"collected": [{"test": "t", "task": 1}]}\n{"test": "t", "when": "call", '
         b'"task": 1, "outcome": "passed", "message": "", "timelines": [], '
         b'"duration": NaN}\n', "NaN"),
        (b'{"collected": []}\n{"collected": []}\n', "second"),
        (b'[1, 2]\n', "not an object"),
        (b'{"collected": []}\n{"event": "tamper", "detail": 3, "during": null}\n', "string"),
        (b'{"collected": []}\n{"finished": true, "exitstatus": 0}\ntrailing', "after"),
        (failed_with_timeline('{"scene": 0, "peak": 1, "spans": [{"label": "a", "start": "a", '
                              '"end": "b", "outcome": "done"}]}'), "'start' is not a finite"),
        (failed_with_timeline('{"scene": 0, "peak": true, "spans": []}'), "'peak'"),
        (failed_with_timeline('{"scene": 0, "peak": 1, "spans": [{"label": "a", "start": 0, '
                              '"end": 1}]}'), "missing outcome"),
        (failed_with_timeline('{"scene": 0, "peak": 1, "spans": {}}'), "'spans' is not a list"),
        (failed_with_timeline('{"scene": -1, "peak": 1, "spans": []}'), "'scene'"),
        (b'{"collected": [{"test": "t", "task": 1}]}\n{"test": "t", "when": "teardown", '
         b'"task": 1, "outcome": "passed", "message": "", "timelines": [], "duration": 0, '
         b'"reach": ["f", 3]}\n', "'reach' is not a list of names"),
    ],
    ids=["after-finished", "nan", "two-collected", "not-an-object", "wrong-type", "trailing",
         "timeline-text-times", "timeline-peak", "timeline-span-keys", "timeline-spans",
         "timeline-scene",
         "reach-not-names"],
)  # fmt: skip
def test_records_that_are_not_the_plugins_are_refused(data, words):
    with pytest.raises(RecordError, match=words):
        parse_records(data)


def test_a_finished_record_carries_one_of_pytests_exit_codes():
    assert set(EXIT_STATUSES) == {int(code) for code in pytest.ExitCode}
    for status in (-9, 137):  # what a process killed by SIGKILL reports
        with pytest.raises(RecordError, match="exit codes"):
            parse_records(b'{"collected": []}\n{"finished": true, "exitstatus": %d}\n' % status)


def test_a_timeline_keeps_its_first_spans_only_and_its_record_is_read():
    timeline = Timeline()
    for number in range(MAX_SPANS + 5):
        timeline.spans.append(Span(f"op{number}", start=0.0, end=1.0))
    data = {**timeline.as_data(), "scene": 0}
    assert [span["label"] for span in data["spans"]] == [f"op{n}" for n in range(MAX_SPANS)]
    records = parse_records(failed_with_timeline(json.dumps(data)))
    assert records[1]["timelines"] == [data]


def test_escape_codes_paths_and_the_suite_never_reach_a_message(tmp_path):
    suite_line = next(
        line.strip()
        for line in TOPIC.test_file.read_text().splitlines()
        if "topic.greet" in line and len(line.strip()) > 20
    )
    code = (
        "async def greet(name):\n"
        "    raise ValueError('\\x1b[2J\\x1b]0;owned\\x07\\x9b31m' + __file__ + '\\n' + LINE)\n"
    )
    folder = submission(tmp_path / "sub", code, LINE=suite_line)
    task = grade_topic(TOPIC, folder, CONFINED).tasks[0]
    assert task.status == "failed"
    controls = [c for c in task.message if ord(c) < 32 or 0x7F <= ord(c) <= 0x9F]
    assert set(controls) <= {"\n", "\t"}, controls
    assert "/tmp" not in task.message and "grade-" not in task.message
    assert TOPIC.filename in task.message
    assert suite_line not in task.message
    assert clean(f"x\n  {suite_line}\n", suite=TOPIC.test_file) == f"x\n{HIDDEN_NOTE}\n"


def test_unconfined_still_grades_and_says_so(capsys):
    result = grade_topic(TOPIC, SOLUTIONS, Limits(confine="never"))
    assert result.confinement == ""
    assert result.score == result.max_score
    assert cli.main(["04", "--submission", str(SOLUTIONS), "--confine", "never", "-q"]) == 0
    assert "Ran unconfined" in capsys.readouterr().out


def test_a_confined_run_says_which_tool_and_which_python():
    result = grade_topic(TOPIC, SOLUTIONS, CONFINED)
    assert result.confinement in {"bwrap", "unshare"}
    assert result.score == result.max_score
    assert result.python == ".".join(map(str, sys.version_info[:3]))


@pytest.mark.skipif(
    not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("unshare")),
    reason="the unshare fallback needs root and util-linux",
)
def test_the_unshare_fallback_confines_the_same(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "choose_tool", lambda mode: UNSHARE)
    assert grade_topic(TOPIC, SOLUTIONS, CONFINED).score == sum(t.points for t in TOPIC.tasks)
    payload = (
        f"import os\nSOLUTION = {str(SOLUTIONS / TOPIC.filename)!r}\n{ATTEMPT}"
        "attempt('read', lambda: len(open(SOLUTION).read()))\n"
        "attempt('uid', lambda: os.getuid() == 65534 or 1 / 0)\n"
    )
    folder = submission(tmp_path / "sub", outside_the_guard(payload) + REPORT)
    result = grade_topic(TOPIC, folder, CONFINED)
    output = attack_output(result)
    assert result.confinement == UNSHARE
    assert "read blocked" in output and "uid True" in output, output


# Fills /dev/shm a MiB at a time, up to a little more than its cap: shared memory is counted
# in no limit of the process's own.
FILL_SHARED_MEMORY = (
    "import os\n"
    "written = 0\n"
    "try:\n"
    "    with open('/dev/shm/filler', 'wb') as handle:\n"
    f"        while written < {SHM_SIZE + (8 << 20)}:\n"
    "            handle.write(bytes(1 << 20))\n"
    "            handle.flush()\n"
    "            written += 1 << 20\n"
    "except OSError as error:\n"
    "    print('shm full', written >> 20, type(error).__name__)\n"
    "else:\n"
    "    print('shm unbounded', written >> 20)\n"
)


@pytest.mark.parametrize("tool", ["bwrap", UNSHARE])
def test_shared_memory_is_capped(tool, tmp_path, monkeypatch):
    if tool == "bwrap" and available_tool() != "bwrap":
        pytest.skip("bwrap is not installed here")
    monkeypatch.setattr(runner, "choose_tool", lambda mode: tool)
    folder = submission(tmp_path / "sub", outside_the_guard(FILL_SHARED_MEMORY) + REPORT)
    output = attack_output(grade_topic(TOPIC, folder, CONFINED))
    assert f"shm full {SHM_SIZE >> 20} OSError" in output, output


def test_unconfined_no_process_outlives_the_run_either(tmp_path):
    marker = f"unconfined-{uuid.uuid4().hex}"
    code = (
        "import subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)', MARKER],\n"
        "                 start_new_session=True)\n"
    )
    folder = submission(tmp_path / "sub", code, MARKER=marker)
    result = grade_topic(TOPIC, folder, Limits(test_timeout=3, topic_timeout=30, confine="never"))
    assert result.confinement == ""
    survivors = [p for p in psutil.process_iter(["cmdline"]) if marker in (p.info["cmdline"] or [])]
    assert survivors == []


def test_the_gradescope_bundle_confines_the_submission(tmp_path):
    bundle = gradescope.build(tmp_path / "gradescope.zip", ["04"], "visible")
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    (root / "results").mkdir()
    results = root / "results" / "results.json"
    payload = (
        f"import os, time\nRESULTS = {str(results)!r}\n"
        "if os.fork() == 0:\n"
        "    time.sleep(2)\n"
        "    open(RESULTS, 'w').write('{\"score\": 999}')\n"
        "    os._exit(0)\n"
        "open(RESULTS, 'w').write('{\"score\": 999}')\n"
    )
    code = outside_the_guard(payload).replace("subprocess.run(", "subprocess.Popen(")
    # No token in its environment, a session of its own: what the unconfined clean-up misses.
    code = code.replace(", capture_output=True,\n", ",\n")
    code = code.replace("timeout=10).stdout", "env={}, start_new_session=True)")
    submission(root / "submission", code)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    run = subprocess.run(
        ["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    time.sleep(2.5)
    document = json.loads(results.read_text())
    assert document["score"] == sum(task.points for task in TOPIC.tasks)


START_PROCESSES = (
    "import os, time\n"
    "children = []\n"
    "for _ in range(64):\n"
    "    try:\n"
    "        pid = os.fork()\n"
    "    except OSError as error:\n"
    "        print('capped at', len(children), type(error).__name__)\n"
    "        break\n"
    "    if pid == 0:\n"
    "        time.sleep(5)\n"
    "        os._exit(0)\n"
    "    children.append(pid)\n"
    "else:\n"
    "    print('not capped', len(children))\n"
    "for pid in children:\n"
    "    os.kill(pid, 9)\n"
    "    os.waitpid(pid, 0)\n"
)


@pytest.fixture
def run_groups(monkeypatch) -> list[tuple[cgroups.RunGroup, bool]]:
    """The control groups each run of this test was given, and whether its memory ran out."""
    if not cgroups.available():
        pytest.skip("the grader cannot make control groups here")
    made, capped = [], cgroups.capped

    @contextlib.contextmanager
    def noted(*args):
        with capped(*args) as group:
            yield group
            made.append((group, group.memory_ran_out()))

    monkeypatch.setattr(cgroups, "capped", noted)
    return made


@pytest.mark.parametrize("tool", ["bwrap", UNSHARE])
def test_a_run_holds_no_more_processes_and_threads_than_its_cap(
    tool, tmp_path, monkeypatch, run_groups
):
    if tool == "bwrap" and available_tool() != "bwrap":
        pytest.skip("bwrap is not installed here")
    monkeypatch.setattr(runner, "choose_tool", lambda mode: tool)
    folder = submission(tmp_path / "sub", outside_the_guard(START_PROCESSES) + REPORT)
    output = attack_output(grade_topic(TOPIC, folder, replace(CONFINED, tasks_max=24)))
    words = output.split()
    assert words[1:3] == ["capped", "at"], output
    assert 0 < int(words[3]) < 24
    [(group, _memory_ran_out)] = run_groups
    assert group.folders and not any(folder.exists() for folder in group.folders), (
        "the run's groups were left behind"
    )


# Four processes that each hold 96 MiB, well under their own address-space limit.
HOLD_MEMORY = (
    "import os, time\n"
    "children = []\n"
    "for _ in range(4):\n"
    "    pid = os.fork()\n"
    "    if pid == 0:\n"
    "        block = b'x' * (96 << 20)\n"
    "        time.sleep(1)\n"
    "        os._exit(0)\n"
    "    children.append(pid)\n"
    "ended = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]\n"
    "print('killed', ended.count(-9), 'of', len(ended))\n"
)


def test_a_runs_processes_together_hold_no_more_memory_than_its_cap(
    tmp_path, monkeypatch, run_groups
):
    folder = submission(tmp_path / "sub", outside_the_guard(HOLD_MEMORY) + REPORT)
    # Four children filling memory on a loaded machine take seconds: the import may too.
    limits = replace(CONFINED, memory_mib=256, test_timeout=15)
    output = attack_output(grade_topic(TOPIC, folder, limits))
    words = output.split()
    assert words[1] == "killed" and int(words[2]) > 0, output
    assert [ran_out for _group, ran_out in run_groups] == [True]


@pytest.mark.parametrize("ran_out", [True, False])
def test_a_run_ended_for_its_memory_says_so(ran_out, tmp_path, monkeypatch):
    class Group(cgroups.RunGroup):
        def memory_ran_out(self) -> bool:
            return ran_out

    monkeypatch.setattr(cgroups, "capped", lambda *caps: contextlib.nullcontext(Group()))
    end_the_test_process = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"
    folder = submission(tmp_path / "sub", outside_the_guard(end_the_test_process))
    result = grade_topic(TOPIC, folder, CONFINED)
    memory = f"held more than {CONFINED.memory_mib} MiB of memory"
    assert (memory in result.problem) is ran_out, result.problem
    assert ("SIGKILL" in result.problem) is not ran_out, result.problem


@pytest.mark.parametrize(
    ("file", "text", "ran_out"),
    [
        ("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n", True),
        ("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n", False),
        ("memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n", True),
        ("memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n", False),
    ],
)
def test_a_group_tells_whether_the_kernel_ended_a_process_for_memory(tmp_path, file, text, ran_out):
    (tmp_path / file).write_text(text)
    assert cgroups.RunGroup([tmp_path]).memory_ran_out() is ran_out


def test_every_grade_sees_sets_in_the_same_order(tmp_path):
    code = "ATTACK = list({'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'})"
    folder = submission(tmp_path / "sub", code + REPORT)
    orders = {attack_output(grade_topic(TOPIC, folder, CONFINED)) for _ in range(2)}
    assert len(orders) == 1, orders  # one hash seed: 1 in 40,320 for two random ones


def test_a_cap_the_kernel_refuses_leaves_the_run_to_go_on(monkeypatch):
    if not cgroups.available():
        pytest.skip("the grader cannot make control groups here")

    def refused(group, controller, value):
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(cgroups, "_set_cap", refused)
    with cgroups.capped(24, 256) as group:
        assert group.folders and group.enter[:2] == ["sh", "-c"]
    assert not any(folder.exists() for folder in group.folders)
