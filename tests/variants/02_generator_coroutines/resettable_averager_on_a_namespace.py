"""Mistake: resettable_averager keeps its total and count on one module-level namespace object,
shared by every averager (the shared-state rule sees only which object such a global is)."""

import types

FAILS = {5}
BREAKS = "resettable-keeps-its-own-numbers"

_state = types.SimpleNamespace(total=0, count=0)


def resettable_averager():
    _state.total = _state.count = 0
    average = None
    while True:
        try:
            value = yield average
        except Reset:
            _state.total = _state.count = 0
            average = None
            continue
        _state.total += value
        _state.count += 1
        average = _state.total / _state.count
