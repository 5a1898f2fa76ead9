"""The standard library's lists, dicts, sets and namespaces, the logging tree and the
interpreter's settings: a change is named, but for the caches the library fills on its own
(grader/inside/library_state.py)."""

from __future__ import annotations

import copyreg
import errno
import http.server
import logging
import re
import sys

import pytest

from grader.inside import library_state


def none_are_the_learner_s(_value: object) -> bool:
    return False


def changed_by(change) -> list[str]:
    """The places ``change()`` changes, as the plugin names them after a test's call."""
    before = library_state.take()
    change()
    return library_state.changed(before, library_state.take(), none_are_the_learner_s)


def test_a_place_of_the_library_changed_in_place_is_named(monkeypatch):
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.setattr(copyreg, "dispatch_table", dict(copyreg.dispatch_table))
    responses = dict(http.server.BaseHTTPRequestHandler.responses)
    monkeypatch.setattr(http.server.BaseHTTPRequestHandler, "responses", responses)

    def change():
        sys.argv.append("memo")
        copyreg.dispatch_table.setdefault(library_state.Places, {})
        http.server.BaseHTTPRequestHandler.responses[999] = ("memo", "")
        sys.implementation.memo = {}

    try:
        named = changed_by(change)
    finally:
        del sys.implementation.memo
    assert named == [
        "copyreg.dispatch_table",
        "http.server.BaseHTTPRequestHandler.responses",
        "sys.argv",
        "sys.implementation",
    ]


class Memo(str):
    """A value that passes for the one it replaces (and could carry a memo)."""


def test_a_value_or_a_key_swapped_at_the_same_size_is_named(monkeypatch):
    monkeypatch.setattr(errno, "errorcode", dict(errno.errorcode))
    monkeypatch.setattr(sys, "argv", list(sys.argv) or ["x"])

    def change():
        errno.errorcode[errno.EPERM] = Memo(errno.errorcode[errno.EPERM])
        sys.argv[0] = Memo(sys.argv[0])

    assert changed_by(change) == ["errno.errorcode", "sys.argv"]

    def swap_a_key():
        errno.errorcode.pop(errno.ENOENT)
        errno.errorcode[-4242] = "memo"

    assert changed_by(swap_a_key) == ["errno.errorcode"]


@pytest.mark.parametrize(
    ("setting", "read"),
    [
        (sys.setrecursionlimit, sys.getrecursionlimit),
        (sys.setswitchinterval, sys.getswitchinterval),
        (sys.set_coroutine_origin_tracking_depth, sys.get_coroutine_origin_tracking_depth),
    ],
    ids=["recursion limit", "switch interval", "coroutine origin tracking"],
)
def test_an_interpreter_setting_kept_as_a_counter_is_named(setting, read):
    kept = read()
    try:
        named = changed_by(lambda: setting(kept * 2 or 3))
    finally:
        setting(kept)
    assert named == [f"sys.{read.__name__}()"]


def test_a_filter_added_to_a_logger_is_named():
    logger = logging.getLogger("test_library_state.memo")
    memo = logging.Filter("Ada")
    try:
        named = changed_by(lambda: logger.addFilter(memo))
    finally:
        logger.removeFilter(memo)
    assert named == ["logging.getLogger('test_library_state.memo').filters"]


def test_an_attribute_set_on_the_logging_tree_is_named():
    root, manager = logging.getLogger(), logging.Logger.manager
    logger = logging.getLogger("test_library_state.named")
    handler = logging.NullHandler()
    logger.addHandler(handler)
    try:

        def change():
            root.memo = {}
            manager.memo = {}
            handler.name = "memo"  # (a property: kept in _name)
            logger._cache["memo"] = {}  # more than whether a level is on

        named = changed_by(change)
    finally:
        del root.memo, manager.memo
        logger.removeHandler(handler)
        logger._cache.clear()
    assert named == [
        "logging.Logger.manager",
        "logging.getLogger('root')",
        "logging.getLogger('test_library_state.named')",
        "logging.getLogger('test_library_state.named').NullHandler",
    ]


def test_a_cache_of_the_library_given_a_memo_is_named(monkeypatch):
    monkeypatch.setattr(sys, "path_importer_cache", dict(sys.path_importer_cache))
    named = changed_by(lambda: sys.path_importer_cache.setdefault("/nowhere/memo", {}))
    assert named == ["sys.path_importer_cache"]
    learner_s = Memo("a class of the learner's")
    before = library_state.take()
    sys.path_importer_cache["/nowhere/other"] = learner_s
    named = library_state.changed(before, library_state.take(), lambda value: value is learner_s)
    assert named == ["sys.path_importer_cache"]


def test_the_library_s_own_caches_and_an_unchanged_run_name_nothing():
    logger = logging.getLogger("test_library_state.quiet")

    def work():
        re.compile(f"a{id(logger)}b+")  # a new pattern: re's cache grows
        logger.info("a line")  # a logger notes in its cache whether a level is on
        sys.path_importer_cache.get("/nowhere")

    assert changed_by(work) == []


def test_a_logger_made_during_the_call_holding_more_than_a_new_one_is_named():
    def make(name: str, dressed: bool):
        def change():
            made = logging.getLogger(name)
            if dressed:
                made.addFilter(logging.Filter("memo"))

        return change

    try:
        assert changed_by(make("test_library_state.plain", dressed=False)) == []
        named = changed_by(make("test_library_state.dressed", dressed=True))
    finally:
        logging.getLogger("test_library_state.dressed").filters.clear()
    assert named == ["logging.getLogger('test_library_state.dressed')"]


def test_an_attribute_set_on_an_object_a_library_module_holds_is_named():
    import calendar
    import reprlib

    library_state.take()  # (calendar's objects found, since it is imported now)
    try:
        named = changed_by(lambda: setattr(reprlib.aRepr, "memo", {}))
        named += changed_by(lambda: calendar.c.__dict__.update(memo={}))
    finally:
        del reprlib.aRepr.memo, calendar.c.memo
    assert named == ["reprlib.aRepr", "calendar.c"]


def test_a_cache_of_the_library_holding_what_it_never_holds_is_named(monkeypatch):
    import inspect

    monkeypatch.setattr(sys, "path_importer_cache", dict(sys.path_importer_cache))
    monkeypatch.setattr(inspect, "modulesbyfile", dict(inspect.modulesbyfile))
    named = changed_by(lambda: sys.path_importer_cache.setdefault("memo: Ada", None))
    named += changed_by(lambda: inspect.modulesbyfile.setdefault("/nowhere.py", "memo: Ada"))
    assert named == ["sys.path_importer_cache", "inspect.modulesbyfile"]
    assert changed_by(lambda: inspect.getmodule(inspect.getmodule)) == []


def test_a_decimal_context_setting_is_named():
    import decimal

    context = decimal.getcontext()
    kept = context.capitals
    try:
        named = changed_by(lambda: setattr(context, "capitals", 1 - kept))
    finally:
        context.capitals = kept
    assert named == ["decimal.getcontext()"]
