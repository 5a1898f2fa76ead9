"""Mistake: subtotal keeps its numbers on one module-level namespace object, shared by two
subtotals open at once (the shared-state rule sees only which object such a global is)."""

import types

FAILS = {3}
BREAKS = "subtotal-keeps-its-own-numbers"

_shared = types.SimpleNamespace(seen=[])


def subtotal():
    while True:
        value = yield
        if value is None:
            total = sum(_shared.seen)
            _shared.seen.clear()
            return total
        _shared.seen.append(value)
