"""Hear of every write to chosen dicts as it is made: CPython's dict watchers (3.12 and later).

A module's names live in a dict. Comparing thousands of them after every test finds a change
that is still there, but not one made and undone in between; a watcher is told of each
write before it happens, whoever makes it::

    watcher = DictWatcher(on_write)  # on_write(event, namespace, key, frame)
    watcher.watch(vars(asyncio.tasks))

``key`` is None when the whole dict is cleared, and ``frame`` is the Python frame that
wrote. Python has no API for this; ``ctypes`` reaches the C one (``PyDict_AddWatcher``).
"""

from __future__ import annotations

import ctypes
import sys
import types
from collections.abc import Callable

ADDED, MODIFIED, DELETED, CLONED, CLEARED, DEALLOCATED = range(6)  # PyDict_WatchEvent
OnWrite = Callable[[int, dict, object, types.FrameType | None], None]

_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p
)


def available() -> bool:
    """Whether this interpreter has dict watchers (CPython 3.12 and later)."""
    return (
        sys.implementation.name == "cpython"
        and sys.version_info >= (3, 12)
        and hasattr(ctypes.pythonapi, "PyDict_AddWatcher")
    )


class DictWatcher:
    """One of the interpreter's few dict watchers (8 at most): ``on_write`` hears of every
    write to the dicts given to :meth:`watch`, before the dict changes.

    Each watched dict is kept alive here, so none is freed while watched.
    """

    def __init__(self, on_write: OnWrite):
        self._on_write = on_write
        self._watched: dict[int, dict] = {}
        self._callback = _CALLBACK(self._notify)  # C holds a pointer to it: keep it alive
        api = ctypes.pythonapi
        add = ctypes.PYFUNCTYPE(ctypes.c_int, _CALLBACK)(("PyDict_AddWatcher", api))
        self._watch = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_int, ctypes.py_object)(
            ("PyDict_Watch", api)
        )
        self._id = add(self._callback)

    def watch(self, namespace: dict) -> None:
        """Hear of every write to ``namespace`` from now on."""
        self._watched[id(namespace)] = namespace
        self._watch(self._id, namespace)

    def close(self) -> None:
        """Stop hearing of writes, and give the watcher back (the guard's lasts as long as its
        process; a test makes and closes its own)."""
        clear = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_int)(
            ("PyDict_ClearWatcher", ctypes.pythonapi)
        )
        clear(self._id)
        self._watched.clear()

    def _notify(self, event: int, address: int | None, key: int | None, _value) -> int:
        namespace = self._watched.get(address)
        if namespace is None or event in (CLONED, DEALLOCATED):  # an empty dict filled
            return 0
        name = ctypes.cast(key, ctypes.py_object).value if key else None
        self._on_write(event, namespace, name, sys._getframe(1))
        return 0
