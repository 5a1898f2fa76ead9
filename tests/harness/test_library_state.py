"""The standard library's lists, dicts, sets and namespaces: a change is named, but for the
caches the library fills on its own (grader/inside/library_state.py)."""

from __future__ import annotations

import copyreg
import http.server
import logging
import re
import sys

from grader.inside import library_state


def test_a_place_of_the_library_changed_in_place_is_named(monkeypatch):
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.setattr(copyreg, "dispatch_table", dict(copyreg.dispatch_table))
    responses = dict(http.server.BaseHTTPRequestHandler.responses)
    monkeypatch.setattr(http.server.BaseHTTPRequestHandler, "responses", responses)
    before = library_state.take()
    sys.argv.append("memo")
    copyreg.dispatch_table.setdefault(library_state.Places, {})
    http.server.BaseHTTPRequestHandler.responses[999] = ("memo", "")
    sys.implementation.memo = {}
    try:
        named = library_state.changed(before, library_state.take())
    finally:
        del sys.implementation.memo
    assert named == [
        "copyreg.dispatch_table",
        "http.server.BaseHTTPRequestHandler.responses",
        "sys.argv",
        "sys.implementation",
    ]


def test_a_filter_added_to_a_logger_is_named():
    logger = logging.getLogger("test_library_state.memo")
    before = library_state.take()
    memo = logging.Filter("Ada")
    logger.addFilter(memo)
    try:
        named = library_state.changed(before, library_state.take())
    finally:
        logger.removeFilter(memo)
    assert named == ["logging.getLogger('test_library_state.memo').filters"]


def test_the_library_s_own_caches_and_an_unchanged_run_name_nothing():
    before = library_state.take()
    re.compile(f"a{len(before)}b+")  # a new pattern: re's cache grows
    assert library_state.changed(before, library_state.take()) == []
