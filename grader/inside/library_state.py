"""State the standard library keeps, that every call can reach without its module: the lists,
dicts and sets its modules and classes hold (``sys.argv``, ``copyreg.dispatch_table``, a dict a
library class holds), the namespaces its modules hold (``sys.implementation``), and the
filters and handlers of the loggers the logging registry holds.

A memo kept there is shared by every call, out of the shared-state rule's sight (the rule
copies what the learner's module holds). It cannot be told from the library's own bookkeeping
by what is kept, only by where: :func:`take` notes each place's object and size before a test
runs the learner's code, :func:`changed` names the places whose size or object changed since,
but for the caches the library fills on its own (:data:`LIBRARY_CACHES`). The plugin flags
them for review.
"""

from __future__ import annotations

import collections
import functools
import sys
import types

from grader.inside.guard import sysconfig_folders

CONTAINERS = (list, dict, set, collections.deque)  # exact types: a library's own subclasses
# are its machinery (WeakValueDictionary, os.environ)
# What the standard library changes on its own as code runs: its caches (regular expressions,
# source lines, codecs, modules found, types seen), the import system's tables, the threads,
# processes and finalizers it runs.
LIBRARY_CACHES = frozenset(
    {
        ("re", "_cache"), ("re", "_cache2"), ("linecache", "cache"), ("encodings", "_cache"),
        ("inspect", "modulesbyfile"), ("inspect", "_filesbymodname"),
        ("sys", "modules"), ("sys", "path"), ("sys", "path_importer_cache"), ("sys", "meta_path"),
        ("sys", "path_hooks"), ("threading", "_active"), ("threading", "_limbo"),
        ("threading", "_shutdown_locks"), ("subprocess", "_active"), ("warnings", "filters"),
        ("gc", "callbacks"), ("asyncio.coroutines", "_iscoroutine_typecache"),
        ("weakref", "finalize._registry"), ("multiprocessing.util", "_finalizer_registry"),
        ("multiprocessing.reduction", "ForkingPickler._extra_reducers"),
        ("threading", "_threading_atexits"),
        ("posix", "environ"),  # (the environment is the guard's: grader/inside/guard.py)
    }
)  # fmt: skip

Places = dict[tuple[str, str], tuple[int, int]]


def take() -> Places:
    """Each place of the standard library that holds a list, dict, set or namespace: its
    object and size, by (module, name). The places are found once (again when modules were
    imported since); each take only reads them: it runs before and after every test."""
    found: Places = {}
    for label, holder, key in [*_places(), *_logger_places()]:
        value = holder.get(key)
        if type(value) in CONTAINERS:
            found[label] = (id(value), len(value))
        elif type(value) is types.SimpleNamespace:
            found[label] = (id(value), len(vars(value)))
    return found


def _logger_places() -> list[tuple[tuple[str, str], dict, str]]:
    """The filters and handlers of each logger the logging registry holds (a filter's name can
    hold a memo), of loggers of logging's own class (another's may be the learner's)."""
    logging = sys.modules.get("logging")
    manager = getattr(getattr(logging, "Logger", None), "manager", None)
    registry = vars(manager).get("loggerDict") if manager is not None else None
    if type(registry) is not dict:
        return []
    return [
        ((f"logging.getLogger({name!r})", key), vars(logger), key)
        for name, logger in list(registry.items())
        if type(logger) is logging.Logger
        for key in ("filters", "handlers")
    ]


_found: tuple[set[str], list] = (set(), [])  # the modules looked at, and their places


def _places() -> list[tuple[tuple[str, str], object, str]]:
    """(label, what holds it, its key) for each place: a module's name, or a class's attribute
    (in the class's own namespace). A module imported since the last look is looked at."""
    seen, places = _found
    if len(seen) != len(sys.modules):
        for name, module in list(sys.modules.items()):
            if name in seen:
                continue
            seen.add(name)
            if type(module) is types.ModuleType and _of_the_library(module):
                places += _module_places(name, vars(module))
    return places


def _module_places(name: str, namespace: dict) -> list[tuple[tuple[str, str], object, str]]:
    found = []
    for key, value in list(namespace.items()):
        if type(key) is not str:
            continue
        if type(value) in CONTAINERS or type(value) is types.SimpleNamespace:
            found.append(((name, key), namespace, key))
        elif isinstance(value, type) and vars(value).get("__module__") == name:
            held = vars(value)  # (a mapping proxy: read through, as it is now)
            found += [
                ((name, f"{key}.{attribute}"), held, attribute)
                for attribute, item in list(held.items())
                if type(item) in CONTAINERS
            ]
    return found


def changed(before: Places, now: Places) -> list[str]:
    """The places that hold another object, or as many more or fewer values, than before."""
    return sorted(
        f"{module}.{name}"
        for (module, name), held in now.items()
        if before.get((module, name), held) != held and (module, name) not in LIBRARY_CACHES
    )


def _of_the_library(module: types.ModuleType) -> bool:
    where = vars(module).get("__file__")
    return where is None or (type(where) is str and where.startswith(_standard_library()))


@functools.cache
def _standard_library() -> tuple[str, ...]:
    return sysconfig_folders("stdlib", "platstdlib")
