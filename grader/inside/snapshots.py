"""What a value holds, copied so that it can be compared later without running the learner's
code: how the shared-state rule (grader/inside/module_state.py) looks at each place.

:func:`copy_of` descends into containers (lists, tuples, dicts, sets, deques, bytearrays, read
by their base types' own methods), into what a value keeps out of a container's sight (a bound
method's object, a partial's arguments, a context variable's value where the module was
imported, a suspended generator's or coroutine's variables, a function of the module's own by
its defaults and closed-over variables) and into the objects it meets: every attribute of a
namespace's, of an object of the module's own classes or of another library's object, one level
for the last (a logger's but its cache of levels and its links to other loggers). Objects
that keep their state in C are told by a text read from their own attributes or C methods (a
count, an array, an asyncio queue, event or lock, a functools cache, an in-memory file, a
buffer), or copied through what they tell the garbage collector and pickle they hold (a mapping
proxy, a dict view, a slice, an iterator's position, an exception's arguments); one whose state
nothing reads (a compressor) is named in :data:`unreadable`, for the plugin to flag. A class
counts as another module's only when it truly is of it (:func:`genuine`), a function as the
module's by its globals. Anything else stays itself, compared by identity. A place too big or
too deep to copy is told by how many values it holds (:func:`summary`). :func:`alike` compares
two copies, running no ``__eq__`` but those of built-in values.
"""

from __future__ import annotations

import argparse
import array
import asyncio
import collections
import contextvars
import datetime
import decimal
import functools
import gc
import hashlib
import inspect
import io
import itertools
import mmap
import re
import sys
import threading
import types
import warnings
import weakref
from dataclasses import dataclass

from grader.text import NAME_LENGTH, one_line

MAX_DEPTH = 12  # levels of nesting copied; deeper, the place is told by its size (summary)
MAX_ITEMS = 5_000  # values copied for one place; more, and it is told by its size (summary)
MAX_COUNTED = 200_000  # values a summary counts
TRUSTED = (int, float, complex, str, bytes, bool, type(None))  # compared with their own ==
# Values of C types that compare by value, with no object of anyone's inside: compared with
# their own == too (what a C object tells pickle it holds may be made anew: an iterator's range).
VALUES = (
    range, decimal.Decimal, datetime.date, datetime.time, datetime.datetime,
    datetime.timedelta, datetime.timezone,
)  # fmt: skip
MISSING = object()  # a closed-over variable not bound yet, an empty slot


class TooMuch(Exception):
    """A place holds more than :data:`MAX_ITEMS` values, or is nested deeper than allowed."""


@dataclass(frozen=True, eq=False)
class Held:
    """An object and a copy of what it keeps (its attributes, its arguments, its variables)."""

    owner: object
    kept: object

    def __repr__(self) -> str:
        kind = type(self.owner)
        if kind is types.BuiltinMethodType or kind is types.MethodType:
            name = getattr(self.owner, "__qualname__", "?")  # the method's, bound to what it keeps
            return f"<{one_line(str(name), NAME_LENGTH)} of {self.kept!r}>"
        return f"<{one_line(getattr(kind, '__name__', '?'), NAME_LENGTH)} {self.kept!r}>"


@dataclass(frozen=True, eq=False)
class Keyed:
    """A copy of a dict or a set whose keys (members) are objects, and copies of what they
    hold: a memo kept in a key's attribute is state too."""

    copy: object
    keys: tuple

    def __repr__(self) -> str:
        return repr(self.copy)


@dataclass(frozen=True, eq=False)
class Told:
    """An object whose state only its own attributes or C methods tell, as they told it."""

    owner: object
    text: str

    def __repr__(self) -> str:
        return self.text


def copy_of(value: object, module: types.ModuleType | None, *, look_in: bool = True) -> object:
    """What ``value`` holds, copied (see the module's doc); ``look_in=False``: an object with
    attributes stays itself at the top (its attributes are places of their own). Raises
    :class:`TooMuch` for a place too big or too deep to copy."""
    budget = [MAX_ITEMS]
    return _copy(value, module, 0, budget, look_in=look_in, shallow=False, seen=set())


def alike(new: object, old: object, depth: int = 0) -> bool:
    """Whether two copies made by :func:`copy_of` hold the same: the same objects, or copies
    of the same kinds holding the same, or equal built-in values."""
    if new is old:
        return True
    kind = type(old)
    if type(new) is not kind or depth > MAX_DEPTH:
        return False
    if kind is Held:
        return new.owner is old.owner and alike(new.kept, old.kept, depth + 1)
    if kind is Told:
        return new.owner is old.owner and new.text == old.text
    if kind is Keyed:
        return alike(new.copy, old.copy, depth + 1) and alike(new.keys, old.keys, depth + 1)
    if kind in TRUSTED or kind in VALUES:
        return new == old
    if kind is list or kind is tuple:
        return len(new) == len(old) and all(
            alike(a, b, depth + 1) for a, b in zip(new, old, strict=True)
        )
    if kind is dict:
        if len(new) != len(old):
            return False
        by_id = {id(key): (key, item) for key, item in new.items()}
        for key, item in old.items():
            found = by_id.get(id(key))
            if found is None:
                found = next((pair for pair in by_id.values() if _same_key(pair[0], key)), None)
            if found is None or not alike(found[1], item, depth + 1):
                return False
        return True
    if kind is set or kind is frozenset:
        ids = {id(member) for member in new}
        return len(new) == len(old) and all(
            id(member) in ids or any(_same_key(each, member) for each in new) for member in old
        )
    if kind is bytearray:
        return new == old
    return False


def _same_key(a: object, b: object) -> bool:
    return a is b or (type(a) is type(b) and type(a) in TRUSTED and a == b)


# Objects of the standard library that keep their state out of sight (in C) but show it in their
# repr, a repr that runs no code of the learner's (a count of numbers): compared by it. Their
# exact types, told by identity (hashing a class may run its metaclass's code).
SHOWN_BY_REPR = (itertools.count, array.array)
# asyncio's queues: their repr shows the items (the learner's objects, maybe), so their state
# is told from their own attributes: how many items they hold, how many are not done.
QUEUES = (asyncio.Queue, asyncio.PriorityQueue, asyncio.LifoQueue)
# asyncio's events, locks and semaphores: told by their own attributes (set, locked, count).
LOCKS = (asyncio.Event, asyncio.Lock, asyncio.Semaphore, asyncio.BoundedSemaphore)
THREAD_LOCKS = (type(threading.Lock()), type(threading.RLock()))
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
FILES = (io.StringIO, io.BytesIO)  # in-memory files: told by what they hold, and where
# What a cache of functools (lru_cache, cache) is: told by how many results it holds.
CACHE = type(functools.lru_cache(maxsize=None)(len))
FRAMES = {  # a generator's, a coroutine's, an async generator's frame, by its attribute
    types.GeneratorType: "gi_frame",
    types.CoroutineType: "cr_frame",
    types.AsyncGeneratorType: "ag_frame",
}
# Containers whose items are copied, subclasses too (a defaultdict, a Counter, a named tuple),
# each as the plain container it is.
CONTAINERS = (list, dict, set, frozenset, tuple, bytearray, collections.deque)


def told(value: object) -> str | None:
    """The text that tells the state of an object that keeps it in C, or None."""
    kind = type(value)
    if not tells(kind):
        return None
    if any(kind is shown for shown in SHOWN_BY_REPR):
        return repr(value)
    if any(kind is lock for lock in THREAD_LOCKS):  # locked or not (and an RLock's count)
        return _ADDRESS.sub("", kind.__repr__(value))
    layer = _layer(kind)
    if layer is not None:  # a text or buffered layer over an in-memory file: told by the file
        inner = told(layer.__get__(value, kind))
        return None if inner is None else f"<{_type_name(kind)} over {inner}>"
    if issubclass(kind, array.array):  # a subclass too, read by array's own methods
        return f"{array.array.__repr__(value)}"
    if issubclass(kind, FILES):  # a subclass too, read by the base type's own methods
        base = next(each for each in FILES if issubclass(kind, each))
        return f"<{base.__name__} {base.getvalue(value)!r} at {base.tell(value)}>"
    fields = vars(value) if any(kind is each for each in (*QUEUES, *LOCKS)) else None
    if fields is not None and kind in QUEUES:  # exact asyncio types: their own attributes
        held = fields.get("_queue")
        return (
            f"<{kind.__name__} maxsize={fields.get('_maxsize')!r}, "
            f"{0 if held is None else len(held)} item(s) held, "
            f"{fields.get('_unfinished_tasks')!r} not done>"
        )
    if fields is not None:
        return f"<{kind.__name__} {fields.get('_locked', fields.get('_value'))!r}>"
    if kind is CACHE:
        return f"<cache of {value.cache_info().currsize} result(s)>"
    if kind is memoryview or kind is mmap.mmap:  # buffers: told by what they hold
        held = bytes(value) if kind is memoryview else value[:]
        return f"<{kind.__name__} of {len(held)} bytes, {hashlib.sha256(held).hexdigest()[:12]}>"
    return None


def tells(kind: type) -> bool:
    """Whether :func:`told` tells the objects of ``kind`` (as wholes: not by their attributes).
    Asked of every object the rule meets: answered once a type, by the type's id (a class's
    hash may be its metaclass's code)."""
    known = _told_kinds.get(id(kind))
    if known is None or known[0] is not kind:
        exactly = any(kind is each for each in _TOLD_EXACTLY)
        known = _told_kinds[id(kind)] = (kind, exactly or issubclass(kind, _TOLD_WITH_SUBCLASSES))
    return known[1]


_told_kinds: dict[int, tuple[type, bool]] = {}


# How each container is copied by its base type's own C methods, a subclass's too: never
# through methods of the learner's (a list subclass whose __iter__ gives nothing).
_COPIERS = (
    (dict, dict.copy),
    (list, list.copy),
    (set, set.copy),
    (frozenset, frozenset.copy),
    (tuple, lambda value: tuple.__getitem__(value, slice(None))),
    (bytearray, lambda value: bytearray.__getitem__(value, slice(None))),
    (collections.deque, lambda value: list(collections.deque.__iter__(value))),
)


def plain_container(value: object) -> object | None:
    """``value`` as the plain container it is (a deque as a list), or None."""
    kind = type(value)  # (isinstance would ask a __class__ of the learner's)
    for base, copier in _COPIERS:
        if issubclass(kind, base):
            return value if kind is base and base is not collections.deque else copier(value)
    return None


def summary(value: object) -> str:
    """What a place too big or too deep to copy holds, told by how many values are in it
    (through containers and what objects hold in C, up to :data:`MAX_COUNTED`): a memo that
    grows changes it."""
    count, pending, seen = 0, [value], set()
    while pending and count < MAX_COUNTED:
        held = pending.pop()
        count += 1
        plain = plain_container(held)
        if plain is None and type(held) not in TRUSTED:
            plain = held_in_c(held)  # (a proxy's mapping, a slice's bounds)
            plain = None if plain is MISSING else (plain,)
        if plain is None or id(held) in seen:
            continue
        seen.add(id(held))
        pending.extend(plain.keys() if type(plain) is dict else ())
        pending.extend(plain.values() if type(plain) is dict else plain)
    more = "more than " if pending else ""
    return f"<{type(value).__name__} holding {more}{count} value(s)>"


def _copy(value, module, depth, budget, *, look_in, shallow, seen):
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise TooMuch
    kind = type(value)
    if kind in TRUSTED or kind in VALUES:
        return value
    text = told(value)
    if text is not None:
        return Told(value, text)
    if id(value) in seen:  # held in itself: the very object
        return value
    plain = plain_container(value)
    if plain is not None:
        seen = seen | {id(value)}
        again = functools.partial(
            _copy, module=module, depth=depth + 1, budget=budget, look_in=True,
            shallow=shallow, seen=seen,
        )  # fmt: skip
        copied = _copy_items(plain, again)
        extras = _container_extras(value, module)
        return Held(value, (copied, again(extras))) if extras else copied
    inside, library = _inside(value, module, depth, look_in=look_in and not shallow)
    if inside is MISSING:
        return value
    copied = _copy(
        inside, module, depth + 1, budget, look_in=True, shallow=shallow or library,
        seen=seen | {id(value)},
    )  # fmt: skip
    return Held(value, copied)


def _copy_items(plain, again):
    if type(plain) is bytearray:
        return bytearray(plain)
    if type(plain) in (dict, set, frozenset):
        # Keys and members are kept as they are (hashable, compared by identity), and what the
        # objects among them hold is copied beside.
        if type(plain) is dict:
            copied = {key: again(item) for key, item in list(plain.items())}
        else:
            copied = type(plain)(plain)
        objects = [key for key in plain if type(key) not in TRUSTED]
        return Keyed(copied, tuple(again(key) for key in objects)) if objects else copied
    return type(plain)(again(item) for item in list(plain))


_BASE_CONTAINERS = frozenset(CONTAINERS)
_DEFAULT_FACTORY = vars(collections.defaultdict)["default_factory"]


def _container_extras(value: object, module: types.ModuleType | None) -> dict:
    """What a container of a subclass holds besides its items: a defaultdict's factory, the
    attributes of its objects (``boxes[0].seen = {}``)."""
    kind = type(value)
    if kind in _BASE_CONTAINERS:
        return {}
    extras = {}
    if issubclass(kind, collections.defaultdict):
        extras["default_factory"] = _DEFAULT_FACTORY.__get__(value, kind)
    if module is not None and defined_in(module, kind):
        extras.update(attributes(value))
    else:
        found = foreign_attributes(value)
        extras.update(found[0] if found is not None else ())
    return extras


def _inside(value, module, depth, *, look_in) -> tuple[object, bool]:
    """What ``value`` keeps that is its state (MISSING: nothing to look in), and whether it
    is another library's object, whose objects are not looked into in turn."""
    kind = type(value)
    if kind is types.BuiltinMethodType or kind is types.MethodType:
        owner = value.__self__
        if owner is None or isinstance(owner, types.ModuleType | type):
            return MISSING, False
        return owner, False
    if kind is functools.partial:
        return (value.func, value.args, dict(value.keywords)), False
    if kind is contextvars.ContextVar:  # what it holds where the module was imported, or
        context = imported_in.get(module.__name__) if module is not None else None
        return (context or contextvars.Context()).run(_value_of, value), False  # its default
    attribute = FRAMES.get(kind)
    if attribute is not None:
        frame = getattr(value, attribute)
        return ({} if frame is None else dict(frame.f_locals)), False
    if issubclass(kind, BaseException):  # its arguments, kept in C (its attributes are apart)
        return _EXCEPTION_ARGS.__get__(value, kind), False
    if not look_in:
        return MISSING, False
    if kind is types.FunctionType and depth and module is not None:
        if own_function(module, value):  # a function of its own, in a container
            cells = tuple(
                _cell_contents(cell) for cell in value.__closure__ or ()
            )  # (a function a global holds has places of its own for these)
            kept = dict(own_names(vars(value)))  # its attributes (helper.memo = {})
            return (value.__defaults__, value.__kwdefaults__, cells, kept), False
        return MISSING, False
    if module is not None and defined_in(module, value):  # a class of its own: its attributes
        return dict(own_names(_CLASS_DICT.__get__(value, type(value)))), False
    if module is not None and defined_in(module, kind):
        return dict(attributes(value)), False
    found = foreign_attributes(value)
    if found is None:
        return held_in_c(value), False
    names, namespace = found
    return dict(names), not namespace


# The context each learner's module was imported in, by the module's name, as the import left
# it (grader/inside/loader.py): a context variable set there holds its value for every later
# call, as a global does.
imported_in: dict[str, contextvars.Context] = {}
_EXCEPTION_ARGS = vars(BaseException)["args"]  # the C descriptor of an exception's arguments
# What runs, compared as itself: its references change as it runs, and are not state the
# module holds (a frame, its code, a traceback; an asyncio task or future, a loop and what it
# schedules, a thread: the rules on work left running answer for them).
RUNNING = (
    types.FrameType, types.TracebackType, types.CodeType, asyncio.Future,
    asyncio.AbstractEventLoop, asyncio.Handle, threading.Thread,
)  # fmt: skip


def held_in_c(value: object) -> object:
    """What an object with no instance dict holds, as the garbage collector is told it (a
    mapping proxy's mapping, a dict view's dict, a slice's bounds, a property's functions, an
    iterator's items, a simple queue's list), a context's variables, a finalizer's call;
    MISSING for what is not the learner's or holds nothing."""
    kind = type(value)
    if issubclass(kind, LOOKED_PAST + RUNNING) or not_the_learner_s(kind):
        return MISSING
    if issubclass(kind, contextvars.Context):
        return dict(contextvars.Context.items(value))
    if issubclass(kind, weakref.finalize):  # its call is kept in the class's own registry
        return weakref.finalize.peek(value)
    layer = _layer(kind)
    if layer is not None:  # the stream behind a text or buffered layer
        return (layer.__get__(value, kind),)
    held = tuple(each for each in gc.get_referents(value) if each is not kind)
    state = _reduced(value, kind)
    if state is not MISSING:
        return (*held, state)
    if not held and kind is not object and _identity_hash(kind):
        unreadable.setdefault(_type_name(kind))  # state in C no look reaches (a compressor)
    return held if held else MISSING


# The layers of io whose state is the stream under them, by the C attribute that holds it.
WRAPPERS = (
    (io.TextIOWrapper, vars(io.TextIOWrapper)["buffer"]),
    (io.BufferedReader, vars(io.BufferedReader)["raw"]),
    (io.BufferedWriter, vars(io.BufferedWriter)["raw"]),
    (io.BufferedRandom, vars(io.BufferedRandom)["raw"]),
)


_TOLD_EXACTLY = (*SHOWN_BY_REPR, *THREAD_LOCKS, *QUEUES, *LOCKS, CACHE, memoryview, mmap.mmap)
_TOLD_WITH_SUBCLASSES = (array.array, *FILES, *(base for base, _getter in WRAPPERS))


def _layer(kind: type) -> object:
    """The C attribute through which a layer of io (``kind``) holds the stream under it."""
    return next((getter for base, getter in WRAPPERS if issubclass(kind, base)), None)


# The types of the objects met whose state is in C that nothing reads (a zlib compressor, a
# hash, a file's position), by name, in the order met: the plugin flags them for review.
unreadable: dict[str, None] = {}


def _reduced(value: object, kind: type) -> object:
    """What a C object tells pickle it holds (a decimal context's precision, an iterator's
    position), read by its type's own C method, or MISSING (none, or it cannot be pickled)."""
    reduce = _looked_up(kind, "__reduce__")
    if reduce is _OBJECT_REDUCE or type(reduce) is not _C_METHOD or _defined_in_python(kind):
        return MISSING
    try:
        with warnings.catch_warnings(action="ignore"):  # (itertools warns it will stop)
            made = reduce(value)
    except Exception:  # cannot be pickled
        return MISSING
    return made[1:] if type(made) is tuple else MISSING  # its arguments and state


_OBJECT_REDUCE = vars(object)["__reduce__"]
_C_METHOD = type(vars(object)["__reduce__"])  # a method descriptor: a method written in C


def _looked_up(kind: type, name: str) -> object:
    """``name`` as ``kind``'s own MRO holds it (no metaclass's __getattr__ is run)."""
    for klass in _mro(kind):
        found = _CLASS_DICT.__get__(klass, type(klass)).get(name, MISSING)
        if found is not MISSING:
            return found
    return MISSING


def _defined_in_python(kind: type) -> bool:
    return not _TYPE_FLAGS.__get__(kind, type(kind)) & _IMMUTABLE and any(
        type(value) is types.FunctionType
        for klass in _mro(kind)
        for value in _CLASS_DICT.__get__(klass, type(klass)).values()
    )


def _identity_hash(kind: type) -> bool:
    """Whether ``kind``'s objects hash by identity: a value type (a date, a Decimal) hashes by
    its value, and holds no state to share."""
    return _looked_up(kind, "__hash__") is vars(object)["__hash__"]


def _type_name(kind: type) -> str:
    module, name = _TYPE_MODULE.__get__(kind, type(kind)), _TYPE_QUALNAME.__get__(kind, type(kind))
    return one_line(f"{module}.{name}", NAME_LENGTH)


def not_the_learner_s(cls: type) -> bool:
    """Whether ``cls`` is truly of the grader's, a suite's or their tools' modules."""
    root = _root_module(cls)
    return root in NOT_THE_LEARNER_S or root.startswith(SUITE_PREFIX)


def _value_of(variable: contextvars.ContextVar) -> object:
    try:
        return variable.get()
    except LookupError:  # neither set nor given a default
        return MISSING


def _cell_contents(cell: types.CellType) -> object:
    try:
        return cell.cell_contents
    except ValueError:  # not bound yet
        return MISSING


def _root_module(cls: type) -> str:
    """The first part of the name of the module ``cls`` is of, when it truly is (else "")."""
    where = _TYPE_MODULE.__get__(cls, type(cls))
    return where.partition(".")[0] if type(where) is str and genuine(cls) else ""


# The C descriptors of what a class is, run past any its metaclass defines.
_TYPE_MODULE, _TYPE_QUALNAME, _TYPE_FLAGS, _CLASS_DICT, _TYPE_MRO, _TYPE_DICTOFFSET = (
    vars(type)[name]
    for name in ("__module__", "__qualname__", "__flags__", "__dict__", "__mro__", "__dictoffset__")
)
_IMMUTABLE = 1 << 8  # Py_TPFLAGS_IMMUTABLETYPE: a type made in C (no class statement makes one)
_genuine: dict[int, tuple[type, bool]] = {}  # by the class's id (the class is kept)


def genuine(cls: type) -> bool:
    """Whether ``cls`` is of the module it names: made in C, or the functions made for it are
    that module's (their globals), or the module holds it under its name. A class of the
    learner's may name another module (``__module__ = "pytest"``) to pass for the suite's, or
    a library's."""
    known = _genuine.get(id(cls))
    if known is None or known[0] is not cls:
        known = _genuine[id(cls)] = (cls, _is_genuine(cls))
    return known[1]


# Methods written in C: a class's own ones (``__objclass__``) show it was made in C, as no class
# statement makes one.
C_METHODS = (
    types.MethodDescriptorType,
    types.WrapperDescriptorType,
    types.ClassMethodDescriptorType,
)


def _is_genuine(cls: type) -> bool:
    kind = type(cls)
    if _TYPE_FLAGS.__get__(cls, kind) & _IMMUTABLE or any(
        type(value) in C_METHODS and value.__objclass__ is cls
        for value in _CLASS_DICT.__get__(cls, kind).values()
    ):
        return True  # made in C: its module is its own
    where = _TYPE_MODULE.__get__(cls, kind)
    module = sys.modules.get(where) if type(where) is str else None
    if type(module) is not types.ModuleType:
        return False
    held = _MODULE_DICT.__get__(module, types.ModuleType)
    qualname = str(_TYPE_QUALNAME.__get__(cls, kind))
    functions = [  # those made for it: a function borrowed from the module it names proves nothing
        function
        for value in _CLASS_DICT.__get__(cls, kind).values()
        for function in (getattr(value, "__func__", value), getattr(value, "fget", None))
        if type(function) is types.FunctionType
        and str(function.__qualname__).startswith(f"{qualname}.")
    ]
    if functions and all(function.__globals__ is held for function in functions):
        return True
    found: object = module  # else the module holds it under its name (a class re-exported)
    for part in qualname.split("."):
        place = held if found is module else _CLASS_DICT.__get__(found, type(found))
        found = place.get(part)
        if not inspect.isclass(found):
            return False
    return found is cls


# Libraries whose objects keep bookkeeping that honest code changes as it runs (a logger's
# cache of levels, its place in the tree of loggers): read but for that (:func:`bookkeeping`).
LIBRARY_BOOKKEEPING = frozenset({"logging"})
LINKS = frozenset({"parent", "manager", "loggerDict"})  # the tree of loggers, rebuilt as they come


def own_function(module: types.ModuleType, value: object) -> bool:
    """Whether ``value`` is a function ``module``'s code defines: told by the globals it runs
    in, which no code can change (its ``__module__`` any code can: ``functools.wraps``)."""
    return type(value) is types.FunctionType and value.__globals__ is _MODULE_DICT.__get__(
        module, types.ModuleType
    )


def defined_in(module: types.ModuleType, value: object) -> bool:
    """Whether ``value`` is a class that ``module``'s own code defines: one of ``module``'s,
    or one that names a module it is not of (:func:`genuine`)."""
    if not inspect.isclass(value):
        return False
    return getattr(value, "__module__", None) == module.__name__ or not genuine(value)


def attributes(value: object) -> list[tuple[str, object]]:
    """An object's own attributes: those in its dict, and those in the slots its classes
    declare (``__slots__ = ("a", "__b")``), read through the slots' own descriptors, never
    through code of the class's (a ``__dict__`` property: then what the object holds, as the
    garbage collector is told it, stands for its dict)."""
    cls = type(value)
    classes = [(klass, _CLASS_DICT.__get__(klass, type(klass))) for klass in _mro(cls)]
    descriptor = next((held["__dict__"] for _, held in classes if "__dict__" in held), None)
    if type(descriptor) in (types.GetSetDescriptorType, types.MemberDescriptorType):
        held = descriptor.__get__(value, cls)
        found = own_names(held) if type(held) is dict else []
    elif _TYPE_DICTOFFSET.__get__(cls, type(cls)):  # a dict, behind a __dict__ of its own making
        held = [each for each in gc.get_referents(value) if each is not cls]
        found = [(f"__dict__ ({number})", each) for number, each in enumerate(held, 1)]
    else:
        found = []
    for klass, held in classes:
        slots = held.get("__slots__", ())
        for slot in (slots,) if isinstance(slots, str) else slots:
            if not isinstance(slot, str) or slot in ("__dict__", "__weakref__"):
                continue  # (a slot named __memo__ is the class's own, as any other)
            mangled = slot.startswith("__") and not slot.endswith("__")
            stored = f"_{klass.__name__.lstrip('_')}{slot}" if mangled else slot
            descriptor = held.get(stored)
            if type(descriptor) is types.MemberDescriptorType:
                try:
                    found.append((slot, descriptor.__get__(value, klass)))
                except AttributeError:  # not set yet
                    found.append((slot, MISSING))
    return found


def _mro(cls: type) -> tuple[type, ...]:
    return _TYPE_MRO.__get__(cls, type(cls))


# What is not the learner's, in an object of a class the module does not define: a module's
# namespace, a class's or a function's (the learner's own are looked at on their own).
LOOKED_PAST = (types.ModuleType, type, types.FunctionType, types.MethodType)
# The modules whose classes' objects are the grader's, the suites' or their tools' (a fake the
# suite put in the learner's module): by the first part of the module's name.
NOT_THE_LEARNER_S = frozenset({"grader", "conftest", "_pytest", "pytest", "looptime"})
SUITE_PREFIX = "test_"


def foreign_attributes(value: object) -> tuple[list[tuple[str, object]], bool] | None:
    """What an object of a class the module does not define holds in its instance dict (every
    name: another library's object may keep a memo in a private one; a logger's but its
    bookkeeping),
    and whether it is a namespace (a module the code made itself, a ``threading.local``), whose
    objects are looked into in turn; None for an imported module, a class, a function, an
    object of the grader's or of the suites', one :func:`told` as a whole, or one with no
    instance dict."""
    cls = type(value)
    if cls is types.ModuleType:
        names = _made_module(value)
        return (names, True) if names is not None else None
    if tells(cls):
        return None
    if cls is threading.local:  # a namespace, with no __dict__ descriptor: this thread's dict
        held, every = _LOCAL_GETATTRIBUTE(value, "__dict__"), True
    else:
        known = _looks.get(id(cls))
        if known is None or known[0] is not cls:
            known = _looks[id(cls)] = (cls, *_how_to_look(cls))
        _cls, descriptor, every = known
        if descriptor is None:
            return None
        held = descriptor.__get__(value, cls)
    if type(held) is not dict:
        return None
    names = [(name, item) for name, item in list(held.items()) if isinstance(name, str)]
    if not every and _root_module(cls) in LIBRARY_BOOKKEEPING:
        names = [(name, bookkeeping(name, item)) for name, item in names if name not in LINKS]
    return names, every


def bookkeeping(name: str, value: object) -> object:
    """What a logging object's attribute stands for in a copy: a logger's cache of the levels it
    was asked about, as whether it holds only that (it grows as honest code logs); the rest as
    itself."""
    if name == "_cache" and type(value) is dict:
        return plain_level_cache(value) or dict(value)
    return value


def plain_level_cache(cache: dict) -> bool:
    """Whether a logger's cache holds only what logging puts there: for a level, whether it
    is on."""
    return all(type(level) is int and type(on) is bool for level, on in list(cache.items()))


_MODULE_DICT = vars(types.ModuleType)["__dict__"]  # the C descriptor of a module's namespace
_LOCAL_GETATTRIBUTE = threading.local.__getattribute__  # the C one of threading.local's objects


def _made_module(value: types.ModuleType) -> list[tuple[str, object]] | None:
    """What a module that the code made itself (``types.ModuleType("state")``) holds, as a
    namespace's: every name but those Python sets on every module. A module the import system
    holds under its name (``asyncio``) is not looked into."""
    held = _MODULE_DICT.__get__(value, types.ModuleType)
    if type(held) is not dict:
        return None
    name = held.get("__name__")
    if type(name) is str and sys.modules.get(name) is value:
        return None
    return module_globals(held)


# How the objects of each class are looked in, by the class's id (the class is kept, so its id
# is never another's): the state is taken on every call and at its suspensions.
_looks: dict[int, tuple[type, object, bool]] = {}


def _how_to_look(cls: type) -> tuple[object, bool]:
    """The C descriptor through which ``cls``'s objects give their instance dict (None: they
    are not looked in), and whether each name in them is their user's (a namespace's)."""
    if issubclass(cls, LOOKED_PAST + RUNNING):
        return None, False
    if not_the_learner_s(cls):
        return None, False
    for klass in cls.__mro__:
        descriptor = vars(klass).get("__dict__")
        if descriptor is not None:
            break
    else:
        return None, False
    kind = type(descriptor)
    if kind is not types.GetSetDescriptorType and kind is not types.MemberDescriptorType:
        return None, False  # a __dict__ of the class's own making (a property) is not run
    return descriptor, issubclass(cls, (types.SimpleNamespace, argparse.Namespace))


def own_names(namespace: dict) -> list[tuple[str, object]]:
    """A namespace's names and values, but for the ``__dunder__`` ones Python sets."""
    return [
        (name, value)
        for name, value in list(namespace.items())
        if isinstance(name, str) and not (name.startswith("__") and name.endswith("__"))
    ]


# The names the import system sets on every module (and the annotations Python makes of its
# annotated globals), and the one warnings adds when the module's code warns: none the module's
# own. The grader's loader sets none (grader/inside/loader.py).
MODULE_NOTES = frozenset(
    {
        "__name__",
        "__doc__",
        "__file__",
        "__spec__",
        "__loader__",
        "__package__",
        "__builtins__",
        "__cached__",
        "__path__",
        "__annotations__",
        "__annotate__",
        "__conditional_annotations__",
        "__warningregistry__",
    }
)
# Of them, those Python itself may change while the module runs (warnings notes, annotations):
# the others are compared by what they hold when the code put a container there (``__file__ =
# {}``, a memo under a name the scan reads past).
CHANGED_BY_PYTHON = frozenset(
    {"__builtins__", "__annotations__", "__annotate__", "__conditional_annotations__",
     "__warningregistry__"}
)  # fmt: skip


def module_globals(namespace: dict) -> list[tuple[str, object]]:
    """A module's globals, but for the names Python sets on every module: its dunder names of
    its own (``__finished__ = 0``) are globals as any other."""
    return [
        (name, value)
        for name, value in list(namespace.items())
        if isinstance(name, str) and name not in MODULE_NOTES
    ]
