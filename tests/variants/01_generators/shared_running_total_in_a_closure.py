"""Mistake: keeps the running total on one namespace inside a read-only mapping proxy that a
closure holds, set to 0 when a generator starts and again when it ends, so two running_total
generators in use at once add into one total (the shared-state rule compares the proxy only as
the object it is, and never reads the namespace inside it)."""

import types

FAILS = {6}
BREAKS = "running-total-each-its-own"


def _running_total_on_one_namespace():
    hidden = types.MappingProxyType({"shared": types.SimpleNamespace(total=0)})

    def running_total(numbers):
        shared = hidden["shared"]
        shared.total = 0
        try:
            for number in numbers:
                shared.total += number
                yield shared.total
        finally:
            shared.total = 0

    return running_total


running_total = _running_total_on_one_namespace()
