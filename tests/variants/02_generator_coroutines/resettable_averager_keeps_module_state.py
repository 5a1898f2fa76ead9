"""Mistake: resettable_averager keeps its total and count in a module-level dict, shared by all."""

FAILS = {5}
BREAKS = "shared-state"

_state = {"total": 0, "count": 0}


def resettable_averager():
    _state["total"] = 0
    _state["count"] = 0
    average = None
    while True:
        try:
            value = yield average
        except Reset:
            _state["total"] = 0
            _state["count"] = 0
            average = None
            continue
        _state["total"] += value
        _state["count"] += 1
        average = _state["total"] / _state["count"]
