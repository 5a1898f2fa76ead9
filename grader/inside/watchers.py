"""Hear of every change to chosen dicts and classes as it is made: CPython's dict and type
watchers (3.12 and later).

A module's names live in a dict, a class's in its type. Comparing them all after every test
finds a change that is still there, but not one made and undone in between; a watcher is
told of the change as it happens, with the Python frame that made it::

    names = DictWatcher(on_write)  # on_write(event, namespace, key, frame), before the write
    names.watch(vars(asyncio.tasks))
    classes = TypeWatcher(on_change)  # on_change(cls, frame), after the change
    classes.watch(_pytest.reports.TestReport)

``key`` is None when a whole dict is cleared. A class's watcher may hear only the first of
several changes in a row (until the class is used again). Python has no API for this;
``ctypes`` reaches the C one.
"""

from __future__ import annotations

import atexit
import ctypes
import sys
import types
from collections.abc import Callable

ADDED, MODIFIED, DELETED, CLONED, CLEARED, DEALLOCATED = range(6)  # PyDict_WatchEvent

_DICT_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p
)
_TYPE_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)


def available() -> bool:
    """Whether this interpreter has dict and type watchers (CPython 3.12 and later)."""
    return (
        sys.implementation.name == "cpython"
        and sys.version_info >= (3, 12)
        and hasattr(ctypes.pythonapi, "PyDict_AddWatcher")
    )


class _Watcher:
    """One of the interpreter's few watchers of a kind (8 at most): what is watched is kept
    alive here. Closed before the interpreter ends, so that its clean-up calls no callback
    of a Python half torn down."""

    def __init__(self, kind: str, prototype: type, notify: Callable[..., int]):
        api = ctypes.pythonapi
        add = ctypes.PYFUNCTYPE(ctypes.c_int, prototype)((f"Py{kind}_AddWatcher", api))
        self._watch = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_int, ctypes.py_object)(
            (f"Py{kind}_Watch", api)
        )
        self._clear = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_int)((f"Py{kind}_ClearWatcher", api))
        self._callback = prototype(notify)  # C holds a pointer to it: keep it alive
        self._watched: dict[int, object] = {}
        self._id: int | None = add(self._callback)
        atexit.register(self.close)

    def watch(self, target: object) -> None:
        """Hear of every change to ``target`` from now on."""
        self._watched[id(target)] = target
        self._watch(self._id, target)

    def close(self) -> None:
        """Hear of nothing more, and give the watcher back."""
        if self._id is not None:
            self._clear(self._id)
            self._id = None
            self._watched.clear()
            atexit.unregister(self.close)


class DictWatcher(_Watcher):
    """``on_write(event, namespace, key, frame)`` hears of every write to the watched dicts,
    before the dict changes."""

    def __init__(self, on_write: Callable[[int, dict, object, types.FrameType | None], None]):
        self._on_write = on_write
        super().__init__("Dict", _DICT_CALLBACK, self._notify)

    def _notify(self, event: int, address: int | None, key: int | None, _value) -> int:
        namespace = self._watched.get(address)
        if namespace is None or event in (CLONED, DEALLOCATED):  # an empty dict filled
            return 0
        name = ctypes.cast(key, ctypes.py_object).value if key else None
        self._on_write(event, namespace, name, sys._getframe(1))
        return 0


class TypeWatcher(_Watcher):
    """``on_change(cls, frame)`` hears of a change to a watched class (or to a class it
    inherits from), once the change is made."""

    def __init__(self, on_change: Callable[[type, types.FrameType | None], None]):
        self._on_change = on_change
        super().__init__("Type", _TYPE_CALLBACK, self._notify)

    def _notify(self, address: int | None) -> int:
        cls = self._watched.get(address)
        if cls is not None:
            self._on_change(cls, sys._getframe(1))
        return 0
