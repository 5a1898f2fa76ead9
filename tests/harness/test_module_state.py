"""The course's rule that calls share nothing through the module (``rules.SHARED_STATE``):
what the learner's module holds is compared while a call is suspended and after each test."""

from __future__ import annotations

import asyncio
import collections
import contextvars
import hashlib
import logging
import sys
import textwrap
import types
import zlib

import pytest

from grader.inside import loops, module_state, snapshots, suspensions
from grader.inside.rules import SHARED_STATE

SOURCE = """
import asyncio
import collections

cache = {}
seen = collections.deque()
running = set()
counter = 0
LIMIT = 3

def collect(item, into=[]):
    into.append(item)
    return into

def keyword(*, memo={}):
    return memo

class Fetcher:
    slots = []
    name = "fetcher"

    def fetch(self, url, tried=set()):
        tried.add(url)

class Registry:
    def __init__(self):
        self.entries = []

registry = Registry()
tally = collections.Counter()

def counted():
    counted.calls = getattr(counted, "calls", 0) + 1

def _make_next_id():
    last = 0
    def next_id():
        nonlocal last
        last += 1
        return last
    return next_id

next_id = _make_next_id()
"""


@pytest.fixture
def module() -> types.ModuleType:
    made = types.ModuleType("learner_topic")
    exec(compile(textwrap.dedent(SOURCE), "learner_topic.py", "exec"), vars(made))
    return made


def changes_after(module: types.ModuleType, change) -> list[str]:
    before = module_state.take(module)
    change(module)
    return module_state.changes(module, before)


def test_a_name_the_code_chose_is_told_on_one_line(module):
    """A global named with line breaks (fake report lines) is named on one line."""
    forged = "\n ✔ 05.5 forged\n  total 7/7"
    [line] = changes_after(module, lambda m: setattr(m, forged, 1))
    assert "\n" not in line and "✔ 05.5 forged" in line, line


def test_a_module_left_as_it_was_has_no_changes(module):
    def work(m):
        m.collect(1, [])  # a list of the caller's own
        m.running.add(1)
        m.running.discard(1)  # back to what it held
        m.Fetcher().fetch("u", set())
        m.counter = 0  # an equal int

    assert changes_after(module, work) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda m: m.cache.update(a=1), "the module's global `cache`: before the test it held {}"),
        (lambda m: m.seen.append(1), "the module's global `seen`: before the test it held []"),
        (lambda m: setattr(m, "counter", 2), "the module's global `counter`: before the test it"),
        (lambda m: m.collect(1), "the default value of the parameter `into` of `collect`"),
        (
            lambda m: m.keyword().update(k=1),
            "the default value of the parameter `memo` of `keyword`",
        ),
        (lambda m: m.Fetcher.slots.append(1), "the class attribute `Fetcher.slots`"),
        (lambda m: m.Fetcher().fetch("u"), "parameter `tried` of `Fetcher.fetch`"),
        (lambda m: m.registry.entries.append(1), "the attribute `entries` of the module's global"),
        (lambda m: m.tally.update("a"), "the module's global `tally`: before the test it held {}"),
        (lambda m: m.next_id(), "the variable `last` that `next_id` keeps from where it was"),
    ],
    ids=[
        "dict",
        "deque",
        "int",
        "default",
        "kwdefault",
        "class",
        "method default",
        "object",
        "Counter",
        "closure",
    ],
)
def test_each_kind_of_change_is_named_with_the_rule(module, change, expected):
    (line,) = changes_after(module, change)
    assert "This test changed" in line
    assert expected in line
    assert SHARED_STATE in line


def test_a_global_added_removed_or_bound_to_an_equal_object_is_named(module):
    def work(m):
        m.pool = "started"
        del m.LIMIT
        m.cache = {}

    lines = changes_after(module, work)
    assert len(lines) == 3
    assert any("added the module's global `pool`, which now holds 'started'" in x for x in lines)
    assert any("removed the module's global `LIMIT`, which held 3" in x for x in lines)
    assert any("put another object in the module's global `cache`" in x for x in lines)


def test_an_attribute_a_function_keeps_on_itself_is_named(module):
    (line,) = changes_after(module, lambda m: m.counted())
    assert "added the attribute `calls` of the function `counted`, which now holds 1" in line


def test_the_names_python_sets_on_every_module_are_left_out(module):
    def work(m):
        m.__warningregistry__ = {"version": 1}  # warnings' notes, when the module's code warns
        m.__cached__ = "elsewhere.pyc"
        m.__annotations__ = {"counter": int}

    assert changes_after(module, work) == []


def test_a_dunder_global_of_the_module_s_own_is_a_global_as_any_other():
    made = types.ModuleType("learner_topic")
    exec(compile("__finished__ = 0\n__all__ = ['a']\n", "learner_topic.py", "exec"), vars(made))

    def work(m):
        m.__finished__ += 1
        m.__all__.append("b")

    lines = changes_after(made, work)
    assert len(lines) == 2
    assert any("the module's global `__finished__`: before the test it held 0" in x for x in lines)
    assert any("the module's global `__all__`: before the test it held ['a']" in x for x in lines)


NAMESPACES = """
import argparse
import logging
import threading
import types

progress = types.SimpleNamespace(finished=0, _seen=[])
options = argparse.Namespace(retries=3)
made = types.ModuleType("made")
made.finished = 0
local = threading.local()
log = logging.getLogger("learner_topic")
own_log = logging.Logger("learner_topic.own")  # (not in the registry: this module's alone)
handler = logging.NullHandler()

class Shy:
    __module__ = "a_library"
    @property
    def __dict__(self):  # a __dict__ of the class's own making: never run to take the state
        raise AssertionError("run")

shy = Shy()
"""


@pytest.fixture
def namespaces() -> types.ModuleType:
    made = types.ModuleType("learner_topic")
    exec(compile(textwrap.dedent(NAMESPACES), "learner_topic.py", "exec"), vars(made))
    return made


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda m: setattr(m.progress, "finished", 1),
            "the attribute `finished` of the module's global `progress`: before the test it "
            "held 0, after it 1",
        ),
        (
            lambda m: m.progress._seen.append(1),
            "the attribute `_seen` of the module's global `progress`: before the test it held []",
        ),
        (
            lambda m: setattr(m.options, "retries", 4),
            "the attribute `retries` of the module's global `options`",
        ),
        (
            lambda m: setattr(m.made, "finished", 1),
            "the attribute `finished` of the module's global `made`",
        ),
        (
            lambda m: setattr(m.local, "_finished", 1),
            "added the attribute `_finished` of the module's global `local`, which now holds 1",
        ),
        (
            lambda m: setattr(m.log, "disabled", True),
            "the attribute `disabled` of the module's global `log`",
        ),
        (
            lambda m: setattr(m.handler, "name", "memo"),  # a property: kept in _name
            "the attribute `_name` of the module's global `handler`",
        ),
        (
            lambda m: m.own_log._cache.__setitem__(10, {}),  # not whether a level is on
            "the attribute `_cache` of the module's global `own_log`",
        ),
    ],
    ids=[
        "SimpleNamespace",
        "in it a list",
        "argparse.Namespace",
        "a module made by the code",
        "threading.local",
        "a library's object",
        "a private attribute of a logging object",
        "a logger's cache of levels holding more",
    ],
)
def test_an_object_of_another_class_is_compared_by_what_its_dict_holds(
    namespaces, change, expected
):
    (line,) = changes_after(namespaces, change)
    assert expected in line


def test_a_library_s_own_notes_in_its_object_and_an_imported_module_are_left_out(
    namespaces, monkeypatch
):
    monkeypatch.setitem(sys.modules, "made", namespaces.made)  # now an imported module

    handler = logging.NullHandler()

    def work(m):
        m.log.info("a line")  # a logger notes in its _cache whether a level is on
        m.log._cache[99] = True
        m.made.finished = 1
        m.log.parent.addHandler(handler)  # the root logger's handlers: pytest's, per test

    try:
        assert changes_after(namespaces, work) == []
    finally:
        logging.getLogger().removeHandler(handler)


def test_an_object_the_suite_put_in_the_module_is_the_object_it_is(monkeypatch):
    suite = types.ModuleType("test_05_tasks_futures")
    exec("class Fake:\n    def fetch(self):\n        pass\n", vars(suite))
    monkeypatch.setitem(sys.modules, suite.__name__, suite)
    made = types.ModuleType("learner_topic")
    made.fetch = suite.Fake()
    assert changes_after(made, lambda m: setattr(m.fetch, "calls", 1)) == []


PASSING_FOR_OTHERS = """
import unittest.mock

class Named:
    __module__ = "test_04_async_await"
    def remember(self, name):
        self.seen[name] = 1
named = Named()
named.seen = {}
class Bare:
    __module__ = "pytest"
bare = Bare()
bare.seen = {}
class Logging:
    __module__ = "logging"
    def remember(self, name):
        self._seen[name] = 1
logging_like = Logging()
logging_like._seen = {}
class ClassLevel:
    __module__ = "grader"
    seen = {}
mock = unittest.mock.NonCallableMock()
mock.seen = {}
class Shadowed:
    @property
    def __dict__(self):
        return {}
shadowed = Shadowed()
shadowed.seen = {}
import logging
class Borrowing:
    __module__ = "logging"
    getLogger = logging.getLogger
borrowing = Borrowing()
borrowing._seen = {}
"""


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m.named.remember("Ada"),
        lambda m: m.bare.seen.update(Ada=1),
        lambda m: m.logging_like.remember("Ada"),
        lambda m: m.ClassLevel.seen.update(Ada=1),
        lambda m: m.mock.seen.update(Ada=1),
        lambda m: object.__getattribute__(m.shadowed, "seen").update(Ada=1),
        lambda m: m.borrowing._seen.update(Ada=1),
    ],
    ids=["a_class_naming_the_suite_s_module", "one_with_no_functions", "one_naming_logging",
         "a_class_attribute", "a_mock_of_the_learner_s", "a_dict_behind_a_property",
         "one_holding_a_function_of_the_module_it_names"],
)  # fmt: skip
def test_a_class_of_the_learner_s_cannot_pass_for_another_s(change):
    """A class's module is told by where its functions were made (or, with none, by the
    module holding it), not by the name it gives itself."""
    made = types.ModuleType("learner_topic")
    exec(compile(PASSING_FOR_OTHERS, "learner_topic.py", "exec"), vars(made))
    (line,) = changes_after(made, change)
    assert "before the test it held" in line or "changed what the objects in" in line, line


def test_an_object_that_shows_its_state_only_in_its_repr_is_compared_by_it():
    source = "import array, itertools\norder = itertools.count()\nbits = array.array('b', [0])\n"
    made = types.ModuleType("learner_topic")
    exec(compile(source, "learner_topic.py", "exec"), vars(made))
    (line,) = changes_after(made, lambda m: next(m.order))
    assert (
        "the module's global `order`: before the test it held count(0), after it count(1)" in line
    )
    (line,) = changes_after(made, lambda m: m.bits.__setitem__(0, 1))
    assert "before the test it held array('b', [0]), after it array('b', [1])" in line
    assert changes_after(made, lambda m: repr(m.order)) == []


def test_an_asyncio_queue_is_compared_by_what_it_holds_and_never_shows_its_items():
    class Shy:
        def __repr__(self):
            raise AssertionError("the rule ran the learner's __repr__")

    made = types.ModuleType("learner_topic")
    made.jobs = asyncio.Queue()
    (line,) = changes_after(made, lambda m: m.jobs.put_nowait(Shy()))
    assert (
        "the module's global `jobs`: before the test it held <Queue maxsize=0, 0 item(s) held, "
        "0 not done>, after it <Queue maxsize=0, 1 item(s) held, 1 not done>" in line
    )
    assert changes_after(made, lambda m: m.jobs.qsize()) == []


KEEPERS = """
import asyncio, contextvars, functools

remember = {}.setdefault
memo = contextvars.ContextVar("memo", default={})
started = asyncio.Event()

@functools.lru_cache(maxsize=None)
def hello(name):
    return f"Hello, {name}!"

def _keeper():
    kept = {}
    while True:
        name = yield kept
        kept[name] = len(kept)

keeper = _keeper()
next(keeper)
"""


@pytest.mark.parametrize(
    ("change", "before", "after"),
    [
        (
            lambda m: m.remember("Ada", 1),
            "<dict.setdefault of {}>",
            "<dict.setdefault of {'Ada': 1}>",
        ),
        (lambda m: m.memo.get().update(Ada=1), "<ContextVar {}>", "<ContextVar {'Ada': 1}>"),
        (
            lambda m: m.keeper.send("Ada"),
            "<generator {'kept': {}}>",
            "<generator {'kept': {'Ada': 0}",
        ),
        (lambda m: m.hello("Ada"), "<cache of 0 result(s)>", "<cache of 1 result(s)>"),
        (lambda m: m.started.set(), "<Event False>", "<Event True>"),
    ],
    ids=["a_bound_method", "a_context_variable", "a_generator", "a_cache", "an_event"],
)
def test_what_a_global_keeps_inside_it_is_compared(change, before, after):
    """State kept out of a container's sight (a method's object, a context variable's
    default, a suspended generator's variables, a cache, an asyncio event) is state too."""
    made = types.ModuleType("learner_topic")
    exec(compile(KEEPERS, "learner_topic.py", "exec"), vars(made))
    assert changes_after(made, lambda m: (m.remember, m.memo.get(), m.hello)) == []
    (line,) = changes_after(made, change)
    assert f"before the test it held {before}, after it {after}" in line, line


DEEPER = """
import functools, io, types

import collections, io, mmap

memo = ({},)
state = types.SimpleNamespace(inner=types.SimpleNamespace(seen={}))
big = [{} for _ in range(6000)]
deep = [[[[[[[[[[[[[[{}]]]]]]]]]]]]]]
library = (collections.UserDict(),)
class Key:
    pass
keyed = {Key(): 1}
members = frozenset({Key()})
buffer = memoryview(bytearray(4))
class Slotted:
    __slots__ = ("__memo",)
    def __init__(self):
        self.__memo = {}
    def remember(self, name):
        self.__memo[name] = 1
slotted = Slotted()
def _make():
    memo = {}
    def remember(name):
        memo[name] = 1
    return remember
remembers = [_make()]
class Hiding(list):
    def __iter__(self):
        return iter(())
    def __len__(self):
        return 0
hiding = Hiding()
class Text(io.StringIO):
    pass
text = Text()
class Dunder:
    __slots__ = ("__memo__",)
    def __init__(self):
        self.__memo__ = {}
dunder = Dunder()
boxes = [types.SimpleNamespace(seen={})]
remembered = functools.partial(dict.setdefault, {})
log = io.StringIO()
__file__ = {}
"""


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m.memo[0].update(Ada=1),
        lambda m: m.state.inner.seen.update(Ada=1),
        lambda m: m.boxes[0].seen.update(Ada=1),
        lambda m: m.remembered("Ada", 1),
        lambda m: m.log.write("Ada"),
        lambda m: m.__file__.update(Ada=1),
        lambda m: m.big.append({"Ada": 1}),
        lambda m: m.deep[0][0][0][0][0][0][0][0][0][0][0][0][0][0].update(Ada=1),
        lambda m: m.library[0].update(Ada=1),
        lambda m: setattr(next(iter(m.keyed)), "Ada", 1),
        lambda m: setattr(next(iter(m.members)), "Ada", 1),
        lambda m: m.buffer.__setitem__(0, 65),
        lambda m: m.slotted.remember("Ada"),
        lambda m: m.remembers[0]("Ada"),
        lambda m: list.append(m.hiding, "Ada"),
        lambda m: m.text.write("Ada"),
        lambda m: m.dunder.__memo__.update(Ada=1),
    ],
    ids=["a_tuple", "a_namespace_in_a_namespace", "a_list_of_namespaces", "a_partial",
         "an_in_memory_file", "a_name_the_import_system_sets", "too_many_to_copy",
         "too_deep_to_copy", "another_library_s_object_in_a_tuple", "a_dict_key_s_attribute",
         "a_set_member_s_attribute", "a_buffer", "a_private_slot", "a_closure_in_a_list",
         "a_list_that_hides_its_items", "an_in_memory_file_of_a_subclass", "a_dunder_slot"],
)  # fmt: skip
def test_state_held_deeper_in_a_global_is_compared(change):
    """What a tuple, a nested namespace, a partial or an in-memory file holds is state too."""
    made = types.ModuleType("learner_topic")
    exec(compile(DEEPER, "learner_topic.py", "exec"), vars(made))
    assert changes_after(made, lambda m: (m.memo[0].get("Ada"), m.log.getvalue())) == []
    (line,) = changes_after(made, change)
    assert "before the test it held" in line or "changed what the objects in" in line, line


HELD_IN_C = """
import contextvars, email.message, itertools, queue, re, struct, types, weakref
import decimal, io, json, threading

proxy = types.MappingProxyType({"m": {}})
view = {"m": {}}.values()
bounds = slice({})
getter = property({})
again = itertools.repeat({})
waiting = queue.SimpleQueue()
waiting.put({})
var = contextvars.ContextVar("var")
context = contextvars.Context()
context.run(var.set, {})
class Anchor:
    pass
finalizer = weakref.finalize(Anchor, len, {})
error = LookupError({})
class Own(Exception):
    pass
own_error = Own({})
message = email.message.Message()
helpers = [lambda: None]
helpers[0].memo = {}
import collections, functools
factory = collections.defaultdict(functools.partial(dict, {}))
class Box(dict):
    pass
boxes = [Box()]
boxes[0].seen = {}
decimal_context = decimal.Context()
counter = iter(range(10**9))
text = io.TextIOWrapper(io.BytesIO())
buffered = io.BufferedRandom(io.BytesIO())
lock = threading.Lock()
@functools.wraps(json.dumps)
def wrapped(name, seen={}):
    seen[name] = 1
def _make():
    class Seen:
        names = {}
    def remember(name):
        Seen.names[name] = 1
    return remember
remember = _make()
pattern = re.compile("a+")
header = struct.Struct(">I")
"""


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m.proxy["m"].update(Ada=1),
        lambda m: next(iter(m.view)).update(Ada=1),
        lambda m: m.bounds.stop.update(Ada=1),
        lambda m: m.getter.fget.update(Ada=1),
        lambda m: next(m.again).update(Ada=1),
        lambda m: m.waiting.put(1),
        lambda m: m.context[m.var].update(Ada=1),
        lambda m: m.finalizer.peek()[2][0].update(Ada=1),
        lambda m: m.error.args[0].update(Ada=1),
        lambda m: m.own_error.args[0].update(Ada=1),
        lambda m: m.message.__setitem__("Ada", "1"),
        lambda m: m.remember("Ada"),
        lambda m: m.helpers[0].memo.update(Ada=1),
        lambda m: m.factory.default_factory.args[0].update(Ada=1),
        lambda m: m.boxes[0].seen.update(Ada=1),
        lambda m: setattr(m.decimal_context, "prec", 5),
        lambda m: next(m.counter),
        lambda m: (m.text.write("Ada"), m.text.flush()),
        lambda m: (m.buffered.write(b"Ada"), m.buffered.flush()),
        lambda m: m.lock.acquire(),
        lambda m: m.wrapped("Ada"),
    ],
    ids=["a_mapping_proxy", "a_dict_view", "a_slice", "a_property", "an_iterator",
         "a_simple_queue", "a_context", "a_finalizer", "an_exception_s_arguments",
         "an_own_exception_s_arguments", "a_library_object_s_private_attribute",
         "a_class_of_its_own_in_a_closure", "a_function_s_attribute_in_a_list",
         "a_defaultdict_s_factory", "an_attribute_of_a_dict_subclass_in_a_list",
         "a_decimal_context_s_precision", "an_iterator_s_position", "a_text_layer_s_file",
         "a_buffered_layer_s_file", "a_lock", "a_function_naming_another_module"],
)  # fmt: skip
def test_state_an_object_keeps_in_c_is_compared(change):
    """An object with no instance dict is copied through what it holds (a proxy's mapping,
    a view's dict, a slice's bounds, an iterator's item, an exception's arguments...)."""
    made = types.ModuleType("learner_topic")
    exec(compile(HELD_IN_C, "learner_topic.py", "exec"), vars(made))
    (line,) = changes_after(made, change)
    assert "before the test it held" in line or "changed what the objects in" in line, line


def test_an_object_whose_state_nothing_reads_is_named_for_review(monkeypatch):
    """A compressor or a hash keeps what it is given in C, where no look reaches: its kind is
    noted for the plugin to flag; a value (a date, a Decimal) or a sentinel is no state."""
    monkeypatch.setattr(snapshots, "unreadable", {})
    made = types.ModuleType("learner_topic")
    source = (
        "import datetime, decimal, hashlib, zlib\nday = datetime.date(2020, 1, 1)\n"
        "amount = decimal.Decimal('1.5')\nsentinel = object()\n"
    )
    exec(compile(source, "learner_topic.py", "exec"), vars(made))
    assert changes_after(made, lambda m: None) == []
    assert snapshots.unreadable == {}
    made.hashed, made.packed = hashlib.sha256(), zlib.compressobj()
    assert changes_after(made, lambda m: m.hashed.update(b"Ada")) == []  # (unseen: named)
    assert list(snapshots.unreadable) == ["_hashlib.HASH", "zlib.Compress"]


def test_a_context_variable_set_at_import_is_compared(monkeypatch):
    """A context variable the import set holds its value for every later call: a global."""
    made = types.ModuleType("learner_topic")
    source = "import contextvars\nmemo = contextvars.ContextVar('memo')\nmemo.set({})\n"
    imported = contextvars.Context()
    imported.run(exec, compile(source, "learner_topic.py", "exec"), vars(made))
    monkeypatch.setitem(snapshots.imported_in, made.__name__, imported)
    (line,) = changes_after(made, lambda m: imported.run(lambda: m.memo.get().update(Ada=1)))
    assert "before the test it held <ContextVar {}>, after it <ContextVar {'Ada': 1}>" in line


def test_objects_that_keep_what_runs_are_not_state():
    """Raising a module's exception gives it a traceback, using a pattern or a struct reads
    them: none of it is state the calls share."""
    made = types.ModuleType("learner_topic")
    exec(compile(HELD_IN_C, "learner_topic.py", "exec"), vars(made))

    def work(m):
        m.lock.acquire()
        m.lock.release()
        for error in (m.error, m.own_error):
            try:
                raise error
            except Exception:
                pass
        m.pattern.match("aa")
        m.header.pack(1)
        dict(m.proxy)

    assert changes_after(made, work) == []


def test_a_deque_compares_its_items():
    made = types.ModuleType("learner_topic")
    made.queue = collections.deque([1, 2])
    assert changes_after(made, lambda m: m.queue.rotate(1)) != []


def test_a_call_is_looked_at_while_suspended_at_its_first_steps_then_ever_more_rarely():
    looked = [n for n in range(1, 100) if suspensions.looked_at(n)]
    assert looked == [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96]


def test_a_watched_generator_and_coroutine_behave_as_themselves():
    starts, looks = [], []

    def begin():
        starts.append(1)
        return lambda: looks.append(1)

    def echo():
        got = yield "ready"
        while got is not None:
            got = yield f"got {got}"
        return "done"

    gen = suspensions.watching(echo, begin)()
    assert next(gen) == "ready" and gen.send(1) == "got 1"
    with pytest.raises(StopIteration) as stopped:
        gen.send(None)
    assert stopped.value.value == "done"

    async def twice():
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        return "slept"

    assert asyncio.run(suspensions.watching(twice, begin)()) == "slept"
    assert starts == [1, 1] and len(looks) == 4


def test_while_running_a_set_may_keep_tasks_alive_and_nothing_else():
    made = types.ModuleType("learner_topic")
    made.running, made.pending = set(), {}
    before = module_state.take(made)

    async def scene():
        task = asyncio.ensure_future(asyncio.sleep(0))
        made.running.add(task)
        kept = module_state.changes_while_running(made, before, "spawn")
        made.pending["ping"] = asyncio.get_running_loop().create_future()
        told = module_state.changes_while_running(made, before, "call_api")
        await task
        return kept, told

    kept, told = asyncio.run(scene())
    assert kept == []
    ((_place, line),) = told
    assert "While call_api was running" in line and "`pending`" in line


def test_an_object_s_slots_and_a_decorated_function_s_defaults_are_looked_at():
    source = (
        "import functools\n"
        "class Pair:\n    __slots__ = ('a', 'b')\n"
        "    def __init__(self):\n        self.a, self.b = 0, 1\n"
        "PAIR = Pair()\n"
        "def logged(function):\n"
        "    @functools.wraps(function)\n"
        "    def wrapper(*args, **kwargs):\n        return function(*args, **kwargs)\n"
        "    return wrapper\n"
        "@logged\ndef collect(item, into=[]):\n    into.append(item)\n    return into\n"
    )
    made = types.ModuleType("learner_topic")
    exec(compile(source, "learner_topic.py", "exec"), vars(made))
    (line,) = changes_after(made, lambda m: setattr(m.PAIR, "a", 5))
    assert "the attribute `a` of the module's global `PAIR`" in line
    (line,) = changes_after(made, lambda m: m.collect(1))
    assert "the parameter `into` of `collect`" in line


def test_a_callback_of_the_learner_s_is_looked_at_once_it_has_run():
    """A done callback has no suspension: the test loops look once it has run, against what
    the module held when it was scheduled."""
    made = types.ModuleType("learner_topic")
    exec(compile("COUNT = [0]\ndef bump():\n    COUNT[0] += 1\n", "learner.py", "exec"), vars(made))
    told = []

    def begin(name):
        start = module_state.take(made)
        return lambda: told.extend(module_state.changes_while_running(made, start, name))

    looking = loops.after_learners_callbacks
    looking.file, looking.begin = "learner.py", begin
    loop = loops.RealLoop()
    try:
        loop.call_soon(made.bump)
        loop.call_soon(len, "")  # not the learner's: not looked at
        loop.run_until_complete(asyncio.sleep(0))
    finally:
        looking.file = looking.begin = None
        loop.close()
    ((_place, line),) = told
    assert "While bump was running" in line and "`COUNT`" in line
