"""State the standard library keeps, that every call can reach without its module: the lists,
dicts and sets its modules and classes hold (``sys.argv``, ``copyreg.dispatch_table``, a dict a
library class holds), the namespaces its modules hold (``sys.implementation``), the attributes
of the logging tree (the root logger, its manager, every logger of the registry, their filters
and handlers) and the interpreter's settings (``sys.setrecursionlimit``, ``gc.set_threshold``).

A memo kept there is shared by every call, out of the shared-state rule's sight (the rule
copies what the learner's module holds). It cannot be told from the library's own bookkeeping
by what is kept, only by where: :func:`take` notes each place's object, size and the identity
of what it holds before a test runs the learner's code, :func:`changed` names the places that
changed since, but for the caches the library fills on its own (:data:`LIBRARY_CACHES`), where
it names only those given an object of the learner's or a bare list, dict or set (which no
cache of the library keeps). The plugin flags them for review.
"""

from __future__ import annotations

import collections
import enum
import functools
import gc
import itertools
import os
import sys
import threading
import types
from collections.abc import Callable

from grader.inside import watchers
from grader.inside.guard import instance_dict, sysconfig_folders
from grader.inside.snapshots import plain_level_cache

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
        ("asyncio.coroutines", "_iscoroutine_typecache"),
        ("weakref", "finalize._registry"), ("multiprocessing.util", "_finalizer_registry"),
        ("multiprocessing.reduction", "ForkingPickler._extra_reducers"),
        ("threading", "_threading_atexits"), ("asyncio.tasks", "_current_tasks"),
        ("_asyncio", "_current_tasks"), ("logging", "_handlerList"),
        ("importlib._bootstrap", "_module_locks"), ("_frozen_importlib", "_module_locks"),
        ("posix", "environ"),  # (the environment is the guard's: grader/inside/guard.py)
    }
)  # fmt: skip

Places = dict[tuple[str, str], object]
# Objects of the library's own classes its modules hold that the grader's other rules answer
# for (the environment, the main thread: the guard's) or that the import system changes.
OBJECTS_LEFT_OUT = frozenset(
    {
        ("os", "environ"), ("os", "environb"), ("logging", "root"),  # (the tree's: getLogger)
        ("_frozen_importlib", "_blocking_on"), ("importlib._bootstrap", "_blocking_on"),
    }
)  # fmt: skip
MEMO_SHAPES = (list, dict, set, collections.deque, types.SimpleNamespace)  # no cache holds one


def take() -> Places:
    """Each place of the standard library that holds a list, dict, set or namespace, by
    (module, name): its object, size and what tells what it holds; each setting's value.
    What a dict holds is told by the writes heard to it (3.12 and later: :func:`_watching`),
    what another container holds by a digest of the identities of its items (a bigger one,
    an HTML entities table, by its size alone), what a cache of the library holds by nothing
    more (it is read again only when it changed: :func:`changed`). The places are found once
    (again when modules were imported since); each take only reads them: it runs before and
    after every test."""
    found: Places = {}
    watcher = _watching()
    read: list[tuple[tuple[str, str], object]] = []  # what is read item by item, in one go
    for label, holder, key, cached in [*_places(), *_logger_places()]:
        value = holder.get(key)
        kind = type(value)
        if kind is types.SimpleNamespace:
            value, kind = vars(value), dict
        if kind is dict and watcher is not None and not cached:
            found[label] = (_identity(value), len(value), _writes.get(_watch(watcher, value), 0))
        elif label == PYTEST_HANDLERS and kind is list:
            found[label] = _digest([each for each in value if not _pytest_s(each)])
        elif kind in CONTAINERS:
            found[label] = (_identity(value), len(value))
            if not cached and len(value) <= READ_AT_MOST:
                read += (
                    [(label, value), (label, value.values())] if kind is dict else [(label, value)]
                )
    found[ITEMS] = _items(read)
    dressed = set()
    for label, owner in _logging_objects():
        names = vars(owner)
        cache = _bookkeeping("_cache", names.get("_cache"))
        if "propagate" in names and (cache is not True or _dressed(names)):
            dressed.add(label)
        found[label] = (*_attributes(owner, watcher), cache)
    found[DRESSED] = frozenset(dressed)
    for label, holder, key, kind in _found[2]:
        owner = holder.get(key)
        found[label] = _attributes(owner, watcher) if type(owner) is kind else _identity(owner)
    for (module, name), read in SETTINGS.items():
        if module in sys.modules:
            try:
                found[(module, name)] = read()
            except Exception:  # a setting the learner's code made unreadable
                found[(module, name)] = MISSING
    return found


def _attributes(owner: object, watcher: watchers.DictWatcher | None) -> tuple:
    """What tells an object's attributes: its dict's identity, size and the writes heard to
    it (3.12 and later), else a digest of what it holds (a logger's cache of levels aside)."""
    names = vars(owner)
    if watcher is not None and _identity(names) not in _watched:
        try:
            names = instance_dict(owner)  # its inline attributes are written past its dict
        except (AttributeError, TypeError):  # a __dict__ that cannot be set: read it each time
            watcher = None
    if watcher is None:
        return (_digest({name: _bookkeeping(name, item) for name, item in names.items()}),)
    return (_identity(names), len(names), _writes.get(_watch(watcher, names), 0))


# Where pytest puts the handlers that capture each phase's logs, in and out as phases change.
PYTEST_HANDLERS = ("logging", "getLogger('root').handlers")
# Items a container may hold to be read item by item at every look (each look runs twice a
# test): a bigger one is told by its object and size.
READ_AT_MOST = 256


ITEMS = ("", "items")  # the identities of the items of the places read item by item
DRESSED = ("", "dressed")  # the loggers that hold more than a logger made by getLogger()
# What a logger made by getLogger() holds: one made during a call holding more (a filter, a
# handler, an attribute) may be a memo kept in a new logger each call.
PLAIN_LOGGER = frozenset(
    {"name", "level", "parent", "propagate", "handlers", "disabled", "_cache", "filters", "manager"}
)


def _dressed(names: dict) -> bool:
    return bool(names.get("filters") or names.get("handlers") or names.keys() - PLAIN_LOGGER)


def _items(read: list[tuple[tuple[str, str], object]]) -> tuple[tuple, tuple]:
    """Which places were read, how many items each gave, and the identities of all their
    items (of a dict: its keys, then its values) in one flat tuple: read in C, not place by
    place."""
    labels = tuple(label for label, _held in read)
    sizes = tuple(map(len, (held for _label, held in read)))
    flat = tuple(map(_identity, itertools.chain.from_iterable(held for _label, held in read)))
    return labels, sizes, flat


def _digest(held: object) -> int:
    """The identities of what a container holds, in order, as one number."""
    if type(held) is dict:
        return hash((tuple(map(_identity, held)), tuple(map(_identity, held.values()))))
    if type(held) is set:
        return sum(map(_identity, held))
    return hash(tuple(map(_identity, held)))


_QUALNAME = vars(type)["__qualname__"].__get__  # the C one: a metaclass's is not read
# An object's identity as a number, as id() gives it, without the audit event id() raises
# (the guard hears every one: thousands at each look).
_identity = object.__hash__
_writes: dict[int, int] = {}  # the writes heard to each watched dict, by its identity
_watched: set[int] = set()  # the dicts watched, by their identity
_watcher: list = []  # the dict watcher, once made (None where there are none)


def _watching() -> watchers.DictWatcher | None:
    """The dict watcher that counts the writes to the places' dicts in ``_writes`` (None
    before 3.12)."""
    if not _watcher:
        _watcher.append(watchers.DictWatcher(_heard) if watchers.available() else None)
    return _watcher[0]


def _watch(watcher: watchers.DictWatcher, held: dict) -> int:
    """Watch ``held`` (once); its identity."""
    identity = _identity(held)
    if identity not in _watched:
        _watched.add(identity)
        watcher.watch(held)
    return identity


def _heard(_event: int, written: dict, _key: object, _frame: object) -> None:
    identity = _identity(written)
    _writes[identity] = _writes.get(identity, 0) + 1


def _pytest_s(handler: object) -> bool:
    module = vars(type(handler)).get("__module__")
    return type(module) is str and module.startswith("_pytest.")


def _bookkeeping(name: str, value: object) -> object:
    """A logger's cache of levels stands for whether it holds only that (it grows as honest
    code logs); the registry of loggers is looked at logger by logger."""
    if name == "_cache" and type(value) is dict:
        return plain_level_cache(value)
    if name == "loggerDict":
        return None
    return value


MISSING = object()
# The interpreter's settings, read by (module, what reads it): a counter can be kept in any.
SETTINGS: dict[tuple[str, str], Callable[[], object]] = {
    ("sys", "getrecursionlimit()"): sys.getrecursionlimit,
    ("sys", "getswitchinterval()"): sys.getswitchinterval,
    ("sys", "get_int_max_str_digits()"): sys.get_int_max_str_digits,
    ("gc", "get_threshold()"): gc.get_threshold,
    ("gc", "isenabled()"): gc.isenabled,
    ("threading", "stack_size()"): threading.stack_size,  # (without an argument: only reads)
    ("sys", "get_coroutine_origin_tracking_depth()"): sys.get_coroutine_origin_tracking_depth,
    ("sys", "getdlopenflags()"): sys.getdlopenflags,
    ("os", "umask"): lambda: _umask(),
    ("socket", "getdefaulttimeout()"): lambda: sys.modules["socket"].getdefaulttimeout(),
    ("decimal", "getcontext()"): lambda: _decimal_context(sys.modules["decimal"].getcontext()),
    ("locale", "setlocale(LC_ALL)"): lambda: sys.modules["locale"].setlocale(
        sys.modules["locale"].LC_ALL
    ),  # (without a locale: only reads)
}
# A decimal context's settings (its flags are left out: honest arithmetic raises them).
DECIMAL_SETTINGS = ("prec", "rounding", "Emin", "Emax", "capitals", "clamp")


def _decimal_context(context: object) -> tuple:
    traps = tuple(sorted(kind.__name__ for kind, on in context.traps.items() if on))
    return (*(getattr(context, name) for name in DECIMAL_SETTINGS), traps)


def _umask() -> str:
    """The process's umask, as the kernel tells it (setting it is the only other way to read
    it)."""
    with open("/proc/self/status", encoding="ascii") as status:
        return next((line for line in status if line.startswith("Umask:")), "")


def _logging_objects() -> list[tuple[tuple[str, str], object]]:
    """The logging tree every call reaches by name: the loggers' manager, the root logger and
    each logger of the registry, and their filters and handlers (a handler's name can hold a
    memo), those of logging's own classes (another's may be the learner's, and run its code
    when read)."""
    manager, loggers = _logging_tree()
    found = [(("logging", "Logger.manager"), manager)]
    for name, logger in loggers:
        found.append((("logging", f"getLogger({name!r})"), logger))
        parts = [*vars(logger).get("filters", ()), *vars(logger).get("handlers", ())]
        found += [
            (("logging", f"getLogger({name!r}).{type(part).__name__}"), part) for part in parts
        ]
    return [(label, owner) for label, owner in found if _of_logging(type(owner))]


def _of_logging(kind: type) -> bool:
    """Whether ``kind`` is a class of logging's own (or of logging.handlers), by the name the
    module holds it under."""
    name = _QUALNAME(kind)
    modules = [sys.modules.get("logging"), sys.modules.get("logging.handlers")]
    return any(module is not None and vars(module).get(name) is kind for module in modules)


def _logger_places() -> list[tuple[tuple[str, str], dict, str, bool]]:
    """The lists of filters and handlers of each logger of the tree."""
    return [
        (("logging", f"getLogger({name!r}).{key}"), vars(logger), key, False)
        for name, logger in _logging_tree()[1]
        for key in ("filters", "handlers")
    ]


def _logging_tree() -> tuple[object, list[tuple[str, object]]]:
    """The loggers' manager, and the root logger and each logger the registry holds, of
    logging's own classes (another's may be the learner's, read by the shared-state rule)."""
    logging = sys.modules.get("logging")
    if logging is None:
        return None, []
    manager = vars(logging.Logger).get("manager")  # (the class's: one for every logger)
    root = vars(logging).get("root")
    loggers = [("root", root)] if type(root) is logging.RootLogger else []
    registry = vars(manager).get("loggerDict") if type(manager) is logging.Manager else None
    if type(registry) is dict:
        loggers += [
            (name, logger)
            for name, logger in list(registry.items())
            if type(logger) in (logging.Logger, logging.PlaceHolder)
        ]
    return manager, loggers


# The modules looked at, their places, and the objects of their own classes they hold.
_found: tuple[set[str], list, list] = (set(), [], [])


def _places() -> list[tuple[tuple[str, str], object, str, bool]]:
    """(label, what holds it, its key, whether it is a cache) for each place: a module's name,
    or a class's attribute (in the class's own namespace). A module imported since the last
    look is looked at."""
    seen, places, objects = _found
    if len(seen) != len(sys.modules):
        for name, module in list(sys.modules.items()):
            if name in seen:
                continue
            seen.add(name)
            if type(module) is types.ModuleType and _of_the_library(module):
                places += _module_places(name, vars(module))
                objects += _module_objects(name, vars(module))
    return places


def _module_objects(name: str, namespace: dict) -> list[tuple[tuple[str, str], dict, str, type]]:
    """(label, the module's namespace, its name there, its class) for each object of a class
    of the module's own it holds under a public name (``calendar.c``, ``reprlib.aRepr``): a
    memo kept in its attributes is shared by every call."""
    found = []
    for key, value in list(namespace.items()):
        kind = type(value)
        if type(key) is not str or key.startswith("_") or (name, key) in OBJECTS_LEFT_OUT:
            continue  # (a private one is reached only by names the scan flags)
        if vars(kind).get("__module__") != name or isinstance(value, type | enum.Enum):
            continue
        try:
            held = object.__getattribute__(value, "__dict__")  # (a class of the library's)
        except AttributeError:
            continue
        if type(held) is dict:
            found.append(((name, key), namespace, key, kind))
    return found


def _module_places(name: str, namespace: dict) -> list[tuple[tuple[str, str], object, str, bool]]:
    found = []
    for key, value in list(namespace.items()):
        if type(key) is not str or key == "__builtins__":  # (the guard's: grader/inside/guard.py)
            continue
        if type(value) in CONTAINERS or type(value) is types.SimpleNamespace:
            found.append(((name, key), namespace, key, (name, key) in LIBRARY_CACHES))
        elif isinstance(value, type) and vars(value).get("__module__") == name:
            held = vars(value)  # (a mapping proxy: read through, as it is now)
            found += [
                ((name, label), held, attribute, (name, label) in LIBRARY_CACHES)
                for attribute, item in list(held.items())
                if type(item) in CONTAINERS
                for label in [f"{key}.{attribute}"]
            ]
    return found


def changed(before: Places, now: Places, learner_s: Callable[[object], bool]) -> list[str]:
    """The places that hold another object, as many more or fewer values, or other values
    than before, and the settings set otherwise; of the library's caches, those that changed
    and now hold an object ``learner_s`` tells, or a bare list, dict or set."""
    found = set()
    for (module, name), held in now.items():
        if (module, name) in (ITEMS, DRESSED) or before.get((module, name), held) == held:
            continue
        if (module, name) not in LIBRARY_CACHES or _memo_in_cache(module, name, learner_s):
            found.add(f"{module}.{name}")
    made = now.get(DRESSED, frozenset()) - before.get(DRESSED, frozenset())
    found.update(f"{module}.{name}" for module, name in made if (module, name) not in before)
    if ITEMS in before and before[ITEMS][2] != now[ITEMS][2]:
        then, later = _by_place(before[ITEMS]), _by_place(now[ITEMS])
        found.update(
            f"{module}.{name}"
            for (module, name), items in later.items()
            if then.get((module, name), items) != items
        )
    return sorted(found)


def _by_place(items: tuple[tuple, tuple, tuple]) -> dict[tuple[str, str], list]:
    """What :func:`_items` read, place by place."""
    labels, sizes, flat = items
    found: dict[tuple[str, str], list] = {}
    start = 0
    for label, size in zip(labels, sizes, strict=True):
        found.setdefault(label, []).append(flat[start : start + size])
        start += size
    return found


def _memo_in_cache(module: str, name: str, learner_s: Callable[[object], bool]) -> bool:
    """Whether a cache of the library holds what no cache of the library holds: an object of
    the learner's, or a bare container, among its items, its keys, the parts of a tuple (a
    warnings filter), a partial or a bound method it holds; a path it never looked in
    (``sys.path_importer_cache``); a module's name that is no module's
    (``inspect.modulesbyfile``)."""
    holder = sys.modules.get(module)
    value = vars(holder) if holder is not None else {}
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else vars(value).get(part)
    if type(value) is dict:
        items = [*value, *value.values()]
    elif type(value) in CONTAINERS:
        items = list(value)
    else:
        return False
    if (module, name) == ("sys", "path_importer_cache") and not all(map(_looked_in, value)):
        return True
    if (module, name) == ("inspect", "modulesbyfile"):
        return not all(type(each) is str and each in sys.modules for each in value.values())
    held = [part for item in items for part in _held_by(item)]  # (as the items themselves)
    parts = [part for item in items if type(item) is tuple for part in item]  # (a line cache's)
    return any(type(each) in MEMO_SHAPES for each in items + held) or any(
        map(learner_s, items + held + parts)
    )


def _held_by(item: object) -> tuple:
    """What a partial (its function and arguments) or a bound method (its object and
    function) a cache holds holds."""
    if type(item) is functools.partial:
        return (item.func, *item.args, *item.keywords.values())
    if type(item) is types.MethodType:
        return (item.__self__, item.__func__)
    return ()


def _looked_in(path: object) -> bool:
    """Whether the import system could have looked in ``path``: one of ``sys.path`` (a zip
    file of the standard library that is not there, say), or a folder or a file there is."""
    return type(path) is str and (path in sys.path or os.path.exists(path))


def _of_the_library(module: types.ModuleType) -> bool:
    where = vars(module).get("__file__")
    return where is None or (type(where) is str and where.startswith(_standard_library()))


@functools.cache
def _standard_library() -> tuple[str, ...]:
    return sysconfig_folders("stdlib", "platstdlib")
