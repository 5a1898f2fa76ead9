"""What the suites record of a run, sealed: the code under test may read it, not change it.

Every class a suite (or ``grader.inside``) defines for its fakes is sealed when the tests are
collected (:func:`seal_class`): each change to one of its objects' attributes is announced
with an audit event (``EVIDENCE_WRITE``), and the guard refuses the ones the learner's code
makes. A fake's records (``self.calls = record()``) announce their own changes: a list's is
no list at all (no list method reaches past it), a dict's, set's or deque's a subclass. The
attributes a statement lets the learner change are named with :func:`learner_may_change`.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import operator
import sys
from collections.abc import Callable, Iterable, Iterator

from grader.inside.snapshots import not_the_learner_s

# Raised (what, name, the object) before a sealed object or one of its records changes.
EVIDENCE_WRITE = "grader.evidence_write"
SEALED = "__grader_sealed__"  # set on a class once sealed
OPEN = "__learner_may_change__"  # the attributes a class leaves to the learner's code
LEARNERS_VALUES = "__learners_values__"  # the attributes that hold what the learner returned
MISSING = object()
# Classes whose objects Python or asyncio change on their own, whoever calls them: exceptions
# (their tracebacks and notes), event loops (sealed in ``loops``), and futures and tasks
# (``asyncio.gather`` marks the ones it is handed).
LEFT_TO_THEIR_OWN_RULES = (BaseException, asyncio.AbstractEventLoop, asyncio.Future)


# What a label or a record of the learner's code's arguments is made from: values of these
# types as they are; an instance of a subclass (whose __format__, __repr__, __eq__... are the
# learner's code, and may lie) as the value it holds, read by the base type's own C methods.
PLAIN_SCALARS = (bool, int, float, complex, str, bytes, type(None))


def plain_value(value: object) -> object:
    """``value``; for an instance of a subclass of int, float, complex, str or bytes, the plain
    value it holds, read without running any of the subclass's methods (``float(x)`` or
    ``f"{x:g}"`` would run its ``__float__`` or ``__format__``). Anything else as it is."""
    kind = type(value)
    if kind in PLAIN_SCALARS:
        return value
    # issubclass on the type itself: a class attribute (__class__) cannot fake it.
    if issubclass(kind, int):
        return int.__index__(value)  # int's own method: a copy of the digits, as an int
    if issubclass(kind, float):
        return float(float.__repr__(value))  # float's repr round-trips the value exactly
    if issubclass(kind, complex):
        return complex.__complex__(value)
    if issubclass(kind, str):
        return str.__str__(value)
    if issubclass(kind, bytes):
        return bytes.__bytes__(value)
    return value


def plain_item(item: object, depth: int = 0) -> object:
    """``item`` as a fake's record keeps it: a scalar of a subclass as the plain value it
    holds, a list or tuple (of a subclass too) rebuilt of plain items, a named tuple of the
    project's own as itself with plain fields; anything else as it is. A value the learner's
    code handed a fake never answers a suite's ``==`` with an ``__eq__`` of its own."""
    kind = type(item)
    if kind in PLAIN_SCALARS or depth > MAX_PLAIN_DEPTH:
        return item
    if issubclass(kind, PLAIN_SCALARS):
        return plain_value(item)
    if not issubclass(kind, list | tuple) or kind in RECORD_TYPES:
        return item
    held = list(list.__iter__(item)) if issubclass(kind, list) else tuple.__iter__(item)
    made = [plain_item(each, depth + 1) for each in held]
    if kind is list:
        return item if all(map(operator.is_, made, item)) else made
    if kind is tuple:
        return item if all(map(operator.is_, made, item)) else tuple(made)
    if issubclass(kind, tuple) and _projects_own(kind):
        return kind._make(made)  # a suite's named tuple: its own type, its fields plain
    return made if issubclass(kind, list) else tuple(made)


MAX_PLAIN_DEPTH = 8


def _projects_own(kind: type) -> bool:
    """Whether ``kind`` is a named tuple of the grader's or of a suite's."""
    return not_the_learner_s(kind) and hasattr(kind, "_make")


def plain_items(items: Iterable[object]) -> list[object]:
    return [plain_item(item) for item in items]


def _plain_arguments(base: type, name: str, args: tuple) -> tuple:
    """A record method's arguments with the items it puts in the record made plain."""
    if not args or base not in (dict, set, collections.deque):  # (a RecordedList's are made
        return args  # plain by its own methods)
    if base is set and name in ("__ior__", "__ixor__", "symmetric_difference_update"):
        return (set(plain_items(args[0])), *args[1:])
    if name in ("__init__", "update", "__ior__") and base is dict:
        pairs = dict(args[0]).items()
        return ({plain_item(key): plain_item(value) for key, value in pairs}, *args[1:])
    if name in ("__init__", "extend", "extendleft", "update", "__iadd__", "__ior__"):
        return (plain_items(args[0]), *args[1:])
    if name in ("__setitem__", "setdefault") and base is dict:
        return tuple(plain_item(each) for each in args)
    if name in ("append", "appendleft", "add", "insert", "__setitem__"):
        return (*args[:-1], plain_item(args[-1]))
    if name in ("discard", "remove") or (base is dict and name in ("pop", "__delitem__")):
        return (plain_item(args[0]), *args[1:])  # found as it was kept: plain
    return args


def _announced(base: type, name: str) -> Callable:
    """``base``'s method ``name``, announcing the change first; what it puts in the record is
    made plain (:func:`plain_item`)."""
    method = getattr(base, name)

    def announced(self, *args, **kwargs):
        label = getattr(self, "label", MISSING)  # unset while record() makes it
        if label is not MISSING:
            sys.audit(EVIDENCE_WRITE, label or type(self).__name__, name, self)
        return method(self, *_plain_arguments(base, name, args), **kwargs)

    announced.__name__ = name
    return announced


def _record_type(base: type, changes: tuple[str, ...]) -> type:
    """A subclass of the container ``base`` whose every change in ``changes`` is announced."""
    record = type(f"Recorded{base.__name__.title()}", (base,), {"__slots__": ("label",)})
    for name in changes:
        setattr(record, name, _announced(base, name))
    return record


class RecordedList:
    """A fake's record kept as a list, and no list: every change through its own methods is
    announced, and a list's methods cannot reach past them (``list.append(record, x)``,
    ``heapq.heappush(record, x)`` and a changed ``__class__`` raise ``TypeError``). No base
    class lends it methods either (``MutableSequence.append`` would call its ``insert`` from
    a library's frame)."""

    __slots__ = ("__items", "label")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, items: Iterable[object] = ()) -> None:
        self.__items = plain_items(items)

    def __len__(self) -> int:
        return len(self.__items)

    def __iter__(self) -> Iterator[object]:
        return iter(self.__items)

    def __reversed__(self) -> Iterator[object]:
        return reversed(self.__items)

    def __contains__(self, item: object) -> bool:
        return item in self.__items

    def __getitem__(self, index):  # a slice is a plain list, the record's copy
        return self.__items[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RecordedList):
            return self.__items == list(other)
        return self.__items == other if type(other) is list else NotImplemented

    def __add__(self, other: object) -> list:
        return self.__items + list(other)  # type: ignore[call-overload]

    def __radd__(self, other: object) -> list:
        return list(other) + self.__items  # type: ignore[call-overload]

    def __repr__(self) -> str:
        return repr(self.__items)

    def copy(self) -> list:
        return self.__items.copy()

    def count(self, item: object) -> int:
        return self.__items.count(item)

    def index(self, item: object, *bounds: int) -> int:
        return self.__items.index(item, *bounds)

    def __setitem__(self, index, value) -> None:
        self.__items[index] = plain_items(value) if type(index) is slice else plain_item(value)

    def __delitem__(self, index) -> None:
        del self.__items[index]

    def insert(self, index: int, item: object) -> None:
        self.__items.insert(index, plain_item(item))

    def append(self, item: object) -> None:
        self.__items.append(plain_item(item))

    def extend(self, items: Iterable[object]) -> None:
        self.__items.extend(plain_items(items))

    def pop(self, index: int = -1) -> object:
        return self.__items.pop(index)

    def remove(self, item: object) -> None:
        self.__items.remove(plain_item(item))

    def clear(self) -> None:
        self.__items.clear()

    def sort(self, **how: object) -> None:
        self.__items.sort(**how)  # type: ignore[call-overload]

    def reverse(self) -> None:
        self.__items.reverse()

    def __iadd__(self, items: Iterable[object]) -> RecordedList:
        self.__items.extend(plain_items(items))
        return self

    def __imul__(self, times: int) -> RecordedList:
        self.__items *= times
        return self


LIST_CHANGES = (
    "__init__", "__setitem__", "__delitem__", "insert", "append", "extend", "pop", "remove",
    "clear", "sort", "reverse", "__iadd__", "__imul__",
)  # fmt: skip
# The grader's own hot path (a timeline's spans) appends past the announcement.
append_quietly = RecordedList.append
for _change in LIST_CHANGES:
    setattr(RecordedList, _change, _announced(RecordedList, _change))

RECORDS = {
    list: RecordedList,
    dict: _record_type(dict, (
        "__init__", "__setitem__", "__delitem__", "__ior__", "pop", "popitem", "clear", "update",
        "setdefault",
    )),
    set: _record_type(set, (
        "__init__", "add", "discard", "remove", "pop", "clear", "update", "difference_update",
        "intersection_update", "symmetric_difference_update", "__ior__", "__iand__",
        "__isub__", "__ixor__",
    )),
    collections.deque: _record_type(collections.deque, (
        "__init__", "append", "appendleft", "extend", "extendleft", "insert", "pop", "popleft",
        "remove", "clear", "rotate", "__setitem__", "__delitem__", "__iadd__", "__imul__",
    )),
}  # fmt: skip
RECORD_TYPES = frozenset(RECORDS.values())
PLAIN = {made: plain for plain, made in RECORDS.items()}


def record(kind: type = list, label: str | None = None) -> object:
    """An empty list (or dict, set, deque) whose every change announces itself: what a suite's
    fake starts its records with (``self.calls = record()``), named by ``label`` or by the
    attribute it is set to."""
    made = RECORDS[kind]()
    made.label = label
    return made


def plain_type(value: object) -> type:
    """``value``'s type; a record's is the container it stands for (list, dict, set, deque)."""
    kind = type(value)
    return PLAIN[kind] if kind in RECORD_TYPES else kind


def _labelled(owner: object, name: str, value: object) -> object:
    """``value``; a record set to ``owner.name`` is named after it, for the guard's message."""
    if type(value) in RECORD_TYPES and value.label is None:
        value.label = f"{type(owner).__name__}.{name}"
    return value


# What a sealed object never holds under a public name: a plain container, which any code
# handed it could change without a word (``fake.events.clear()``). A library base class's
# own parts (``asyncio.Queue._queue``) are private names, changed by its own methods.
UNANNOUNCED = (list, dict, set, collections.deque, bytearray)


class PlainEvidence(TypeError):
    """A suite's object was given a plain container: a mistake of the suite's author."""


def _sealed_setattr(original: Callable[[object, str, object], None]) -> Callable:
    def __setattr__(self, name: str, value: object) -> None:
        if name in getattr(type(self), OPEN, ()):
            value = plain_item(value)  # the learner's to set: as the plain value it holds
        else:
            sys.audit(EVIDENCE_WRITE, type(self).__name__, name, self)
            own = name.startswith("_") or name in getattr(type(self), LEARNERS_VALUES, ())
            if type(value) in UNANNOUNCED and not own:
                raise PlainEvidence(
                    f"{type(self).__name__}.{name} was set to a plain {type(value).__name__}: "
                    "a suite's object keeps what it is handed or sees in a record "
                    "(grader.inside.evidence.record), whose every change announces itself"
                )
        _seal_dict(self)
        original(self, name, _labelled(self, name, value))

    return __setattr__


def _seal_dict(owner: object) -> None:
    """Give ``owner`` an attribute dict that announces its changes, so that
    ``vars(owner)[name] = value`` is told as ``owner.name = value`` is (once, at its first
    write: an object without one, or whose dict cannot be replaced, is left as it is)."""
    try:
        current = object.__getattribute__(owner, "__dict__")
    except AttributeError:
        return
    if type(current) is dict:
        sealed = record(dict, label=f"{type(owner).__name__}.__dict__")
        dict.update(sealed, current)
        with contextlib.suppress(AttributeError, TypeError):
            object.__setattr__(owner, "__dict__", sealed)


def _sealed_delattr(original: Callable[[object, str], None]) -> Callable:
    def __delattr__(self, name: str) -> None:
        if name not in getattr(type(self), OPEN, ()):
            sys.audit(EVIDENCE_WRITE, type(self).__name__, name, self)
        original(self, name)

    return __delattr__


def _initialised(owner: object) -> bool:
    """Whether ``owner`` holds attributes already (in its dict or its slots)."""
    if getattr(owner, "__dict__", None):
        return True
    return any(hasattr(owner, slot) for slot in _slots(type(owner)))


@functools.cache
def _slots(cls: type) -> tuple[str, ...]:
    """The names of the slots ``cls`` and the classes it comes from give their objects."""
    declared = (vars(kind).get("__slots__", ()) for kind in cls.__mro__)
    names = (name for slots in declared for name in ((slots,) if type(slots) is str else slots))
    return tuple(name for name in names if name not in ("__dict__", "__weakref__"))


def _sealed_init(original: Callable[..., None]) -> Callable[..., None]:
    """``__init__``, announcing a second run on the same object (the object's own attributes
    set again by its own code, on behalf of whoever called it)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        if _initialised(self):
            sys.audit(EVIDENCE_WRITE, type(self).__name__, "__init__", self)
        original(self, *args, **kwargs)

    return __init__


def seal_class(cls: type) -> bool:
    """Make every change to the attributes of ``cls``'s objects announce itself; False for a
    class sealed already (or through its base), or one of ``LEFT_TO_THEIR_OWN_RULES``."""
    if getattr(cls, SEALED, False) or issubclass(cls, LEFT_TO_THEIR_OWN_RULES):
        return False
    type.__setattr__(cls, SEALED, True)
    type.__setattr__(cls, "__setattr__", _sealed_setattr(cls.__setattr__))
    type.__setattr__(cls, "__delattr__", _sealed_delattr(cls.__delattr__))
    if cls.__init__ is not object.__init__:
        type.__setattr__(cls, "__init__", _sealed_init(cls.__init__))
    return True


def seal_classes(modules: list) -> None:
    """Seal every class each of these modules defines."""
    for module in modules:
        for value in list(vars(module).values()):
            if isinstance(value, type) and value.__module__ == module.__name__:
                seal_class(value)


def learners_values(*names: str) -> Callable[[type], type]:
    """A class decorator: these attributes hold what the learner's code returned (a list of
    its own, compared by the checks), not what the object saw; a plain container is no record
    there."""

    def mark(cls: type) -> type:
        type.__setattr__(cls, LEARNERS_VALUES, frozenset(names))
        return cls

    return mark


def learner_may_change(*names: str) -> Callable[[type], type]:
    """A class decorator: the learner's code may set these attributes (its statement says so)."""

    def leave_open(cls: type) -> type:
        type.__setattr__(cls, OPEN, frozenset(names))
        return cls

    return leave_open


class Sealed:
    """A base for the records the grader itself keeps (a timeline, its spans)."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "__init__" in vars(cls):
            cls.__init__ = _sealed_init(vars(cls)["__init__"])

    __setattr__ = _sealed_setattr(object.__setattr__)
    __delattr__ = _sealed_delattr(object.__delattr__)


type.__setattr__(Sealed, SEALED, True)  # its subclasses are not sealed again by seal_class
