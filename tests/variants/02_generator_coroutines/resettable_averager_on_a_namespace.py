"""Mistake: resettable_averager keeps its total and count on one namespace in a dict that a
closure holds, shared by every averager."""

import types

FAILS = {5}
BREAKS = "shared-state"


def _averagers_on_one_state():
    hidden = {"state": types.SimpleNamespace(total=0, count=0)}

    def resettable_averager():
        state = hidden["state"]
        state.total = state.count = 0
        average = None
        while True:
            try:
                value = yield average
            except Reset:
                state.total = state.count = 0
                average = None
                continue
            state.total += value
            state.count += 1
            average = state.total / state.count

    return resettable_averager


resettable_averager = _averagers_on_one_state()
