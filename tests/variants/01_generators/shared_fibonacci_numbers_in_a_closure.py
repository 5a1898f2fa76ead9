"""Mistake: keeps the two numbers of fibonacci on one namespace in a dict that a closure holds,
set back to 0 and 1 when a generator starts, so two fibonacci generators in use at once step one
pair of numbers between them."""

import types

FAILS = {4}
BREAKS = "shared-state"


def _fibonacci_on_one_namespace():
    hidden = {"shared": types.SimpleNamespace(current=0, following=1)}

    def fibonacci():
        shared = hidden["shared"]
        shared.current, shared.following = 0, 1
        while True:
            yield shared.current
            shared.current, shared.following = shared.following, shared.current + shared.following

    return fibonacci


fibonacci = _fibonacci_on_one_namespace()
