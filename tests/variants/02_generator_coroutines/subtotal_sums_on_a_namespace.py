"""Mistake: subtotal keeps its numbers on one namespace object that a closure holds, shared by
two subtotals open at once (the shared-state rule sees only which object a closure holds)."""

import types

FAILS = {3}
BREAKS = "subtotal-keeps-its-own-numbers"


def _subtotals_on_one_list():
    shared = types.SimpleNamespace(seen=[])

    def subtotal():
        while True:
            value = yield
            if value is None:
                total = sum(shared.seen)
                shared.seen.clear()
                return total
            shared.seen.append(value)

    return subtotal


subtotal = _subtotals_on_one_list()
