"""Mistake: keeps the running total on one namespace in a dict that a closure holds, set to 0
when a generator starts and again when it ends, so two running_total generators in use at once
add into one total."""

import types

FAILS = {6}
BREAKS = "shared-state"


def _running_total_on_one_namespace():
    hidden = {"shared": types.SimpleNamespace(total=0)}

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
