"""Mistake: averager keeps its total and count on one namespace that a closure holds, set back
to 0 when a generator starts, so two averagers open at once average each other's numbers
(the shared-state rule sees only which object a closure holds)."""

import types

FAILS = {1}
BREAKS = "averager-keeps-its-own-numbers"


def _averagers_on_one_namespace():
    shared = types.SimpleNamespace(total=0, count=0)

    def averager():
        shared.total, shared.count = 0, 0
        average = None
        while True:
            value = yield average
            shared.total += value
            shared.count += 1
            average = shared.total / shared.count

    return averager


averager = _averagers_on_one_namespace()
