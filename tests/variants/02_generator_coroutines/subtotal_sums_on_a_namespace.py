"""Mistake: subtotal keeps its numbers on one namespace inside a read-only mapping proxy that a
closure holds, shared by two subtotals open at once (the shared-state rule compares the proxy
only as the object it is, and never reads the namespace inside it)."""

import types

FAILS = {3}
BREAKS = "subtotal-keeps-its-own-numbers"


def _subtotals_on_one_list():
    hidden = types.MappingProxyType({"shared": types.SimpleNamespace(seen=[])})

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
