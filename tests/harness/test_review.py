"""Code that reaches for the grading machinery is flagged for review, or refused and scored 0.

Each attack is appended to the reference solution of topic 04 and graded as a submission:
a flag alone never costs points (the teacher decides), while whatever would change the grade
(rebinding the suite's helpers, changing a test's code, adding a pytest hook) scores 0.
Honest code, the reference solutions and every correct solution in another style, is never
flagged.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Collection
from pathlib import Path

import pytest
from submissions import (
    EXERCISES,
    SOLUTIONS,
    VARIANTS,
    all_variants,
    suite_checks,
    variant_source,
)

from grader.catalog import ROOT, load_catalog
from grader.commands.classroom import write_gradebook
from grader.commands.cli import grade_all
from grader.grading.html_report import render_html
from grader.grading.report import render_report
from grader.grading.results import classroom_document, results_document
from grader.grading.runner import Limits, TaskResult, TopicResult, grade_topic
from grader.grading.zygote import TEST_PROCESS_ENVIRONMENT
from grader.inside import scan, watchers
from grader.inside.plugin import CPUS
from grader.inside.scan import scan_source

TOPICS = {topic.stem: topic for topic in load_catalog()}
TOPIC = TOPICS["04_async_await"]
LIMITS = Limits(test_timeout=5, topic_timeout=30, memory_mib=1024)
GREET_TASK = 1  # the task whose test calls greet()
# The tasks of greet() and save_all(), the functions the attacks below override: their tests
# are all a case needs to run (a whole grade of the topic is three times as long).
ATTACKED_TASKS = (GREET_TASK, 3)

# Each greet() override still returns the right greeting, so only the flag can show.
FLAGGED = {
    "frames_handed_out_by_logging": (  # logging.currentframe is sys._getframe(1)
        "import logging as _logging\n_frame = getattr(_logging, 'current' + 'frame')()",
        scan.FRAMES,
    ),
    "frames_handed_out_by_a_tasks_stack": (  # asyncio reads them, for the caller
        "from asyncio import base_tasks as _bt\nfrom types import SimpleNamespace as _NS\n"
        "def _probe():\n    me = yield\n    yield _bt._task_get_stack(_NS(_coro=me), None)\n"
        "_gen = _probe()\nnext(_gen)\n_frames = _gen.send(_gen)",
        scan.FRAMES,
    ),
    "locals_of_a_suspended_coroutine": (
        "import inspect as _inspect\nasync def _paused():\n    pass\n"
        "_coro = _paused()\n_names = _inspect.getcoroutinelocals(_coro)\n_coro.close()",
        scan.FRAMES,
    ),
    "threads_left_running_by_the_import": (  # no test is blamed for them
        "import threading\n_stop = threading.Event()\n"
        "threading.Thread(target=_stop.wait, name='agent', daemon=True).start()",
        scan.IMPORT_THREADS,
    ),
    "frames_read_in_a_module_the_code_wrote": (  # its code is the learner's, wherever it is
        "import os as _os, sys as _sys, tempfile as _tempfile\n"
        "_folder = _tempfile.mkdtemp()\n"
        "with open(_os.path.join(_folder, '_peek.py'), 'w') as _file:\n"
        "    _file.write('import sys\\ndef peek():\\n    return sys._getframe(1)\\n')\n"
        "_sys.path.insert(0, _folder)\nimport _peek\n_sys.path.remove(_folder)\n_peek.peek()",
        scan.FRAMES,
    ),
    "frames_from_sys_getframe": (
        "import sys\nasync def greet(name):\n    sys._getframe(1).f_back\n"
        "    return f'Hello, {name}!'",
        scan.FRAMES,
    ),
    "frames_from_inspect_stack": ("import inspect\n_stack = inspect.stack()", scan.FRAMES),
    "frames_walked_by_the_traceback_module": (  # named at run time: the guard sees it
        "_module = __import__(bytes([116, 114, 97, 99, 101, 98, 97, 99, 107]).decode())\n"
        "_frames = list(_module.walk_stack(None))",
        scan.FRAMES,
    ),
    "code_compiled_under_a_library_name": (  # what it does, only a run can tell
        "_source = bytes([112, 97, 115, 115]).decode()\n"
        "_run = getattr(__builtins__, 'ex' + 'ec', None) or __builtins__['ex' + 'ec']\n"
        "_run(_source)",
        scan.BUILT,
    ),
    "frames_walked_out_of_a_traceback": (  # named at run time: the guard sees it
        "_module = __import__(bytes([116, 114, 97, 99, 101, 98, 97, 99, 107]).decode())\n"
        "try:\n    raise ValueError\nexcept ValueError as _error:\n"
        "    _frames = list(vars(_module)['walk_tb'](_error.__traceback__))",
        scan.FRAMES,
    ),
    "frames_from_a_traceback": (
        "try:\n    raise ValueError\nexcept ValueError as error:\n"
        "    _frame = error.__traceback__.tb_frame",
        scan.FRAMES,
    ),
    "the_modules_of_the_grader": (
        "import sys\n_plugin = sys.modules.get('grader.inside.plugin')",
        scan.MODULES,
    ),
    "an_import_of_pytest": ("import _pytest.runner", scan.MODULES),
    "an_audit_hook": ("import sys\nsys.addaudithook(lambda event, args: None)", scan.HOOKS),
    "a_trace_function": ("import sys\nsys.settrace(None)", scan.HOOKS),
    "reading_the_hidden_suite": (  # its output would show it: refused
        f"try:\n    open({str(TOPIC.test_file)!r}).read()\n    REACHED = True\n"
        "except PermissionError:\n    REACHED = False\nassert not REACHED",
        scan.HIDDEN_TESTS,
    ),
    "a_signal_handler_handed_no_frame": (  # a handler is handed the frame it interrupted
        "import signal as _signal\n_seen = []\n"
        "_signal.signal(_signal.SIGUSR1, lambda number, frame: _seen.append(frame))\n"
        "_signal.raise_signal(_signal.SIGUSR1)\n"
        "assert _seen == [None], _seen",
        scan.FRAMES,
    ),
    "reading_its_own_code": (
        "def _helper():\n    pass\n_code = _helper.__code__\n_helper.__code__ = _code",
        scan.CODE,
    ),
    "a_fork": (
        "import os\n_pid = os.fork()\nif _pid == 0:\n    os._exit(0)\nos.waitpid(_pid, 0)",
        scan.FORK,
    ),
    "reading_proc": ("_status = open('/proc/self/status').read()", scan.PROC),
    "a_subprocess_where_the_topic_does_not_teach_it": (
        "import subprocess, sys\nsubprocess.run([sys.executable, '-c', 'pass'], check=True)",
        scan.PROCESSES,
    ),
    "a_subprocess_hidden_from_the_source": (
        "_module = __import__('sub' + 'process')\n_module.run(['true'], check=False)",
        scan.PROCESSES,
    ),
}

# A coroutine stepped by hand from the loop's callbacks: saved in turn, as save_all must, by
# a runner no asyncio task is (the checks that follow tasks cannot see it).
FLAGGED["coroutines_run_by_hand"] = (
    "import asyncio\n"
    "async def save_all(store, items):\n"
    "    loop = asyncio.get_running_loop()\n"
    "    for item in items:\n"
    "        done, coroutine = loop.create_future(), store.save(item)\n"
    "        def step(_future=None, coroutine=coroutine, done=done):\n"
    "            try:\n"
    "                waited = coroutine.send(None)\n"
    "            except StopIteration:\n"
    "                return done.set_result(None)\n"
    "            if waited is None:\n"
    "                loop.call_soon(step)\n"
    "            else:\n"
    "                waited.add_done_callback(step)\n"
    "        loop.call_soon(step)\n"
    "        await done\n",
    scan.BY_HAND,
)

# Refused at once (PermissionError in the learner's code) and flagged.
REFUSED = {
    "gc_referrers": (
        "import gc\ntry:\n    gc.get_referrers(asyncio.sleep)\n    REACHED = True\n"
        "except PermissionError:\n    REACHED = False\nassert not REACHED",
        scan.GC,
    ),
    "gc_from_a_thread": (
        "import threading\n_thread = threading.Thread(target=__import__('gc').get_objects)\n"
        "_thread.start()\n_thread.join()",
        scan.GC,
    ),
    "ctypes_call": (
        "import ctypes\ntry:\n    ctypes.pythonapi.Py_IncRef(ctypes.py_object(greet))\n"
        "    REACHED = True\nexcept PermissionError:\n    REACHED = False\nassert not REACHED",
        scan.CTYPES,
    ),
    "the_process_memory_through_a_folder_descriptor": (  # the open event names 'proc/...'
        "import os\n_root = os.open('/', os.O_RDONLY)\n"
        "try:\n    os.open('proc/self/mem', os.O_RDWR, dir_fd=_root)\n    REACHED = True\n"
        "except PermissionError:\n    REACHED = False\nassert not REACHED",
        scan.PROC,
    ),
    "the_process_memory_by_another_name": (  # /dev/fd/.. is /proc/self
        "try:\n    open('/dev/fd/../mem', 'rb')\n    REACHED = True\n"
        "except PermissionError:\n    REACHED = False\nassert not REACHED",
        scan.PROC,
    ),
}

REFUSED["code_under_the_graders_name"] = (
    f"_code = {str(ROOT / 'grader' / 'inside' / 'helper.py')!r}\n"
    "try:\n    exec(compile('import gc; gc.get_objects()', _code, 'exec'), {})\n"
    "    REACHED = True\nexcept PermissionError:\n    REACHED = False\nassert not REACHED",
    scan.CODE,
)

# The test process's pytest config, as code that reads frames reaches it.
SUITE_MODULE = (  # imported by the test process before the learner's module
    "import sys\n_suite = next(_module for _module in list(sys.modules.values())\n"
    "    if getattr(_module, '__file__', '').endswith('test_04_async_await.py'))\n"
)
FIND_CONFIG = (
    "import sys\n_frame = sys._getframe()\n"
    "while _frame is not None and 'config' not in _frame.f_locals:\n"
    "    _frame = _frame.f_back\n"
    "_config = _frame.f_locals['config']\n"
    "_items = _config.pluginmanager.get_plugin('session').items\n"
)
WRONG_GREET = "async def greet(name):\n    return 'wrong'"

# Changes what decides the grade: the topic scores 0 and the report names the change.
TAMPERING = {
    # The guard is made to run code of the learner's while it looks at an event (here a
    # library function it calls, rebound): that code must not read the guard's frames.
    "code_run_inside_the_guards_look_at_an_event": (
        "import logging as _logging, os as _os\n"
        "_real = _os.fspath\n"
        "def _peek(path):\n    _logging.currentframe()\n    return _real(path)\n"
        "_os.fspath = _peek\nopen('/dev/null').close()\n_os.fspath = _real\n" + WRONG_GREET,
        "ran its own code inside the grader's checks",
    ),
    "a_path_of_its_own_class_handed_to_the_guard": (  # its __fspath__ would run in the hook
        "import shutil as _shutil\n"
        "class _Path:\n    def __fspath__(self):\n        return '/tmp/no-such-folder'\n"
        "try:\n    _shutil.rmtree(_Path())\nexcept OSError:\n    pass\n" + WRONG_GREET,
        "named a file with an object of its own class (_Path)",
    ),
    "a_suite_helper_rebound": (
        "import sys\nsys.modules['grader.inside.suite'].check = lambda condition, message: None\n"
        "async def greet(name):\n    return 'wrong'",
        "rebound grader.inside.suite.check",
    ),
    # A finalizer the learner's code set runs while a suite's frame is current: its write is
    # the learner's, not the grader's.
    "a_suite_helper_rebound_by_a_finalizer": (
        "import sys as _sys, weakref as _weakref\n"
        "class _Token:\n    pass\n"
        "async def greet(name):\n"
        "    token = _Token()\n"
        "    _weakref.finalize(token, setattr, _sys.modules['grader.inside.suite'], 'same',\n"
        "                      lambda *args: True)\n"
        "    return 'wrong'\n",
        "rebound grader.inside.suite.same",
    ),
    "the_loop_policy_given_a_loop_class": (  # the suites' own loops come from it
        "import asyncio\n"
        "class _Loop(asyncio.SelectorEventLoop):\n    pass\n"
        "asyncio.get_event_loop_policy()._loop_factory = _Loop\n" + WRONG_GREET,
        "changed asyncio.get_event_loop_policy()._loop_factory",
    ),
    "the_tests_loop_class_given_a_method": (  # every test's loop is made from it
        "import asyncio\n"
        "asyncio.SelectorEventLoop.run_until_complete = lambda self, future: None\n" + WRONG_GREET,
        "changed asyncio.unix_events._UnixSelectorEventLoop",
    ),
    "the_tests_own_task_finished_from_outside": (
        "import asyncio\n"
        "async def greet(name):\n"
        "    asyncio.Future.set_result(asyncio.current_task(), None)\n"
        "    await asyncio.sleep(0)\n"
        "    return 'wrong'",
        "finished the test's own task from outside before the test ran to its end",
    ),
    "a_file_renamed_into_the_project": (
        "import os, tempfile\n"
        "_fd, _name = tempfile.mkstemp()\nos.close(_fd)\n"
        f"os.replace(_name, {str(ROOT / 'tests' / 'renamed-by-a-submission.py')!r})",
        "wrote to",
    ),
    "a_hard_link_to_a_solution": (  # a file reached again through it, unseen by realpath
        f"import os, tempfile\nos.link({str(SOLUTIONS / TOPIC.filename)!r}, tempfile.mktemp())",
        "opened the reference solution",
    ),
    "the_guard_switched_off": (
        "import sys\nsys.modules['grader.inside.guard'].armed = False",
        "rebound grader.inside.guard.armed",
    ),
    # The grader's helpers run what they are handed on behalf of whoever called them.
    "a_record_written_through_a_grader_helper": (
        "import functools, importlib\n"
        "_running = importlib.import_module('grader.inside.running')\n"
        "async def save_all(store, items):\n"
        "    for item in items:\n"
        "        _running.wait_until(functools.partial(store.saved.append, item), -1)\n",
        "changed what the tests keep to grade the run",
    ),
    "a_suite_check_rebound_through_a_grader_helper": (
        "import functools, importlib, sys\n"
        "_running = importlib.import_module('grader.inside.running')\n"
        "_greet = greet\n"
        "async def greet(name):\n"
        "    suite = next(m for n, m in sys.modules.items() if n.endswith('test_04_async_await'))\n"
        "    _running.wait_until(functools.partial(setattr, suite, 'expect_result', print), -1)\n"
        "    return await _greet(name)\n",
        "rebound ",
    ),
    # ... however it is reached: a method of a grader's class handed a callable, a callback,
    # a thread of the grader's. A change the project's code makes without naming it is made
    # by what it was handed, and so is the hander's.
    "a_record_written_through_a_grader_class_method": (
        "import functools\n"
        "async def save_all(store, items):\n"
        "    for item in items:\n"
        "        type(store.timeline)(functools.partial(store.saved.append, item)).as_data()\n",
        "changed what the tests keep to grade the run",
    ),
    "a_record_written_by_a_grader_helper_a_callback_runs": (
        "import asyncio, functools, importlib\n"
        "_running = importlib.import_module('grader.inside.running')\n"
        "async def save_all(store, items):\n"
        "    loop = asyncio.get_running_loop()\n"
        "    for item in items:\n"
        "        saving = functools.partial(store.saved.append, item)\n"
        "        loop.call_soon(_running.wait_until, saving, -1)\n"
        "    await asyncio.sleep(0)\n",
        "changed what the tests keep to grade the run",
    ),
    "a_record_written_by_a_grader_thread": (
        "import functools, importlib\n"
        "_running = importlib.import_module('grader.inside.running')\n"
        "async def save_all(store, items):\n"
        "    for item in items:\n"
        "        _running.ThreadCall(functools.partial(store.saved.append, item)).ended(5)\n",
        "changed what the tests keep to grade the run",
    ),
    "a_suite_helper_rebound_through_a_grader_class_method": (
        "import functools, sys, types\n"
        "_greet = greet\n"
        "async def greet(name):\n"
        "    suite = sys.modules['grader.inside.suite']\n"
        "    set_name = functools.partial(types.ModuleType.__setattr__, suite, 'fail', print)\n"
        "    sys.modules['grader.inside.timeline'].Timeline(set_name).as_data()\n"
        "    return 'wrong'\n",
        "rebound grader.inside.suite.fail",
    ),
    "a_task_made_the_graders_own": (  # it would count among no test's started tasks
        "import asyncio, sys\n"
        "async def save_all(store, items):\n"
        "    loops = sys.modules['grader.inside.loops']\n"
        "    loops.own_task(asyncio.sleep(3600))\n"
        "    for item in items:\n"
        "        await store.save(item)\n",
        "changed what the tests keep to grade the run (loops.own_task)",
    ),
    "a_suite_helper_given_other_code": (
        "import sys\n"  # (an import of the grader's modules is refused: see GATED_IMPORTS)
        "sys.modules['grader'].check.__code__ = (lambda condition, message: None).__code__",
        "replaced the code of grader.inside.suite.check",
    ),
    "a_name_in_the_test_module_rebound": (
        "import sys\nfor _module in list(sys.modules.values()):\n"
        "    if getattr(_module, '__file__', '').endswith('test_04_async_await.py'):\n"
        "        _module.check = lambda condition, message: None",
        "rebound ",
    ),
    "a_builtin_hidden_in_the_test_module": (
        "import sys\nfor _module in list(sys.modules.values()):\n"
        "    if getattr(_module, '__file__', '').endswith('test_04_async_await.py'):\n"
        "        _module.isinstance = lambda value, kind: True",
        "rebound test_04_async_await.isinstance",
    ),
    "a_test_given_other_code": (
        "import sys\nfor _module in list(sys.modules.values()):\n"
        "    if getattr(_module, '__file__', '').endswith('test_04_async_await.py'):\n"
        "        for _name, _test in list(vars(_module).items()):\n"
        "            if _name.startswith('test_'):\n"
        "                _test.__wrapped__.__code__ = (lambda topic: None).__code__",
        "replaced the code of",
    ),
    "a_pytest_class_patched": (
        "import _pytest.reports as _reports\n_original = _reports.TestReport.__init__\n"
        "def _passed(self, *args, **kwargs):\n    _original(self, *args, **kwargs)\n"
        "    self.outcome = 'passed'\n_reports.TestReport.__init__ = _passed\n"
        "async def greet(name):\n    return 'wrong'",
        "changed _pytest.reports.TestReport.__init__",
    ),
    "the_outcome_writer_silenced": (
        f"{FIND_CONFIG}_writer = _config.pluginmanager.get_plugin('grader-outcomes')\n"
        "_writer._write = lambda record: None",
        "replaced the OutcomeWriter's _write",
    ),
    "a_pytest_plugin_registered": (
        f"{FIND_CONFIG}class _Forger:\n    def pytest_runtest_logreport(self, report):\n"
        "        report.outcome = 'passed'\n"
        "_config.pluginmanager.register(_Forger(), 'forger')",
        "added a pytest hook (pytest_runtest_logreport)",
    ),
}

TAMPERING |= {
    "a_fakes_record_changed": (  # save_all saves at once, then tells the timeline otherwise
        "async def save_all(store, items):\n"
        "    await asyncio.gather(*(store.save(item) for item in items))\n"
        "    store.timeline.peak = 1\n",
        "changed what the tests keep to grade the run (Timeline.peak)",
    ),
    "a_fakes_spans_cleared": (
        "async def save_all(store, items):\n"
        "    await asyncio.gather(*(store.save(item) for item in items))\n"
        "    store.timeline.spans.clear()\n",
        "changed what the tests keep to grade the run (Timeline.spans.clear)",
    ),
    "a_fakes_record_changed_through_another_name": (  # the fake's class seals its objects
        "async def save_all(store, items):\n"
        "    await asyncio.gather(*(store.save(item) for item in items))\n"
        "    kept = [store][0]\n"
        "    kept.saved.sort()\n",
        "changed what the tests keep to grade the run (FakeStore.saved.sort)",
    ),
    "a_fakes_attribute_set_through_its_bound_method": (
        "async def save_all(store, items):\n"
        "    owner = store.save.__reduce__()[1][0]\n"
        "    owner.seconds = 0\n"
        "    for item in items:\n"
        "        await store.save(item)\n",
        "changed what the tests keep to grade the run (FakeStore.seconds)",
    ),
    "a_fakes_attribute_dict_written": (
        "async def save_all(store, items):\n"
        "    vars(store)['seconds'] = 0\n"
        "    for item in items:\n"
        "        await store.save(item)\n",
        "changed what the tests keep to grade the run (FakeStore.__dict__.__setitem__)",
    ),
    "a_fakes_attribute_set_by_a_library_function": (  # the guard looks past functools
        "import functools, types\n"
        "async def save_all(store, items):\n"
        "    zero = types.SimpleNamespace(seconds=0)\n"
        "    functools.update_wrapper(store, zero, assigned=('seconds',), updated=())\n"
        "    for item in items:\n"
        "        await store.save(item)\n",
        "changed what the tests keep to grade the run (FakeStore.seconds)",
    ),
    "spans_forged_with_the_timelines_own_method": (  # saves at once, then records in turn
        "async def save_all(store, items):\n"
        "    await asyncio.gather(*(store.save(item) for item in items))\n"
        "    async with store.timeline.span('save(1)'):\n"
        "        pass\n",
        "changed what the tests keep to grade the run (Timeline.span)",
    ),
    "a_fake_initialised_again": (  # its own __init__ does the writes
        "async def save_all(store, items):\n"
        "    await asyncio.gather(*(store.save(item) for item in items))\n"
        "    store.timeline.__init__()\n",
        "changed what the tests keep to grade the run (Timeline.__init__)",
    ),
    "a_record_initialised_again": (
        "async def save_all(store, items):\n"
        "    await asyncio.gather(*(store.save(item) for item in items))\n"
        "    store.saved.__init__(items)\n",
        "changed what the tests keep to grade the run (FakeStore.saved.__init__)",
    ),
    "a_fake_made_by_the_code": (  # a fake of its own records spans in the timeline
        "async def save_all(store, items):\n"
        "    await asyncio.gather(*(store.save(item) for item in items))\n"
        "    store.timeline.fake('save', seconds=0)(1)\n",
        "changed what the tests keep to grade the run (Timeline.fake)",
    ),
    "a_record_changed_by_a_callback_the_code_scheduled": (
        "async def save_all(store, items):\n"
        "    asyncio.get_running_loop().call_soon(store.saved.append, 1)\n"
        "    await asyncio.sleep(0)\n"
        "    for item in items:\n"
        "        await store.save(item)\n",
        "changed what the tests keep to grade the run (FakeStore.saved.append)",
    ),
    "a_record_changed_by_a_thread_the_code_started": (
        "import threading\n"
        "async def save_all(store, items):\n"
        "    helper = threading.Thread(target=store.saved.append, args=(1,))\n"
        "    helper.start()\n"
        "    helper.join()\n"
        "    for item in items:\n"
        "        await store.save(item)\n",
        "changed what the tests keep to grade the run (FakeStore.saved.append)",
    ),
    "a_rule_switched_off_in_the_graders_own_state": (
        "import pkgutil\n"
        "async def greet(name):\n"
        "    pkgutil.resolve_name('grader.inside.rules:rules_in_force').left_running = False\n"
        "    return f'Hello, {name}!'",
        "changed what the tests keep to grade the run (RulesInForce.left_running)",
    ),
    "the_virtual_clock_moved_back": (  # what a concurrency bound reads
        "import asyncio\n"
        "async def greet(name):\n"
        "    await asyncio.sleep(1)\n"
        "    object.__setattr__(asyncio.get_running_loop(), '_LoopTimeEventLoop__now', 0.0)\n"
        "    await asyncio.sleep(0)\n"
        "    return 'wrong'",
        "moved the test's virtual clock back",
    ),
    "a_grader_event_raised_by_the_code": (  # to have a spy of its own approved, say
        "import sys\nsys.audit('grader.loop_write', 'time', 'actor', None, print)",
        "raised one of the grader's own events (grader.loop_write)",
    ),
    "a_loop_write_told_by_the_code": (  # the short way the guard takes for the loops' own
        "import sys\nsys.audit('grader.loop_write', '_scheduled', 'frame')",
        "raised one of the grader's own events (grader.loop_write)",
    ),
    "a_solution_opened_through_a_folder_descriptor": (
        f"import os\n_root = os.open({str(ROOT)!r}, os.O_RDONLY)\n"
        f"_stolen = open({str(Path('solutions') / TOPIC.filename)!r},\n"
        "    opener=lambda path, flags: os.open(path, flags, dir_fd=_root)).read()",
        "opened the reference solution",
    ),
    "a_file_moved_into_the_tests_through_folder_descriptors": (
        f"import os, tempfile\n_root = os.open({str(ROOT)!r}, os.O_RDONLY)\n"
        "_fd, _name = tempfile.mkstemp()\nos.close(_fd)\n"
        "os.rename(_name, 'tests/moved-by-a-submission.py', dst_dir_fd=_root)",
        "wrote to",
    ),
    "the_suites_data_rebound": (
        f"{SUITE_MODULE}_suite.BOTH = {{}}\n",
        "rebound test_04_async_await.BOTH",
    ),
    "the_suites_data_changed_in_place": (
        f"{SUITE_MODULE}for _key in list(_suite.BOTH):\n"
        "    _suite.BOTH[_key] = (*_suite.BOTH[_key][:1], 100.0, *_suite.BOTH[_key][2:])\n",
        "changed test_04_async_await.BOTH",
    ),
    "a_test_loops_method_replaced_through_its_module": (  # not through the loop
        "import asyncio, inspect\n"
        "async def greet(name):\n"
        "    _loop = asyncio.get_running_loop()\n"
        "    _kept = inspect.getmodule(type(_loop))._replaced\n"
        "    _kept.setdefault(_loop, {})['time'] = lambda: 0.0\n"
        "    _loop.time()\n"
        "    return f'Hello, {name}!'",
        "replaced the test loop's time",
    ),
    "a_tests_end_announced_by_the_code": (  # how the grader knows a test ran to its end
        f"{FIND_CONFIG}for _item in _items:\n    sys.audit('grader.test_ended', _item)\n"
        f"{WRONG_GREET}",
        "announced a test's end itself",
    ),
    "the_tests_run_replaced": (
        f"{FIND_CONFIG}for _item in _items:\n    _item.runtest = lambda: None\n{WRONG_GREET}",
        "replaced the test's",
    ),
    "the_tests_function_replaced": (
        f"{FIND_CONFIG}for _item in _items:\n    _item._obj = lambda *args, **kwargs: None\n"
        f"{WRONG_GREET}",
        "replaced the test ",
    ),
    "a_pytest_hook_removed": (
        f"{FIND_CONFIG}_config.hook.pytest_pyfunc_call._hookimpls.clear()\n{WRONG_GREET}",
        "removed a pytest hook (pytest_pyfunc_call)",
    ),
    "records_forged_then_an_exit_around_the_guard": (
        f"{FIND_CONFIG}_writer = _config.pluginmanager.get_plugin('grader-outcomes')\n"
        "_writer._write({'finished': True, 'exitstatus': 0})\n"
        "import posix\nposix._exit(0)",
        "wrote an outcome record itself",
    ),
    # With the guard's state in reach (it was, through its hooks' closures), clearing it
    # would hide the change that follows.
    "the_guards_state_cleared_from_what_it_leaves_in_view": (
        f"{FIND_CONFIG}import os, signal\n"
        "_roots = [signal.signal, os._exit]\n"
        "for _name in ('grader-guard', 'grader-outcomes'):\n"
        "    _plugin = _config.pluginmanager.get_plugin(_name)\n"
        "    _roots += [*vars(_plugin).values(), *vars(type(_plugin)).values()]\n"
        "_seen = set()\nwhile _roots:\n"
        "    _root = _roots.pop()\n    _function = getattr(_root, '__func__', _root)\n"
        "    if id(_function) in _seen:\n        continue\n"
        "    _seen.add(id(_function))\n"
        "    for _cell in getattr(_function, '__closure__', None) or ():\n"
        "        _held = _cell.cell_contents\n"
        "        if isinstance(_held, (list, dict, set)):\n            _held.clear()\n"
        "        elif callable(_held):\n            _roots.append(_held)\n"
        "for _module in list(sys.modules.values()):\n"
        "    if getattr(_module, '__file__', '').endswith('test_04_async_await.py'):\n"
        "        _module.check = lambda condition, message: None\n"
        f"{WRONG_GREET}",
        "rebound ",
    ),
    "the_guards_hooks_unregistered": (  # its check after each test then never comes
        f"{FIND_CONFIG}async def greet(name):\n"
        "    _config.pluginmanager.unregister(name='grader-guard')\n    return 'wrong'",
        "stopped the guard's check after a test",
    ),
    "records_forged_from_a_thread": (  # no frame of the learner's below the writer
        f"{FIND_CONFIG}_writer = _config.pluginmanager.get_plugin('grader-outcomes')\n"
        "import threading\n_thread = threading.Thread(target=_writer._write,\n"
        "    args=({'finished': True, 'exitstatus': 0},))\n"
        "_thread.start()\n_thread.join()\nimport posix\nposix._exit(0)",
        "wrote an outcome record itself",
    ),
    "the_real_records_sent_to_dev_null": (  # forged ones are refused (above)
        "import os, sys\n"
        "_fd = int(next(a for a in sys.argv if a.startswith('--outcomes-fd='))[14:])\n"
        f"os.dup2(os.open(os.devnull, os.O_WRONLY), _fd)\n{WRONG_GREET}",
        "another file in place of the grader's results channel",
    ),
    "the_solution_by_a_name_with_two_slashes": (
        f"_stolen = open({'/' + str(SOLUTIONS / TOPIC.filename)!r}).read()",
        "opened the reference solution",
    ),
    "the_solution_through_a_symbolic_link": (
        "import os, tempfile\n_link = os.path.join(tempfile.mkdtemp(), 'notes.py')\n"
        f"os.symlink({str(SOLUTIONS / TOPIC.filename)!r}, _link)\n_stolen = open(_link).read()",
        "opened the reference solution",
    ),
    "a_builtin_rebound": (
        "import builtins\n_real = builtins.bool\nclass _Bool(int):\n"
        "    def __new__(cls, value=False):\n"
        "        return True if value is False else _real(value)\n"
        f"builtins.bool = _Bool\n{WRONG_GREET}",
        "rebound builtins.bool",
    ),
    "a_library_function_rebound": (
        "import inspect\ninspect.iscoroutinefunction = lambda function: True\n"
        "def greet(name):\n    async def _inner():\n        return f'Hello, {name}!'\n"
        "    return _inner()",
        "rebound inspect.iscoroutinefunction",
    ),
    "a_correct_variant_read": (
        f"_stolen = open({str(next(VARIANTS.glob('04_*/*.py')))!r}).read()",
        "opened the reference solution",
    ),
}


def submission_with(tmp_path: Path, code: str) -> Path:
    folder = tmp_path / "submission"
    folder.mkdir()
    solution = (SOLUTIONS / TOPIC.filename).read_text(encoding="utf-8")
    (folder / TOPIC.filename).write_text(f"{solution}\n\n{code}\n", encoding="utf-8")
    return folder


def grade(tmp_path: Path, code: str, tasks: Collection[int] | None = ATTACKED_TASKS) -> TopicResult:
    """Grade the reference with ``code`` appended, confined as a learner's grade is, running
    the tests of ``tasks`` alone (every test with None): the result holds those tasks."""
    submission = submission_with(tmp_path, code)
    if tasks is None:
        [result] = grade_all([TOPIC], submission, jobs=1, limits=LIMITS)
        return result
    tests = [check.name for check in suite_checks(TOPIC.test_file) if check.task in tasks]
    result = grade_topic(TOPIC, submission, LIMITS, tests=tests)
    result.tasks = [task for task in result.tasks if task.task.number in tasks]
    return result


# State every call shares out of its module, written while a test runs under another name
# than the one imported: heard as it is written (Python 3.12 and later).
SHARED_BY_EVERY_CALL = {
    "a_name_added_to_a_library_module": (
        "import sys\n_greet = greet\nasync def greet(name):\n    place = sys\n"
        "    place.greeted = getattr(place, 'greeted', 0) + 1\n    return await _greet(name)",
        scan.IMPORTED_STATE,
    ),
    "an_attribute_of_the_main_thread": (
        "import threading\n_greet = greet\nasync def greet(name):\n"
        "    me = threading.current_thread()\n    me.greeted = 1\n    return await _greet(name)",
        scan.THREAD_STATE,
    ),
    "a_list_the_library_keeps": (
        "import sys\n_greet = greet\nasync def greet(name):\n    args = sys.argv\n"
        "    args.append(name)\n    return await _greet(name)",
        scan.LIBRARY_STATE,
    ),
    "the_environment": (
        "import os\n_greet = greet\nasync def greet(name):\n    env = os.environ\n"
        "    env['GREETED'] = name\n    return await _greet(name)",
        scan.ENVIRONMENT,
    ),
    "a_setting_of_the_interpreter": (
        "import sys\n_greet = greet\nasync def greet(name):\n"
        "    sys.setswitchinterval(sys.getswitchinterval() * 1.5)\n    return await _greet(name)",
        scan.LIBRARY_STATE,
    ),
    "an_attribute_of_the_root_logger": (
        "import logging\n_greet = greet\nasync def greet(name):\n"
        "    logging.getLogger().greeted = name\n    return await _greet(name)",
        scan.LIBRARY_STATE,
    ),
    "a_memo_planted_in_the_library_at_import": (
        "import copyreg\n_seen = copyreg.dispatch_table.setdefault('kata', {})",
        scan.LIBRARY_STATE,
    ),
    "a_codec_search_function": (
        "import codecs\ncodecs.register(lambda name: None)",
        scan.INTERPRETER_REGISTRY,
    ),
}


@pytest.mark.parametrize(
    ("code", "why"), SHARED_BY_EVERY_CALL.values(), ids=SHARED_BY_EVERY_CALL.keys()
)
def test_state_shared_by_every_call_out_of_the_module_is_flagged(code, why, tmp_path):
    """Heard as it is written on 3.12 and later; on 3.11 the environment and the main thread
    are compared after each test (a name added to a library's module is not seen there)."""
    if why == scan.IMPORTED_STATE and not watchers.available():
        pytest.skip("a name added to a library's module is heard as written, on 3.12+")
    result = grade(tmp_path, code, tasks=[1])
    assert any(flag.startswith(why) for flag in result.review), result.review


def test_a_submodule_the_import_system_binds_is_not_flagged(tmp_path):
    """Nor the registry warnings keep in a module its warnings are told for."""
    code = (
        "import heapq, warnings\n_greet = greet\nasync def greet(name):\n"
        "    import xml.dom.minicompat\n"
        "    told = lambda item: warnings.warn('told', UserWarning, stacklevel=2) or item\n"
        "    list(heapq.merge([1], [2], key=told))  # told for heapq's line\n"
        "    return await _greet(name)"
    )
    result = grade(tmp_path, code, tasks=[1])
    assert result.review == []
    assert result.score == result.max_score


@pytest.mark.parametrize(("code", "why"), FLAGGED.values(), ids=FLAGGED.keys())
def test_reaching_for_the_machinery_is_flagged_not_scored(code, why, tmp_path):
    result = grade(tmp_path, code)
    assert any(flag.startswith(why) for flag in result.review), result.review
    assert result.score == result.max_score, [t.message for t in result.tasks]


@pytest.mark.parametrize(("code", "why"), REFUSED.values(), ids=REFUSED.keys())
def test_the_tools_that_undo_the_guard_are_refused_and_flagged(code, why, tmp_path):
    result = grade(tmp_path, code)
    assert any(flag.startswith(why) for flag in result.review), result.review
    assert result.load_error == "", result.load_error  # refused, so its own assert held


@pytest.mark.parametrize(("code", "words"), TAMPERING.values(), ids=TAMPERING.keys())
def test_changing_what_decides_the_grade_scores_zero(code, words, tmp_path):
    result = grade(tmp_path, code)
    assert result.score == 0, [t.status for t in result.tasks]
    assert words in result.problem, result.problem
    assert not (ROOT / "tests" / "renamed-by-a-submission.py").exists()


# A policy of the program's own, whose loops finish every coroutine at once with None.
OWN_POLICY = (
    "import asyncio\n"
    "class _Loop(asyncio.SelectorEventLoop):\n"
    "    def run_until_complete(self, future):\n"
    "        asyncio.Future.set_result(asyncio.ensure_future(future, loop=self), None)\n"
    "class _Policy(asyncio.DefaultEventLoopPolicy):\n"
    "    _loop_factory = _Loop\n"
    "asyncio.set_event_loop_policy(_Policy())\n" + WRONG_GREET
)


# The grader's helpers run what they are handed as the grader's code: reached by a relative
# import (with __package__ set by hand), one would have put a record in a suite's fake.
GATED_IMPORTS = {
    "relative": ("__package__ = 'grader'\nfrom .inside import loops as _loops", scan.MODULES),
    "relative_in_a_call": (
        "__package__ = 'grader'\n_greet = greet\nasync def greet(name):\n"
        "    from .inside.running import wait_until\n    return await _greet(name)",
        scan.MODULES,
    ),
    "the_graders": ("import grader.inside.running as _running", scan.MODULES),
    "a_suite": ("from test_04_async_await import PROMISES as _promises", scan.HIDDEN_TESTS),
}


@pytest.mark.parametrize(("code", "why"), GATED_IMPORTS.values(), ids=GATED_IMPORTS.keys())
def test_the_learners_module_cannot_import_the_graders_or_the_tests_modules(code, why, tmp_path):
    result = grade(tmp_path, code)
    told = result.load_error or " ".join(task.message for task in result.tasks)
    assert "the grader does not allow this" in told, told
    assert any(flag.startswith(why) for flag in result.review), result.review
    assert result.score < result.max_score, [task.status for task in result.tasks]


def test_harmless_findings_in_numbers_never_hide_another_reason(tmp_path):
    """A dozen lines naming /proc once filled every place in the review list."""
    flood = "".join(f"_PLACE_{number} = '/proc/{number}'\n" for number in range(15))
    result = grade(tmp_path, flood + "import sys\n_frame = sys._getframe()")
    assert any(flag.startswith(scan.FRAMES) for flag in result.review), result.review
    assert sum(flag.startswith(scan.PROC) for flag in result.review) <= 3, result.review


# A page cache in a module global: the call fails (nothing is fetched), and what the end of
# the test finds (the global changed) is the cause, told below the failure.
MODULE_CACHE = (
    "_pages = {}\n_fetch_all = fetch_all\n"
    "async def fetch_all(urls, fetch):\n"
    "    missing = [url for url in urls if url not in _pages]\n"
    "    _pages.update(zip(missing, await _fetch_all(missing, fetch)))\n"
    "    return [_pages[url] for url in urls]\n"
)


def test_what_the_end_of_a_failed_test_finds_is_told_below_its_failure(tmp_path):
    result = grade(tmp_path, MODULE_CACHE, tasks=None)
    [fetch_all] = [task for task in result.tasks if task.task.title.startswith("fetch_all")]
    assert fetch_all.status == "failed", fetch_all.message
    first, also = fetch_all.message.split("Also, once the test was over: ")
    assert first.startswith("Checking: "), fetch_all.message
    assert "global `_pages`" in also, fetch_all.message


def test_the_tests_loops_never_come_from_the_programs_own_policy(tmp_path):
    result = grade(tmp_path, OWN_POLICY, tasks=None)
    assert result.problem == "", result.problem  # a program may set a policy
    failed = {task.task.number for task in result.tasks if task.status == "failed"}
    # Task 1 runs greet on the test's loop; task 2's asyncio.run is the program's own call.
    assert failed == {GREET_TASK, 2}, [(t.task.number, t.status) for t in result.tasks]


# A marker planted among a test's own: pytest asks its name after the report is made, which
# let code holding the report (through frames) mark a failed test passed.
PLANTED_MARKER = (
    "import sys\n"
    "class _Planted:\n"
    "    name = 'planted'\n"
    "_frame = sys._getframe()\n"
    "while _frame is not None and 'session' not in _frame.f_locals:\n"
    "    _frame = _frame.f_back\n"
    "for _item in _frame.f_locals['session'].items:\n"
    "    _item.own_markers.insert(0, _Planted())\n"
)


def test_a_marker_planted_on_a_test_scores_zero(tmp_path):
    result = grade(tmp_path, PLANTED_MARKER)
    assert result.score == 0, [t.status for t in result.tasks]
    assert ".own_markers" in result.problem, result.problem


# Untouched stubs whose every call leaves an async generator suspended: its `finally`, run
# when the test's loop shuts down, after the verdict, marks the test's failed call reports
# passed wherever it finds them on the stack (a real-clock test's first-run reports wait
# there until both runs are over).
FLIP_AFTER_THE_VERDICT = """
import asyncio as _asyncio, functools as _functools
from asyncio import base_tasks as _bt
from types import SimpleNamespace as _NS
_armed = []
def _stack():
    def probe():
        me = yield
        yield _bt._task_get_stack(_NS(_coro=me), None)
    gen = probe()
    next(gen)
    return gen.send(gen)
def _flip():
    for frame in _stack():
        reports = getattr(frame, "".join(map(chr, [102, 95, 108, 111, 99, 97, 108, 115])))
        for report in reports.get("reports") or ():
            if getattr(report, "when", None) == "call" and report.outcome != "passed":
                report.outcome, report.longrepr = "passed", None
async def _at_teardown():
    try:
        yield
    finally:
        _flip()
def _arm():
    agen = _at_teardown()
    try:
        agen.asend(None).send(None)
    except StopIteration:
        pass
    _armed.append(agen)
def _armed_first(function):
    @_functools.wraps(function)
    async def call(*args, **kwargs):
        _arm()
        return await function(*args, **kwargs)
    return call
for _name, _value in list(globals().items()):
    if _asyncio.iscoroutinefunction(_value) and not _name.startswith("_"):
        globals()[_name] = _armed_first(_value)
"""


def test_a_result_changed_after_it_was_decided_scores_zero(tmp_path):
    topic = TOPICS["16_subprocesses"]  # real-clock tests, each run twice when it fails
    folder = tmp_path / "submission"
    folder.mkdir()
    stub = (EXERCISES / topic.filename).read_text(encoding="utf-8")
    (folder / topic.filename).write_text(stub + FLIP_AFTER_THE_VERDICT, encoding="utf-8")
    [result] = grade_all([topic], folder, jobs=1, limits=LIMITS)
    assert result.score == 0, [t.status for t in result.tasks]
    assert "changed a test's result after it was decided" in result.problem, result.problem


def test_records_forged_then_a_hang_until_the_run_is_stopped_earn_nothing(tmp_path):
    """The guard refuses the forged record at once, so the hang never comes (were the
    record sent, the run would have to be stopped, and the problem would say so)."""
    code = (
        f"{FIND_CONFIG}_writer = _config.pluginmanager.get_plugin('grader-outcomes')\n"
        "_writer._write({'finished': True, 'exitstatus': 0})\n"
        "import signal, time\nsignal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\n"
        "time.sleep(60)"
    )
    # Time enough for the whole run on a loaded machine: only a hang takes longer.
    limits = Limits(test_timeout=5, topic_timeout=20, memory_mib=1024)
    [result] = grade_all([TOPIC], submission_with(tmp_path, code), jobs=1, limits=limits)
    assert result.score == 0
    assert "wrote an outcome record itself" in result.problem, result.problem


def test_the_guard_keeps_refusing_after_an_attempt_to_switch_it_off(tmp_path):
    code = (
        "import sys\nsys.modules['grader.inside.guard'].armed = False\n"
        f"_stolen = open({str(SOLUTIONS / TOPIC.filename)!r}).read()"
    )
    result = grade(tmp_path, code)
    assert result.score == 0
    assert "opened the reference solution" in result.problem, result.problem


def test_what_a_program_may_set_in_the_library_is_left_open(tmp_path):
    code = (
        "import asyncio, contextlib, io, sys, threading, warnings\n"
        "threading.excepthook = lambda args: None\nsys.excepthook = sys.__excepthook__\n"
        "with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings(record=True):\n"
        "    warnings.simplefilter('always')\n"
        "    print('quiet')\n"
        "asyncio.set_event_loop_policy(asyncio.DefaultEventLoopPolicy())\n"
        "import json\njson.brand_new_name = 1  # added, not rebound: no one's concern\n"
    )
    result = grade(tmp_path, code)
    assert result.problem == "", result.problem
    assert result.score == result.max_score


def test_code_stopped_by_the_tests_time_limit_is_not_flagged(tmp_path):
    """pytest-timeout reads every thread's frames to show where a test hung; the learner's
    endless loop is under that call, but did not make it."""
    code = "def greet_from_sync(name):\n    while True:\n        pass"
    limits = Limits(test_timeout=1, topic_timeout=30, memory_mib=1024)
    [result] = grade_all([TOPIC], submission_with(tmp_path, code), jobs=1, limits=limits)
    assert result.review == [], result.review
    assert any(task.status == "failed" for task in result.tasks)


def test_a_topic_that_teaches_processes_may_start_them(tmp_path):
    topic = TOPICS["16_subprocesses"]
    assert topic.processes and not TOPIC.processes
    folder = tmp_path / "submission"
    folder.mkdir()
    solution = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    code = "import subprocess, sys\nsubprocess.run([sys.executable, '-c', 'pass'], check=True)"
    (folder / topic.filename).write_text(f"{solution}\n\n{code}\n", encoding="utf-8")
    [result] = grade_all([topic], folder, jobs=1, limits=LIMITS)
    assert result.review == []
    assert result.score == result.max_score


# --- honest code is never flagged -----------------------------------------------------------


# No reference solution is flagged: test_reference.py's test_solution_passes_every_task.
# No correct solution in another style either: test_variant_fails_exactly_the_declared_tasks.


COMPUTED_IMPORT = "an import whose module name is computed"
PROBE = "case probe(...)"


def test_the_source_scan_finds_nothing_in_honest_code():
    for variant in all_variants():
        topic = TOPICS[variant.parent.name]
        assert scan_source(variant_source(variant), topic.processes, topic.changes) == [], variant


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("import sys\nsys._getframe()", "._getframe"),
        ("from inspect import currentframe", "inspect.currentframe"),
        ("import gc as g\ng.get_referrers(1)", "gc.get_referrers"),
        ("import ctypes", "import ctypes"),
        ("import importlib\nimportlib.import_module('_pytest.runner')", "'_pytest.runner'"),
        ("import sys as s\ns.modules", "sys.modules"),
        (
            "x = getattr(object(), ''.join(map(chr, [95, 95])))",
            "an attribute whose name is computed",
        ),
        (
            "def f(o, n):\n    return object.__getattribute__(o, n)",
            "an attribute whose name is computed",
        ),
        ("def f(o, n):\n    o.__setattr__(n, 1)", "an attribute whose name is computed"),
        ("import inspect\ninspect.getclosurevars(print)", "inspect.getclosurevars"),
        ("_get = getattr\nx = _get(print, 'x')", "getattr passed around"),
        ("import functools\nfunctools.reduce(getattr, ['a'], print)", "getattr passed around"),
        ("x = object.__subclasses__()", ".__subclasses__"),
        ("x = '{0.__closure__}'.format(print)", "'{0.__closure__}'"),
        ("x = b'xx__globals__xx'.decode()", "'xx__globals__xx'"),
        ("x = getattr(print, '__CLOSURE__'.lower())", "'__closure__'"),
        ("import pickle\nx = pickle.loads(b'N.')", "pickle.loads()"),
        ("import asyncio\nasyncio.current_task().uncancel()", ".uncancel"),
        ("import asyncio\nx = asyncio.sys.modules", "sys.modules"),
        ("loop = None\nloop._LoopTimeEventLoop__now = 0", "._LoopTimeEventLoop__now"),
        ("x = getattr(object(), '_LoopTimeEventLoop__now')", "'_LoopTimeEventLoop__now'"),
        ("f = lambda: 0\nf.__code__ = f.__code__", ".__code__"),
        ("x = getattr(object(), 'f_back', None)", "'f_back'"),
        ("import os\nos.fork()", "os.fork"),
        ("open('/proc/self/environ')", "'/proc/self/environ'"),
        ("import subprocess", "import subprocess"),
        ("def hook(config):\n    config.pluginmanager.register(object())", ".pluginmanager"),
        ("__import__('s' + 'ys')", COMPUTED_IMPORT),
        ("import sys\ngetattr(sys, 'mod' + 'ules')", "sys.modules"),
        ("x = getattr(object(), f\"{'f_'}back\")", "'f_back'"),
        ("x = ''.join(['_py', 'test.runner'])", "'_pytest.runner'"),
        ("x = getattr(object(), 'kcab_f'[::-1])", "'f_back'"),
        ("x = getattr(object(), '__erusolc__xx'[-3::-1])", "'__closure__'"),
        ("import sys\ngetattr(sys, input())", "an attribute of sys whose name is computed"),
        ("import traceback\ntraceback.walk_stack(None)", "traceback.walk_stack"),
        ("import asyncio\nasyncio.current_task().get_stack()", ".get_stack"),
        ("exec(compile(TEXT, '/usr/lib/python3/x.py', 'exec'))", "exec()"),
        ("import os as _os\n_m = vars(_os.sys)['modules']", "sys.modules"),
        ("import sys\n_m = sys.__dict__.get('mod' + 'ules')", "sys.modules"),
        (
            "import operator\ndef f(name):\n    return operator.attrgetter(name)",
            "an attribute whose name is computed",
        ),
        (
            "from operator import methodcaller as m\ndef f(n):\n    return m(n)",
            "an attribute whose name is computed",
        ),
        ("def save_all(store, items):\n    store.timeline.peak = 1", "store.timeline.peak"),
        (
            "def fetch_all(urls, fetch):\n    def inner():\n        del fetch.calls\n    inner()",
            "fetch.calls",
        ),
        ("def f(fetch):\n    setattr(fetch, 'count', 1)", "setattr(fetch, ...)"),
        (
            "def f(store):\n    object.__setattr__(store.timeline, 'peak', 1)",
            "object.__setattr__(store.timeline, ...)",
        ),
        (
            "def f(store):\n    store.timeline.__setattr__('peak', 1)",
            "store.timeline.__setattr__(...)",
        ),
        (
            "def f(store):\n    list.clear(store.timeline.spans)",
            "list.clear(store.timeline.spans, ...)",
        ),
        ("def f(cell):\n    type(cell).x.__set__(cell, 0)", ".__set__"),
        ("def f(o):\n    kept = o\n    object.__setattr__(kept, 'peak', 1)", "object.__setattr__"),
        ("def f(o):\n    put = object.__setattr__\n    put(o, 'peak', 1)", "object.__setattr__"),
        ("x = getattr(object, '__delattr__')", "object.__delattr__"),
        ("import pkgutil\npkgutil.resolve_name('grader.inside.rules:x')", "pkgutil.resolve_name"),
        ("import pkgutil\npkgutil.resolve_name(input())", COMPUTED_IMPORT),
        ("import importlib\nimportlib.import_module('test_04_suite')", "'test_04_suite'"),
        ("def f(handle):\n    return handle.__reduce__()[1][0]", ".__reduce__"),
        ("def f(store):\n    vars(store)['seconds'] = 0", "vars(store)"),
        ("def f(store):\n    dict.update(getattr(store, '__dict__'), x=1)", "store.__dict__"),
        ("def f(s):\n    super(type(s), s).__setattr__('x', 1)", "super(type(s), s).__setattr__"),
        ("class B:\n    def f(self):\n        list.append(self.pool.log, 1)", "list.append"),
        ("def f(store, items):\n    store.saved.__init__(items)", "store.saved.__init__"),
        ("def f(store):\n    store.__dict__.clear()", "store.__dict__"),
        ("import string\nx = string.Formatter().get_field('0.a', [1], {})", ".Formatter"),
        ("from string import Formatter", "Formatter"),
        ("import importlib\nimportlib.__import__(input())", COMPUTED_IMPORT),
        ("import builtins\nbuiltins.__import__('t' + 'est_03')", COMPUTED_IMPORT),
        ("def f(o):\n    put = dict.__setitem__\n    put(o, 'k', 1)", "dict.__setitem__"),
        ("def f(o):\n    kept = o\n    dict.__setitem__(kept, 'k', 1)", "dict.__setitem__"),
        ("def f(o):\n    list(map(list.append, [o], [1]))", "list.append"),
        (
            "import pickle, io\nx = pickle.Unpickler(io.BytesIO(b'')).find_class('a', 'b')",
            ".find_class",
        ),
        ("import importlib\nx = importlib.import_module('grader')", "'grader'"),
        ("import pydoc\nx = pydoc.locate('.'.join(['a', 'b']))", COMPUTED_IMPORT),
        ("from importlib import __import__ as load\nx = load('grader')", "'grader'"),
        ("from .inside import loops", "from .inside import ..."),
        ("from .. import x", "from .. import ..."),
        ("__package__ = 'grader'", "__package__ set"),
        ("def f():\n    global __spec__\n    __spec__ = None", "__spec__ set"),
        ("__builtins__ = {'__import__': print}", "__builtins__ set"),
        (
            "def f(x):\n    match x:\n        case object(__globals__=g):\n            return g",
            ".__globals__",
        ),
        (
            "def f(x):\n    match x:\n        case object(_write=w):\n            return w",
            "._write",
        ),
        ("x = __import__('s' + 'ys').modules", ".modules"),
        ("import runpy\nx = runpy.run_module(input())", ".run_module"),
        ("from importlib.util import module_from_spec", "module_from_spec"),
        ("def f(loader, module):\n    loader.exec_module(module)", ".exec_module"),
        ("import zipimport\nx = zipimport.zipimporter('/tmp/a.zip')", ".zipimporter"),
        # A class pattern's positional sub-patterns read the names in __match_args__.
        ("def f(x, probe):\n    match x:\n        case probe(v):\n            return v", PROBE),
        (
            "N = '__glo' + 'bals__'\nclass P:\n    __match_args__ = (N,)\n"
            "def f(x):\n    match x:\n        case P(v):\n            return v",
            "case P(...)",
        ),
        (
            "class P:\n    __match_args__ = ('x',)\nP.__match_args__ = (input(),)\n"
            "def f(x):\n    match x:\n        case P(v):\n            return v",
            "case P(...)",
        ),
        (
            "int = type('int', (), {'__match_args__': (input(),)})\n"
            "def f(x):\n    match x:\n        case int(v):\n            return v",
            "case int(...)",
        ),
        (
            "class M(type):\n    pass\nclass P(metaclass=M):\n    __match_args__ = ('x',)\n"
            "def f(x):\n    match x:\n        case P(v):\n            return v",
            "case P(...)",
        ),
        (
            "import types\ndef f(x):\n    match x:\n"
            "        case types.SimpleNamespace(v):\n            return v",
            "case types.SimpleNamespace(...)",
        ),
        # What makes any object pass isinstance() (and match a class pattern).
        (
            "class Any(type):\n    def __instancecheck__(cls, thing):\n        return True",
            "Any.__instancecheck__",
        ),
        ("class Any(type):\n    __subclasscheck__ = lambda cls, c: True", "Any.__subclasscheck__"),
        ("class Fake:\n    __class__ = property(lambda self: int)", "Fake.__class__"),
        (
            "Any = type('Any', (type,), {'__instance' + 'check__': lambda c, o: True})",
            "'__instancecheck__'",
        ),
        (
            "Any = type('Any', (type,), dict(__instancecheck__=lambda c, o: True))",
            "__instancecheck__=",
        ),
        ("def f(c):\n    c.__subclasshook__ = classmethod(lambda c, o: True)", ".__subclasshook__"),
        # The attribute getters held as values, to be called under another name.
        ("import operator\n_get = operator.attrgetter", "operator.attrgetter passed around"),
        ("import operator as op\n_call = op.methodcaller", "op.methodcaller passed around"),
        ("from operator import attrgetter\n_get = attrgetter", "attrgetter passed around"),
        ("from operator import *\n_get = attrgetter", "attrgetter passed around"),
        ("_read = object.__getattribute__", "object.__getattribute__ passed around"),
        ("def f(o):\n    return map(o.__getattr__, ['a'])", "o.__getattr__ passed around"),
        ("import inspect\n_get = inspect.getattr_static", "inspect.getattr_static passed around"),
        (
            "from inspect import getattr_static as read\nx = read(print, input())",
            "inspect.getattr_static passed around",
        ),
        (
            "from builtins import getattr as g\nx = g(print, input())",
            "builtins.getattr passed around",
        ),
        ("import builtins\n_get = builtins.getattr", "builtins.getattr passed around"),
        (
            "import operator\n_get = getattr(operator, 'attr' + 'getter')",
            "operator.attrgetter passed around",
        ),
        ("x = getattr(object, '__getattribute__')", "object.__getattribute__ passed around"),
        # The builtins reached by a key.
        ("_get = __builtins__['get' + 'attr']", "__builtins__"),
        ("_get = __builtins__['get' + 'attr']", "builtins.getattr passed around"),
        ("_get = __builtins__.get(input())", "an attribute of builtins whose name is computed"),
        (
            "import builtins\n_get = vars(builtins)['get' + 'attr']",
            "builtins.getattr passed around",
        ),
        (
            "import builtins\n_get = builtins.__dict__[input()]",
            "an attribute of builtins whose name is computed",
        ),
        # Text built with *: "_" * 2 is "__".
        ("x = getattr(print, '_' * 2 + 'globals' + 2 * '_')", "'__globals__'"),
        ("x = 'cell' + '_' * True + 'contents'", "'cell_contents'"),
        ("x = getattr(print, '_' * len('ab') + 'closure' + '_' * (1 + 1))", "'__closure__'"),
        # State kept on other modules' objects, out of the shared-state rule's sight.
        ("import textwrap\ntextwrap.dedent.memo = {}", "textwrap.dedent.memo"),
        ("from string import Template as T\nT.seen = set()", "T.seen"),
        ("import threading\nthreading.main_thread().memo = {}", "threading.main_thread().memo"),
    ],
)
def test_the_source_scan_names_what_it_found_and_where(source, what):
    found = scan_source("\n\n" + source)
    assert what in [found_what for _, found_what, _ in found], found
    assert all(line >= 3 for _, _, line in found)


def test_the_source_scan_tells_a_known_module_name_once():
    for source in ("import sys\nlen(sys.modules)", "from sys import modules"):
        assert [why for why, _what, _line in scan_source(source, False, ())] == [scan.MODULES]


def test_the_source_scan_leaves_what_a_function_may_set_alone():
    """Its own objects, a name it binds anew, and an argument the topic lets it change."""
    own = (
        "class Box:\n    def fill(self, item):\n        self.item = item\n"
        "def make(item):\n    item = Box()\n    item.size = 1\n    return item\n"
        "def put(shelf, count):\n    shelf.items += count\n"
        "def first(items):\n    return list.index(items, 1)\n"
    )
    assert scan_source(own, changes=("put.shelf",)) == []
    assert [what for _, what, _ in scan_source(own)] == ["shelf.items"]


def test_the_source_scan_leaves_the_library_s_hooks_a_program_may_set_alone():
    """threading.excepthook and sys.stdout are the library's to let a program set."""
    source = "import sys, threading as t\nt.excepthook = print\nsys.stdout = sys.stderr\n"
    assert scan_source(source) == []


def test_the_source_scan_leaves_a_class_setting_its_own_objects_alone():
    frozen = "class Point:\n    def __init__(self, x):\n        object.__setattr__(self, 'x', x)\n"
    assert scan_source(frozen) == []
    derived = (
        "class B(A):\n    def __init__(self):\n        super().__init__()\n"
        "        A.__init__(self)\n        list.append(self.items, 1)\n"
        "drop = functools.partial(set.discard, tasks)\n"
    )
    assert scan_source(derived) == []


def test_the_source_scan_leaves_class_patterns_of_known_names_alone():
    """Positional sub-patterns of the self-matching built-ins, and of the module's own classes
    whose ``__match_args__`` it wrote down (a dataclass's, a named tuple's too)."""
    own = (
        "import dataclasses\nfrom collections import namedtuple\nfrom typing import NamedTuple\n"
        "class Point:\n    __match_args__ = ('x', 'y')\n"
        "@dataclasses.dataclass(frozen=True)\nclass Span:\n    start: float\n    end: float\n"
        "class Pair(NamedTuple):\n    left: int\n    right: int\n"
        "Size = namedtuple('Size', 'width height')\n"
        "def f(x):\n    match x:\n"
        "        case int(n) | str(n) | tuple(n):\n            return n\n"
        "        case Point(a, b) | Span(a, b) | Pair(a, b) | Size(a, b):\n            return a\n"
        "        case list([*items]) | dict({'k': items}):\n            return items\n"
        "        case object(x=a):\n            return a\n"
    )
    assert scan_source(own) == []
    assert scan_source("import operator\nkey = operator.attrgetter('start')") == []
    assert scan_source("x = '-' * 40 + 'done'") == []


def test_the_source_scan_leaves_asking_whether_an_attribute_is_there_alone():
    assert scan_source("def f(o, name):\n    return hasattr(o, name)") == []


def test_the_source_scan_reads_the_file_as_python_imports_it():
    hidden = b"# -*- coding: unicode_escape -*-\n#\\u000aimport sys\\u000asys._getframe()\n"
    found = [what for _, what, _ in scan.scan_file(hidden)]
    assert found[0] == "coding: unicode_escape" and "._getframe" in found, found
    assert scan.scan_file("# coding: utf-8\nx = 'é'\n".encode()) == []


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ("_loop.time = lambda: 0.0", "time"),
        ("object.__setattr__(_loop, 'call_at', _loop.call_at)", "call_at"),
        ("_loop._LoopTimeEventLoop__now = 0.0", "_LoopTimeEventLoop__now"),
        ("_loop.setup_looptime(start=0.0)", "setup_looptime"),  # looptime's own reset
        ("_loop.looptime_enabled()", "looptime_enabled"),
        ("_loop.set_exception_handler(lambda loop, context: None)", "exception handler"),
        ("_loop.set_task_factory(None)", "task factory"),  # (either can hold a memo)
    ],
)
def test_the_learners_code_cannot_set_the_tests_loop(change, name, tmp_path):
    greet = "async def greet(name):\n    _loop = asyncio.get_running_loop()\n"
    result = grade(tmp_path, f"import asyncio\n{greet}    {change}\n    return 'Hello, Ada!'")
    task = next(task for task in result.tasks if task.task.number == 1)
    assert task.status == "failed", task.message
    assert f"keeps its own {name}: it cannot be replaced" in task.message


# A path whose methods note every call: the guard, looking at an open, must run none of them
# (inside the guard's own look, the learner's code would not be watched).
NOTED_PATH = """
_RAN = []
class _Noted(str):
    def startswith(self, *args, **kwargs):
        _RAN.append("startswith")
        return str.startswith(self, *args, **kwargs)
    def __hash__(self):
        _RAN.append("hash")
        return str.__hash__(self)
    def __eq__(self, other):
        _RAN.append("eq")
        return str.__eq__(self, other)
    def __fspath__(self):
        return self
open(_Noted("/dev/null")).close()
async def greet(name):
    return f"Hello, {name}!" if not _RAN else f"the guard ran {_RAN}"
"""


# A socket whose family is a property of its own: the guard, looking at a connect, reads the
# socket's own family, and runs none of it.
OWN_FAMILY = """
import socket as _socket
_RAN = []
class _Socket(_socket.socket):
    @property
    def family(self):
        _RAN.append("family")
        return _socket.AF_INET
with _Socket(_socket.AF_INET, _socket.SOCK_STREAM) as _sock:
    try:
        _sock.connect(("127.0.0.1", 9))
    except OSError:
        pass
async def greet(name):
    return f"Hello, {name}!" if not _RAN else f"the guard ran {_RAN}"
"""


@pytest.mark.parametrize("code", [NOTED_PATH, OWN_FAMILY], ids=["str-subclass", "socket"])
def test_the_guard_runs_none_of_the_learners_methods_when_it_looks_at_an_event(code, tmp_path):
    result = grade(tmp_path, code)
    task = next(task for task in result.tasks if task.task.number == 1)
    assert task.status == "passed", task.message


# Every timer the loop sets fires a second early, if the loop ever reads this call_at: ten
# sleeps of 1 s one after another would then take no time.
EARLY_TIMERS = """
import asyncio
async def sleep_concurrently(count, seconds):
    _loop = asyncio.get_running_loop()
    _call_at = _loop.call_at
    vars(_loop)['call_at'] = lambda when, *args, **kwargs: _call_at(when - 1, *args, **kwargs)
    for _ in range(count):
        await asyncio.sleep(seconds)
"""


def test_a_method_put_in_the_tests_loops_own_dict_is_never_used(tmp_path):
    result = grade(tmp_path, EARLY_TIMERS, tasks=None)
    task = next(task for task in result.tasks if task.task.number == 5)
    assert task.status == "failed", task.message
    assert "one after another" in task.message, task.message


# --- the flag is shown next to the score, everywhere ----------------------------------------


def flagged_result() -> TopicResult:
    result = TopicResult(topic=TOPIC, review=["reads the call stack's frames (sys._getframe)"])
    result.tasks = [TaskResult(task, "passed") for task in TOPIC.tasks]
    return result


def test_the_report_shows_the_flag_under_the_topic():
    report = render_report([flagged_result()], "submission")
    lines = report.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith(("✔ 04", "✘ 04")))
    assert "flagged for review: reads the call stack's frames" in lines[row + 1]


def test_the_results_files_carry_the_flag():
    document = json.loads(json.dumps(results_document([flagged_result()], 1.0)))
    assert document["extra_data"]["review"] == [
        {"topic": TOPIC.stem, "flags": ["reads the call stack's frames (sys._getframe)"]}
    ]
    assert "Flagged for review: 04_async_await" in document["output"]
    assert all(t["output"].startswith("<p><strong>Flagged for review") for t in document["tests"])
    assert document["score"] == TOPIC.max_points  # a flag is not a score
    classroom = classroom_document([flagged_result()])
    assert "Flagged for review: 04_async_await" in classroom["message"]
    assert all(t["message"].startswith("Flagged for review") for t in classroom["tests"])


def test_the_gradebook_has_a_review_column(tmp_path):
    honest = TopicResult(topic=TOPIC, tasks=[TaskResult(t, "passed") for t in TOPIC.tasks])
    path = tmp_path / "gradebook.csv"
    write_gradebook(
        path, [TOPIC], {"ana": {TOPIC.stem: honest}, "bo": {TOPIC.stem: flagged_result()}}
    )
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [row["review"] for row in rows] == [
        "",
        "04_async_await: reads the call stack's frames (sys._getframe)",
    ]


def test_the_html_report_marks_the_topic():
    page = render_html([flagged_result()], "submission", {})
    assert "flagged for review: reads the call stack&#x27;s frames" in page


def test_a_warning_shown_from_a_suite_is_no_tampering():
    """The warnings module's registry in a module's globals is Python's, not the learner's."""
    from grader.inside.guard import Bindings

    before = {"check": print}
    assert Bindings(before).changed({**before, "__warningregistry__": {"version": 1}}) == []
    assert Bindings(before).changed({**before, "helper": len}) == ["helper"]


def test_a_binding_changed_removed_or_swapped_for_another_is_told():
    """The fast comparison of the guard's seal misses no change, nor a removed name that held
    None replaced by a new one (the same number of names)."""
    from grader.inside.guard import Bindings

    before = {"check": print, "limit": None, "count": 3}
    snapshot = Bindings(before)
    assert snapshot.changed(dict(before)) == []
    assert snapshot.changed({**before, "check": len}) == ["check"]
    assert snapshot.changed({"check": print, "count": 3, "other": None}) == ["limit", "other"]
    assert snapshot.changed({"check": print, "limit": None}) == ["count"]


@pytest.mark.skipif(not watchers.available(), reason="watchers came with Python 3.12")
def test_a_dict_watcher_hears_each_write_before_it_is_made_and_who_made_it():
    heard = []
    namespace = {"kept": 1}

    def on_write(event, space, key, frame):
        heard.append((event, key, space.get(key), frame.f_code.co_name))

    watcher = watchers.DictWatcher(on_write)
    watcher.watch(namespace)

    def writer():
        namespace["kept"] = 2
        namespace["new"] = 3
        del namespace["new"]
        {}.update(unwatched=True)
        namespace.clear()

    try:
        writer()
    finally:
        watcher.close()
    namespace["after"] = 4
    assert heard == [
        (watchers.MODIFIED, "kept", 1, "writer"),
        (watchers.ADDED, "new", None, "writer"),
        (watchers.DELETED, "new", 3, "writer"),
        (watchers.CLEARED, None, None, "writer"),
    ]


# Changes the learner's code makes for a moment, put back before the test ends: no seal can
# see them, the watchers hear them made (Python 3.12 and later).
MOMENTARY = {
    "a_suite_helper": (
        "import asyncio, sys\n_suite = sys.modules['grader.inside.suite']\n_real = _suite.same\n"
        "async def greet(name):\n    _suite.same = lambda actual, expected: True\n"
        "    asyncio.get_running_loop().call_soon(setattr, _suite, 'same', _real)\n"
        "    return 'wrong'",
        "rebound grader.inside.suite.same",
    ),
    "a_library_function_through_a_grader_class_method": (  # asyncio's, which suites rely on
        "import asyncio, functools, sys\n"
        "async def greet(name):\n"
        "    timeline, real = sys.modules['grader.inside.timeline'].Timeline, asyncio.sleep\n"
        "    timeline(functools.partial(setattr, asyncio, 'sleep', print)).as_data()\n"
        "    timeline(functools.partial(setattr, asyncio, 'sleep', real)).as_data()\n"
        "    return 'wrong'",
        "rebound asyncio.sleep",
    ),
    "a_pytest_class": (
        "import sys\n_reports = sys.modules['_pytest.reports']\n"
        "_real = _reports.TestReport.__dict__['from_item_and_call']\n"
        "def _forge(cls, item, call):\n    report = _real.__func__(cls, item, call)\n"
        "    report.outcome = 'passed'\n"
        "    if call.when == 'teardown':\n"
        "        _reports.TestReport.from_item_and_call = _real\n"
        "    return report\n"
        "async def greet(name):\n"
        "    _reports.TestReport.from_item_and_call = classmethod(_forge)\n"
        "    return 'wrong'",
        "changed _pytest.reports.TestReport",
    ),
}


@pytest.mark.skipif(not watchers.available(), reason="watchers came with Python 3.12")
@pytest.mark.parametrize(("code", "words"), MOMENTARY.values(), ids=MOMENTARY.keys())
def test_a_change_made_and_undone_within_one_test_scores_zero(code, words, tmp_path):
    result = grade(tmp_path, code)
    assert result.score == 0, [t.status for t in result.tasks]
    assert words in result.problem, result.problem


@pytest.mark.skipif(not watchers.available(), reason="watchers came with Python 3.12")
@pytest.mark.parametrize("stop", ["close", "empty"])
def test_a_stopped_watcher_is_reported_at_the_next_check(stop):
    """Whatever stops a seal's watcher, the change the seal makes at every check goes
    unheard, and the seal says so. (No submission reaches the seals: they live in the
    guard's audit hook.)"""
    from grader.inside.guard import Namespace, _seal_code, _watch_namespaces

    names = _watch_namespaces(
        [Namespace({"kept": 1}, "kept")],
        lambda frame, space, name: True,
        lambda frame, name: False,
        lambda frame: False,
        lambda why, what, frame: None,
    )
    classes = _seal_code([], lambda cls, frame: True)
    try:
        assert names() == [] and classes() == []
        for seal in (names, classes):
            if stop == "close":
                seal.watcher.close()
            else:
                seal.watcher._watched.clear()
        assert names() == ["stopped the guard's watcher of module names"]
        assert classes() == ["stopped the guard's watcher of classes"]
    finally:
        names.watcher.close()
        classes.watcher.close()


@pytest.mark.skipif(not watchers.available(), reason="watchers came with Python 3.12")
def test_a_type_watcher_hears_a_change_and_who_made_it():
    heard = []
    watched = type("Watched", (), {"kept": 1})
    subclass = type("Subclass", (watched,), {})
    watcher = watchers.TypeWatcher(lambda cls, frame: heard.append((cls, frame.f_code.co_name)))
    watcher.watch(subclass)

    def changer():
        watched.kept = 2  # a class it inherits from

    try:
        type("Other", (), {}).kept = 3  # not watched
        changer()
    finally:
        watcher.close()
    watched.kept = 4
    assert heard == [(subclass, "changer")]


def test_a_suite_global_decides_when_it_was_code_or_hides_a_builtin():
    from grader.inside.guard import _decides

    assert _decides("helper", {"helper": print})
    assert not _decides("limit", {"limit": 3})
    assert _decides("len", {})  # added: it would hide the builtin
    assert not _decides("notes", {})
    assert not _decides(1, {})  # a key that is no name hides nothing, and does not crash


def test_the_outcome_records_are_written_by_the_guards_own_encoder(tmp_path):
    """json's shared encoder, which the learner's code can reach, writes no record."""
    code = (
        "import json\n_encoder = vars(json)['_default_encoder']\n_real = _encoder.encode\n"
        "def _passed(record):\n"
        "    if isinstance(record, dict) and record.get('outcome') == 'failed':\n"
        "        record = {**record, 'outcome': 'passed', 'message': ''}\n"
        "    return _real(record)\n"
        f"_encoder.encode = _passed\n{WRONG_GREET}"
    )
    result = grade(tmp_path, code)
    assert result.tasks[0].status == "failed", [t.status for t in result.tasks]


def test_the_hidden_tests_lines_are_never_cached_for_the_code_to_read(tmp_path):
    """A failure's traceback reads the suite's lines: linecache must not keep them."""
    code = (
        "import linecache\n"
        "async def greet(name):\n    raise ValueError('wrong')\n"
        "def greet_from_sync(name):\n"
        "    leaked = [name for name in list(linecache.cache) if 'test_04' in name]\n"
        "    raise ValueError(f'cached: {leaked}')"
    )
    result = grade(tmp_path, code, tasks=None)
    task = next(task for task in result.tasks if task.task.number == 2)
    assert "cached: []" in task.message, task.message


@pytest.mark.parametrize("confine", ["auto", "never"])
def test_nothing_in_the_runs_folder_is_importable(confine, tmp_path):
    """A module planted in the run's folder (by a process an earlier topic left behind)
    would be imported in place of pytest's: the test process runs with ``python -P``."""
    code = (
        "import os, sys\n_importable = os.getcwd() in sys.path or '' in sys.path\n"
        "_greet = greet\nasync def greet(name):\n"
        "    return 'importable' if _importable else await _greet(name)"
    )
    limits = Limits(test_timeout=5, topic_timeout=30, memory_mib=1024, confine=confine)
    [result] = grade_all([TOPIC], submission_with(tmp_path, code), jobs=1, limits=limits)
    task = next(task for task in result.tasks if task.task.number == 1)
    assert task.status == "passed", task.message


def test_the_records_key_never_passes_through_what_the_code_can_replace(tmp_path):
    """The HMAC is OpenSSL's own function, taken before the import: a spy put in
    hmac.HMAC (a class the seals do not cover) never sees the key."""
    code = (
        "import hmac\n_seen = []\n_init = hmac.HMAC.__init__\n"
        "def _spy(self, key, *args, **kwargs):\n"
        "    _seen.append(key)\n    _init(self, key, *args, **kwargs)\n"
        "hmac.HMAC.__init__ = _spy\n_sync = greet_from_sync\n"
        "def greet_from_sync(name):\n"
        "    if _seen:\n        raise ValueError('the key was seen')\n"
        "    return _sync(name)"
    )
    result = grade(tmp_path, code, tasks=None)
    task = next(task for task in result.tasks if task.task.number == 2)
    assert task.status == "passed", task.message


# What the learner's code is told of the machine's CPUs, by os and by its own binding: the
# machine's real count (8 here, as Python 3.13 can be told) must not show.
CPU_COUNT_SEEN = """
import os as _os
from os import cpu_count as _cpu_count
async def greet(name):
    seen = {_os.cpu_count(), _cpu_count(), getattr(_os, "process_cpu_count", _cpu_count)()}
    return f"Hello, {name}!" if seen == {CPUS} else f"saw {seen}"
"""


@pytest.mark.skipif(sys.version_info < (3, 13), reason="PYTHON_CPU_COUNT came with Python 3.13")
def test_the_learners_code_sees_the_same_cpus_on_every_machine(tmp_path, monkeypatch):
    monkeypatch.setitem(TEST_PROCESS_ENVIRONMENT, "PYTHON_CPU_COUNT", "8")
    result = grade(tmp_path, CPU_COUNT_SEEN.replace("CPUS", str(CPUS)))
    task = next(task for task in result.tasks if task.task.number == 1)
    assert task.status == "passed", task.message


# fetch_all's fetches each raise KeyboardInterrupt: the first ends the test's loop run, the
# others end its teardown, before the fixtures put back what they had patched.
INTERRUPTING_FETCHES = (
    "async def fetch_all(urls, fetch):\n"
    "    async def one(url):\n"
    "        raise KeyboardInterrupt\n"
    "    return await asyncio.gather(*(one(url) for url in urls))"
)


def test_a_keyboard_interrupt_fails_its_task_and_is_not_taken_for_tampering(tmp_path):
    result = grade(tmp_path, "async def greet(name):\n    raise KeyboardInterrupt")
    greet = next(task for task in result.tasks if task.task.number == GREET_TASK)
    assert greet.status == "failed"
    assert "Your code raised KeyboardInterrupt" in greet.message, greet.message
    assert result.problem == "", result.problem
    assert sum(task.status == "passed" for task in result.tasks) == len(result.tasks) - 1


@pytest.mark.skipif(sys.version_info < (3, 12), reason="who rebinds a name: heard from 3.12")
def test_the_grader_s_own_patches_left_by_an_interrupt_are_blamed_on_no_one(tmp_path):
    result = grade(tmp_path, INTERRUPTING_FETCHES)
    assert "change its grade" not in result.problem, result.problem
    assert not any("rebound" in task.message for task in result.tasks)


# A thread with none of the learner's code on its stack rebinds a check, and puts it back before
# the guard looks: the write is still the learner's (heard as it is made: from 3.12; before,
# the guard compares names at its checks only).
REBOUND_BY_A_THREAD_THEN_PUT_BACK = (
    "import sys as _sys, threading as _threading\n"
    "_suite = _sys.modules['grader.inside.suite']\n"
    "_real = _suite.check\n"
    "_threading.Thread(target=setattr, args=(_suite, 'check', print)).start()\n"
    "_threading.Thread(target=setattr, args=(_suite, 'check', _real)).start()\n" + WRONG_GREET
)


@pytest.mark.skipif(sys.version_info < (3, 12), reason="who rebinds a name: heard from 3.12")
def test_a_check_rebound_by_a_thread_then_put_back_scores_zero(tmp_path):
    result = grade(tmp_path, REBOUND_BY_A_THREAD_THEN_PUT_BACK)
    assert result.score == 0, [t.status for t in result.tasks]
    assert "rebound grader.inside.suite.check" in result.problem, result.problem


# A global that cannot be looked at while running_total runs: the look is not passed over.
HIDDEN_WHILE_RUNNING = (
    "_hiding = [False]\n"
    "class _Shy:\n"
    "    @property\n"
    "    def __class__(self):\n"
    "        if _hiding[0]:\n"
    "            raise RuntimeError('no looking')\n"
    "        return _Shy\n"
    "_SHY = _Shy()\n"
    "def running_total(numbers):\n"
    "    _hiding[0] = True\n"
    "    total = 0\n"
    "    for number in numbers:\n"
    "        total += number\n"
    "        yield total\n"
    "    _hiding[0] = False\n"
)


def test_a_module_that_cannot_be_looked_at_while_a_call_runs_fails_and_says_so(tmp_path):
    topic = TOPICS["01_generators"]
    folder = tmp_path / "submission"
    folder.mkdir()
    solution = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    (folder / topic.filename).write_text(f"{solution}\n\n{HIDDEN_WHILE_RUNNING}", encoding="utf-8")
    [result] = grade_all([topic], folder, jobs=1, limits=LIMITS)
    task = next(task for task in result.tasks if task.task.number == 6)
    assert task.status == "failed"
    assert "the module could not be looked at: RuntimeError: no looking" in task.message
    assert result.problem == "", result.problem
