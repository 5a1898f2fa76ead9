"""Mistake: subtotal keeps its numbers on one namespace in a dict that a closure holds, shared
by two subtotals open at once."""

import types

FAILS = {3}
BREAKS = "shared-state"


def _subtotals_on_one_list():
    hidden = {"shared": types.SimpleNamespace(seen=[])}

    def subtotal():
        shared = hidden["shared"]
        while True:
            value = yield
            if value is None:
                total = sum(shared.seen)
                shared.seen.clear()
                return total
            shared.seen.append(value)

    return subtotal


subtotal = _subtotals_on_one_list()
