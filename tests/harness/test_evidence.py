"""The suites' records sealed: every change announced, so the guard can refuse the learner's."""

from __future__ import annotations

import ast
import asyncio
import collections
import subprocess
import sys
import textwrap

import pytest

from grader.catalog import ROOT
from grader.inside.evidence import (
    PlainEvidence,
    learner_may_change,
    learners_values,
    plain_type,
    record,
    seal_class,
)
from grader.inside.guard import FAKES_MODULES
from grader.inside.suite import same, show

SUITES = sorted((ROOT / "tests").glob("test_[0-9][0-9]_*.py"))
SHARED_FAKES = [ROOT / (name.replace(".", "/") + ".py") for name in FAKES_MODULES]
EMPTY = ("[]", "{}", "set()", "deque()", "collections.deque()")


def announced_in_a_fresh_process(code: str) -> list[tuple[str, str]]:
    """The (what, name) of each EVIDENCE_WRITE that ``code`` raises (run in its own process:
    an audit hook cannot be taken back)."""
    program = (
        "import sys\nfrom grader.inside import evidence\nheard = []\n"
        "def hear(event, args):\n"
        "    if event == evidence.EVIDENCE_WRITE:\n"
        "        heard.append(args[:2])\n"
        "sys.addaudithook(hear)\n" + textwrap.dedent(code) + "\nprint(repr(heard))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


def test_a_sealed_class_announces_every_write_and_its_records_every_change():
    heard = announced_in_a_fresh_process(
        """
        class Fake:
            def __init__(self):
                self.calls = evidence.record()
        evidence.seal_class(Fake)
        fake = Fake()
        fake.calls.append(1)
        fake.calls[:] = []
        del fake.calls
        """
    )
    assert heard == [
        ("Fake", "calls"),
        ("Fake.calls", "append"),
        ("Fake.calls", "__setitem__"),
        ("Fake", "calls"),
    ]


def test_a_write_through_the_attribute_dict_is_announced_too():
    heard = announced_in_a_fresh_process(
        """
        class Fake:
            def __init__(self):
                self.count = 0
        evidence.seal_class(Fake)
        fake = Fake()
        vars(fake)["count"] = 1
        fake.__dict__.update(count=2)
        assert fake.count == 2
        """
    )
    assert heard == [
        ("Fake", "count"),
        ("Fake.__dict__", "__setitem__"),
        ("Fake.__dict__", "update"),
    ]


def test_what_a_statement_lets_the_learner_change_is_not_announced():
    heard = announced_in_a_fresh_process(
        """
        @evidence.learner_may_change("items")
        class Shelf:
            pass
        evidence.seal_class(Shelf)
        shelf = Shelf()
        shelf.items = 1
        shelf.count = 2
        """
    )
    assert heard == [("Shelf", "count")]


def test_exceptions_event_loops_and_tasks_are_left_to_their_own_rules():
    class Failure(Exception):
        pass

    class Loop(asyncio.SelectorEventLoop):
        pass

    class WatchedTask(asyncio.Task):  # asyncio.gather marks the tasks it is handed
        pass

    assert not seal_class(Failure)
    assert not seal_class(Loop)
    assert not seal_class(WatchedTask)
    assert Failure.__setattr__ is Exception.__setattr__


def test_a_subclass_of_a_sealed_class_is_sealed_once():
    class Base:
        pass

    class Child(Base):
        pass

    assert seal_class(Base)
    assert not seal_class(Child)
    assert Child.__setattr__ is Base.__setattr__


def test_a_class_open_to_the_learner_keeps_its_own_setattr_behind_the_seal():
    @learner_may_change("items")
    class Counted:
        def __setattr__(self, name, value):
            object.__setattr__(self, "changes", getattr(self, "changes", 0) + 1)
            object.__setattr__(self, name, value)

    seal_class(Counted)
    counted = Counted()
    counted.items = [1]
    assert (counted.items, counted.changes) == ([1], 1)


@pytest.mark.parametrize("kind", [list, dict, set, collections.deque])
def test_a_record_is_the_container_it_stands_for(kind):
    made = record(kind)
    plain = kind()
    assert plain_type(made) is kind
    assert made == plain
    assert same(made, plain)
    assert show(made) == show(plain)


class LyingFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class LyingText(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def test_a_record_keeps_what_it_is_handed_as_plain_values():
    """A value of a subclass the learner's code hands a fake (an always-equal float) is kept
    as the value it holds: the suite's == on the record compares the truth."""
    calls = record(label="calls")
    calls.append(("sleep", LyingFloat(0.02)))
    calls.extend([LyingText("a")])
    calls.insert(0, [LyingFloat(1.0)])
    assert calls == [[1.0], ("sleep", 0.02), "a"]
    assert calls != [[1.0], ("sleep", 0.04), "a"]
    assert [type(each) for each in calls] == [list, tuple, str]
    sizes = record(dict, "sizes")
    sizes[LyingText("k")] = LyingFloat(2.0)
    sizes.update({"j": LyingFloat(3.0)})
    assert sizes == {"k": 2.0, "j": 3.0} and sizes != {"k": 2.0, "j": 4.0}
    names = record(set, "names")
    names.add(LyingText("a"))
    names |= [LyingText("b")]
    assert names == {"a", "b"} and names != {"a", "c"}
    names.discard(LyingText("a"))
    assert names == {"b"}
    kept = object()
    calls.append(kept)
    assert calls[-1] is kept  # an object is kept as itself


def test_a_list_record_is_no_list_so_no_lists_method_reaches_past_its_own():
    import heapq

    made = record()
    made.append(1)
    for past in (lambda: list.append(made, 2), lambda: heapq.heappush(made, 0)):
        with pytest.raises(TypeError):
            past()

    class Plain(list):
        __slots__ = ("label",)

    with pytest.raises(TypeError):
        made.__class__ = Plain
    assert made == [1]
    joined = (made.__add__([2]), made.__radd__([0]))  # what + calls on either side
    assert (*joined, made[:], sorted(made)) == ([1, 2], [0, 1], [1], [1])


def test_a_record_is_named_after_the_attribute_it_is_set_to():
    class Fake:
        pass

    seal_class(Fake)
    fake = Fake()
    fake.calls = record()
    fake.named = record(label="kept.named")
    assert (fake.calls.label, fake.named.label) == ("Fake.calls", "kept.named")


def test_what_the_learner_may_set_is_kept_as_the_plain_value_it_holds():
    """An attribute the statement leaves to the learner's code (a shelf's items) keeps an
    always-equal int of the code's as the int it holds: the suite's == compares the truth."""

    @learner_may_change("items")
    class Shelf:
        pass

    seal_class(Shelf)
    shelf = Shelf()
    shelf.items = LyingInt(3)
    assert type(shelf.items) is int and shelf.items == 3 and shelf.items != 4


class LyingInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


def empty_records_started_plain(path) -> list[str]:
    """``self.name = []`` (or ``{}``, ``set()``, ``deque()``) in a class of ``path``: a fake's
    record that would not announce its changes, nor keep what it is handed plain; a
    function's empty local that a function inside it fills (a callback handed to the code
    under test: what it is handed would meet the suite's ``==`` as the code made it); and a
    plain ``SimpleNamespace``, which the code under test can set anything on (a sealed class
    of the suite's, with :func:`learner_may_change`, keeps what it is set to plain)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            if ast.unparse(node.value) not in EMPTY:
                continue
            every = node.targets if isinstance(node, ast.Assign) else [node.target]
            targets = [t for t in every if isinstance(t, ast.Attribute)]
            if any(ast.unparse(t.value) == "self" for t in targets):
                found.append(f"{path.name}:{node.lineno}")
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found += [f"{path.name}:{line}" for line in _filled_by_callbacks(node)]
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("SimpleNamespace"):
            found.append(f"{path.name}:{node.lineno}")  # unsealed: set to anything, kept so
    return sorted(set(found), key=lambda where: int(where.rpartition(":")[2]))


FILLS = frozenset({"append", "extend", "insert", "add", "update", "setdefault", "appendleft"})


def _filled_by_callbacks(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[int]:
    """The lines of ``function``'s empty locals that a function or lambda inside it fills."""
    empty = {
        target.id: statement.lineno
        for statement in function.body
        if isinstance(statement, ast.Assign) and ast.unparse(statement.value) in EMPTY
        for target in statement.targets
        if isinstance(target, ast.Name)
    }
    inner = [
        node
        for node in ast.walk(function)
        if node is not function
        and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
    ]
    return sorted(
        {
            empty[node.value.id]
            for each in inner
            for node in ast.walk(each)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in empty
            and node.attr in FILLS
        }
    )


@pytest.mark.parametrize("path", SUITES + SHARED_FAKES, ids=lambda path: path.stem)
def test_every_fake_starts_its_records_with_record(path):
    assert empty_records_started_plain(path) == [], "use evidence.record() (or record(dict))"


def test_a_record_started_plain_is_found(tmp_path):
    fake = tmp_path / "test_99_fake.py"
    fake.write_text(
        "class Fake:\n    def __init__(self):\n        self.calls = []\n"
        "        self.seen: set = set()\n        self.kept = record()\n"
    )
    assert empty_records_started_plain(fake) == ["test_99_fake.py:3", "test_99_fake.py:4"]
    fake.write_text(
        "def test_x(topic):\n    steps = []\n    kept = record()\n    mine = []\n"
        "    topic.job(lambda step: steps.append(step), kept.append)\n    mine.append(1)\n"
    )
    assert empty_records_started_plain(fake) == ["test_99_fake.py:2"]


def test_the_shared_fakes_modules_exist():
    assert all(path.is_file() for path in SHARED_FAKES), SHARED_FAKES


def test_a_sealed_object_refuses_a_plain_container_under_a_public_name():
    """What a fake is handed or sees lives in records: a plain list in it could be changed by
    any code that reaches it, without a word (a suite author's mistake, found by any run)."""

    @learners_values("result")
    class Fake:
        def __init__(self, events):
            self.events = events

    seal_class(Fake)
    with pytest.raises(PlainEvidence, match=r"Fake\.events was set to a plain list"):
        Fake([])
    fake = Fake(record())
    fake._own_parts = collections.deque()  # a library base class's own: its methods change it
    fake.result = ["what", "the", "learner", "returned"]
    fake.rows = ("read", "only")
    assert plain_type(fake.events) is list
