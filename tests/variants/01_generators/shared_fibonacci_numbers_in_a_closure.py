"""Mistake: keeps the two numbers of fibonacci on one namespace inside a read-only mapping proxy
that a closure holds, set back to 0 and 1 when a generator starts, so two fibonacci generators
in use at once step one pair of numbers between them (the shared-state rule compares the proxy
only as the object it is, and never reads the namespace inside it)."""

import types

FAILS = {4}
BREAKS = "fibonacci-each-its-own"


def _fibonacci_on_one_namespace():
    hidden = types.MappingProxyType({"shared": types.SimpleNamespace(current=0, following=1)})

    def fibonacci():
        shared = hidden["shared"]
        shared.current, shared.following = 0, 1
        while True:
            yield shared.current
            shared.current, shared.following = shared.following, shared.current + shared.following

    return fibonacci


fibonacci = _fibonacci_on_one_namespace()
