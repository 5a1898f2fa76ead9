"""The course's rule that calls share nothing through the module (``rules.SHARED_STATE``, in
every statement).

Right after the learner's module is imported, :func:`take` notes what it holds: its globals,
the default values of its functions' parameters and the variables they close over (its
classes' methods too), its classes' attributes, and the attributes of its functions and of the
objects of its classes that are globals. After each graded
test, :func:`changes` names each of those that the test left holding something else (the
very same objects, or equal ones of a built-in type, as the argument rule compares them), and
the plugin fails the test. The names the import system sets on every module (``__name__``,
``__spec__``, ...; the grader's loader sets none) are left out, but a dunder global of the
module's own (``__count__ = 0``) is a global as any other; in a class, a function or an object
of the module's classes, dunder names are Python's own notes and are left out.

A global holding an object of a class the module does not define is compared one level deep, by
what its instance dict holds (containers in it by content), the dict read through its class's C
descriptor (no code of the learner's runs): every name of a namespace's
(``types.SimpleNamespace``, ``argparse.Namespace``, ``threading.local``, a module the code made
with ``types.ModuleType``), the public names of another's (its underscored ones are its library's
bookkeeping: a logger's cache, a lock's state, a pool's threads). A few objects of the standard
library keep their state out of sight but show it in their repr, a count of numbers or an array
(``itertools.count``, ``array.array``): they are compared by it, wherever they are held; asyncio's
queues, events, locks and semaphores by their own attributes, a cache of ``functools`` by how
many results it holds. What a value keeps inside it is compared as a container held there would
be: a bound method's object (``{}.setdefault``), a context variable's default, a suspended
generator's or coroutine's variables.
Anything else (an imported module, a class or a function of another module, an object with no
instance dict such as a task, the grader's and the suites' objects, a fake a suite put in the
module) is compared as the object it is: the suites' checks of two calls at once see the rest.
"""

from __future__ import annotations

import array
import asyncio
import collections
import contextlib
import contextvars
import functools
import inspect
import itertools
import sys
import threading
import types
from dataclasses import dataclass
from itertools import chain

from grader.i18n import N_, _
from grader.inside.arguments import KINDS, _copied, _held
from grader.inside.evidence import record
from grader.inside.rules import SHARED_STATE, quoted
from grader.inside.suite import show
from grader.text import NAME_LENGTH, one_line

GLOBAL = N_("the module's global {name}")
CLASS_ATTRIBUTE = N_("the class attribute {name}")
DEFAULT = N_("the default value of the parameter {name} of {function}")
OBJECT_ATTRIBUTE = N_("the attribute {name} of the module's global {owner}")
FUNCTION_ATTRIBUTE = N_("the attribute {name} of the function {owner}")
CLOSED_OVER = N_("the variable {name} that {function} keeps from where it was defined")
CHANGED = N_("This test changed {what}: before the test it held {before}, after it {after}. {rule}")
ADDED = N_("This test added {what}, which now holds {after}. {rule}")
REMOVED = N_("This test removed {what}, which held {before}. {rule}")
WHILE_RUNNING = N_(
    "While {function} was running (suspended at an await or a yield, where another call could "
    "run), {what} held {now}; before, it held {before}. {rule}"
)
AFTER_CALLBACK = N_(
    "After {function} ran as a callback, {what} held {now}; before, it held {before}. {rule}"
)
UNSEEN = N_("While {function} was running, the module could not be looked at: {error}. {rule}")
REBOUND = N_("This test put another object in {what} (it holds {after}). {rule}")

MISSING = object()  # a closed-over variable not bound yet, an empty slot
MAX_WRAPPED = 5  # decorators followed down to the function they wrap
# What the running test's calls left in the module while they were suspended, the first time
# for each place: the plugin fails the test with them at its teardown, and empties it for the
# next test.
while_running: dict[tuple, str] = record(dict, label="module_state.while_running")


@dataclass(frozen=True)
class Kept:
    """One place's value when the state was taken, and a copy of its contents."""

    value: object
    contents: object  # a copy of a container's items (or of what the value keeps), or None
    text: str | None = None  # the repr of an object compared by it (SHOWN_BY_REPR), or None
    inside: bool = False  # contents are what the value keeps inside it (:func:`_inside`)


class _Shown:
    """What an object's repr said when the state was taken, shown in a message as it was."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


State = dict[tuple[str, dict], Kept]  # (message, its fields) -> what it held


def take(module: types.ModuleType) -> State:
    """What ``module`` holds now, place by place."""
    state: State = {}
    for name, value in _globals(vars(module)):
        state[(GLOBAL, _fields(name=name))] = _kept(value)
        if _defined_in(module, type(value)):
            attributes = _attributes(value)
        else:
            attributes = _foreign_attributes(value)
        for attribute, held in attributes:
            what = (OBJECT_ATTRIBUTE, _fields(name=attribute, owner=name))
            state[what] = _kept(held)
        if _defined_in(module, value):
            for attribute, held in _plain(vars(value)):
                qualified = f"{name}.{attribute}"
                state[(CLASS_ATTRIBUTE, _fields(name=qualified))] = _kept(held)
                _note_defaults(state, module, qualified, held)
        _note_defaults(state, module, name, value)
        if isinstance(value, types.FunctionType) and value.__module__ == module.__name__:
            for attribute, held in _plain(vars(value)):
                state[(FUNCTION_ATTRIBUTE, _fields(name=attribute, owner=name))] = _kept(held)
    return state


def changes(module: types.ModuleType, before: State) -> list[str]:
    """A message for each place of ``module`` that no longer holds what ``before`` noted."""
    now = take(module)
    lines = []
    rule = quoted(SHARED_STATE)
    for key in before.keys() | now.keys():
        message, fields = key
        what = _(message).format(**dict(fields))
        old, new = before.get(key), now.get(key)
        if old is None:
            lines.append(_(ADDED).format(what=what, after=show(new.value), rule=rule))
        elif new is None:
            lines.append(_(REMOVED).format(what=what, before=show(old.value), rule=rule))
        elif not _same(old, new):
            before_shown = show(_shown(old))
            after = show(_current(new))
            if before_shown == after:
                lines.append(_(REBOUND).format(what=what, after=after, rule=rule))
            else:
                lines.append(
                    _(CHANGED).format(what=what, before=before_shown, after=after, rule=rule)
                )
    return sorted(lines)


def changes_while_running(
    module: types.ModuleType, before: State, function: str, message: str | None = None
) -> list[tuple[tuple, str]]:
    """Each place of ``module`` that holds something else than ``before`` noted, and a message,
    while a call of ``function`` is suspended, another call free to run and see it; a
    container that holds running tasks besides what it held keeps them alive, as asyncio
    asks (``background_tasks``)."""
    now = take(module)
    lines = []
    for key in before.keys() | now.keys():
        old, new = before.get(key), now.get(key)
        if old is not None and new is not None and (_same(old, new) or _keeps_tasks(old, new)):
            continue
        place, fields = key
        line = _(message or WHILE_RUNNING).format(
            function=function,
            what=_(place).format(**dict(fields)),
            now=show(_current(new)) if new is not None else _("nothing"),
            before=show(_shown(old)) if old is not None else _("nothing"),
            rule=quoted(SHARED_STATE),
        )
        lines.append((key, line))
    return sorted(lines, key=lambda pair: pair[1])


def unseen(function: str, error: str) -> str:
    """The message for a module that could not be looked at while ``function`` ran."""
    return _(UNSEEN).format(function=function, error=error, rule=quoted(SHARED_STATE))


def _shown(kept: Kept) -> object:
    if kept.text is not None:
        return _Shown(kept.text)
    return kept.contents if kept.contents is not None else kept.value


def _current(kept: Kept) -> object:
    """What a place holds now, as a message shows it: by its state for an object compared
    by it (its repr may show the learner's objects), else itself."""
    if kept.text is not None:
        return _Shown(kept.text)
    return kept.contents if kept.inside else kept.value


def _keeps_tasks(old: Kept, new: Kept) -> bool:
    """Whether ``new`` is the very container ``old`` was, told apart from what it held only
    by tasks put in or taken out (as items, or as a dict's values): a registry that keeps
    running tasks alive, as asyncio asks (``background_tasks``)."""
    if old.contents is None or new.value is not old.value:
        return False
    now = new.contents if old.inside else _plain_container(new.value)
    if isinstance(now, dict):
        before = old.contents
        moved = [now[key] for key in now.keys() - before.keys()]
        moved += [before[key] for key in before.keys() - now.keys()]
        kept = all(_held(now[key], before[key]) for key in now.keys() & before.keys())
        return kept and all(isinstance(item, asyncio.Task) for item in moved)
    now_ids, before_ids = {id(item) for item in now}, {id(held) for held in old.contents}
    put_in = (item for item in now if id(item) not in before_ids)
    taken_out = (held for held in old.contents if id(held) not in now_ids)
    return all(isinstance(item, asyncio.Task) for item in chain(put_in, taken_out))


def _attributes(value: object) -> list[tuple[str, object]]:
    """An object's own attributes: those in its dict, and those in the slots its classes
    declare (``__slots__ = ("a", "b")``)."""
    found = _plain(vars(value)) if isinstance(getattr(value, "__dict__", None), dict) else []
    for cls in type(value).__mro__:
        slots = vars(cls).get("__slots__", ())
        for slot in (slots,) if isinstance(slots, str) else slots:
            if isinstance(slot, str) and not slot.startswith("__"):
                found.append((slot, getattr(value, slot, MISSING)))
    return found


# What is not the learner's, in an object of a class the module does not define: a module's
# namespace, a class's or a function's (the learner's own are looked at on their own).
LOOKED_PAST = (types.ModuleType, type, types.FunctionType, types.MethodType)
# The modules whose classes' objects are the grader's, the suites' or their tools' (a fake the
# suite put in the learner's module): by the first part of the module's name.
NOT_THE_LEARNER_S = frozenset({"grader", "conftest", "_pytest", "pytest", "unittest", "looptime"})
SUITE_PREFIX = "test_"


def _foreign_attributes(value: object) -> list[tuple[str, object]]:
    """What an object of a class the module does not define holds in its instance dict: every
    name of a namespace's (a module the code made itself, a ``threading.local``), the public
    names of another's; nothing for an imported module, a class, a function, an object of the
    grader's or of the suites', or one with no instance dict."""
    cls = type(value)
    if cls is types.ModuleType:
        return _made_module(value)
    if cls is threading.local:  # a namespace, with no __dict__ descriptor: this thread's dict
        held, every = _LOCAL_GETATTRIBUTE(value, "__dict__"), True
    else:
        known = _looks.get(id(cls))
        if known is None or known[0] is not cls:
            known = _looks[id(cls)] = (cls, *_how_to_look(cls))
        _cls, descriptor, every = known
        if descriptor is None:
            return []
        held = descriptor.__get__(value, cls)
    if type(held) is not dict:
        return []
    return [
        (name, item)
        for name, item in list(held.items())
        if isinstance(name, str) and (every or not name.startswith("_"))
    ]


_MODULE_DICT = vars(types.ModuleType)["__dict__"]  # the C descriptor of a module's namespace
_LOCAL_GETATTRIBUTE = threading.local.__getattribute__  # the C one of threading.local's objects


def _made_module(value: types.ModuleType) -> list[tuple[str, object]]:
    """What a module that the code made itself (``types.ModuleType("state")``) holds, as a
    namespace's: every name but those Python sets on every module. A module the import system
    holds under its name (``asyncio``) is not looked into."""
    held = _MODULE_DICT.__get__(value, types.ModuleType)
    if type(held) is not dict:
        return []
    name = held.get("__name__")
    if type(name) is str and sys.modules.get(name) is value:
        return []
    return _globals(held)


# How the objects of each class are looked in, by the class's id (the class is kept, so its id
# is never another's): the state is taken on every call and at its suspensions.
_looks: dict[int, tuple[type, object, bool]] = {}


def _how_to_look(cls: type) -> tuple[object, bool]:
    """The C descriptor through which ``cls``'s objects give their instance dict (None: they
    are not looked in), and whether each name in them is their user's (a namespace's)."""
    if issubclass(cls, LOOKED_PAST):
        return None, False
    where = getattr(cls, "__module__", None)
    root = where.partition(".")[0] if type(where) is str else ""
    if root in NOT_THE_LEARNER_S or root.startswith(SUITE_PREFIX):
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
    argparse = sys.modules.get("argparse")  # loaded when the module uses it
    namespaces = (types.SimpleNamespace, *((argparse.Namespace,) if argparse else ()))
    return descriptor, issubclass(cls, namespaces)


def _fields(**fields: str) -> tuple[tuple[str, str], ...]:
    # A name is the learner's to choose (a global's may hold line breaks): told on one line.
    return tuple((key, f"`{one_line(value, NAME_LENGTH)}`") for key, value in fields.items())


def _plain(namespace: dict) -> list[tuple[str, object]]:
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


def _globals(namespace: dict) -> list[tuple[str, object]]:
    """A module's globals, but for the names Python sets on every module: its dunder names of
    its own (``__finished__ = 0``) are globals as any other."""
    return [
        (name, value)
        for name, value in list(namespace.items())
        if isinstance(name, str) and name not in MODULE_NOTES
    ]


def _defined_in(module: types.ModuleType, value: object) -> bool:
    """Whether ``value`` is a class that ``module``'s own code defines."""
    return inspect.isclass(value) and getattr(value, "__module__", None) == module.__name__


def _note_defaults(
    state: State, module: types.ModuleType, name: str, value: object, depth: int = 0
) -> None:
    """Note the default values of ``value``'s parameters, when it is a function (a static or
    class method's too)."""
    function = getattr(value, "__func__", value)
    if not isinstance(function, types.FunctionType) or function.__module__ != module.__name__:
        return
    wrapped = function.__dict__.get("__wrapped__")  # functools.wraps: the function it wraps
    if isinstance(wrapped, types.FunctionType) and depth < MAX_WRAPPED:
        _note_defaults(state, module, name, wrapped, depth + 1)
    for parameter, default in _defaults(function):
        state[(DEFAULT, _fields(name=parameter, function=name))] = _kept(default)
    for variable, cell in zip(
        function.__code__.co_freevars, function.__closure__ or (), strict=True
    ):
        if not variable.startswith("__"):  # __class__: what super() needs
            try:
                held = cell.cell_contents
            except ValueError:  # not bound yet
                held = MISSING
            state[(CLOSED_OVER, _fields(name=variable, function=name))] = _kept(held)


def _defaults(function: types.FunctionType) -> list[tuple[str, object]]:
    code = function.__code__
    positional = code.co_varnames[: code.co_argcount]
    given = function.__defaults__ or ()
    pairs = list(zip(positional[len(positional) - len(given) :], given, strict=True))
    return pairs + list((function.__kwdefaults__ or {}).items())


# Containers whose items are compared, subclasses too (a defaultdict, a Counter), each as the
# plain container it is.
CONTAINERS = (*KINDS, collections.deque)


def _plain_container(value: object) -> object | None:
    """``value`` as the plain container it is (a deque as a list), or None."""
    for kind in CONTAINERS:
        if isinstance(value, kind):
            if kind is collections.deque:
                return list(value)
            return value if type(value) is kind else kind(value)
    return None


# Objects of the standard library that keep their state out of sight (in C) but show it in their
# repr, a repr that runs no code of the learner's (a count of numbers): compared by it. Their
# exact types, told by identity (hashing a class may run its metaclass's code).
SHOWN_BY_REPR = (itertools.count, array.array)
# asyncio's queues: their repr shows the items (the learner's objects, maybe), so their state
# is told from their own attributes: how many items they hold, how many are not done.
QUEUES = (asyncio.Queue, asyncio.PriorityQueue, asyncio.LifoQueue)


def _queue_state(queue: asyncio.Queue) -> str:
    fields = vars(queue)  # an exact asyncio type: its own attributes, no code of the learner's
    held = fields.get("_queue")
    return (
        f"<{type(queue).__name__} maxsize={fields.get('_maxsize')!r}, "
        f"{0 if held is None else len(held)} item(s) held, "
        f"{fields.get('_unfinished_tasks')!r} not done>"
    )


def _lock_state(lock: object) -> str:
    fields = vars(lock)  # an exact asyncio type: its own attributes, no code of the learner's
    value = fields.get("_locked", fields.get("_value"))
    return f"<{type(lock).__name__} {value!r}>"


# asyncio's events, locks and semaphores: told by their own attributes (set, locked, count).
LOCKS = (asyncio.Event, asyncio.Lock, asyncio.Semaphore, asyncio.BoundedSemaphore)
# What a cache of functools (lru_cache, cache) is: told by how many results it holds.
CACHE = type(functools.lru_cache(maxsize=None)(len))
FRAMES = {  # a generator's, a coroutine's, an async generator's frame, by its attribute
    types.GeneratorType: "gi_frame",
    types.CoroutineType: "cr_frame",
    types.AsyncGeneratorType: "ag_frame",
}


def _inside(value: object) -> object:
    """What ``value`` keeps inside it, out of a container's sight, for the kinds that do: a
    bound method's object (``_memo = {}.setdefault``), a context variable's default, a
    suspended generator's or coroutine's local variables; else MISSING."""
    kind = type(value)
    if kind is types.BuiltinMethodType or kind is types.MethodType:
        owner = value.__self__
        if owner is None or isinstance(owner, types.ModuleType | type):
            return MISSING
        return owner
    if kind is contextvars.ContextVar:
        try:
            return contextvars.Context().run(value.get)  # its default, set by no context
        except LookupError:
            return MISSING
    attribute = FRAMES.get(kind)
    if attribute is not None:
        frame = getattr(value, attribute)
        return {} if frame is None else dict(frame.f_locals)
    return MISSING


def _kept(value: object) -> Kept:
    kind = type(value)
    if any(kind is shown for shown in SHOWN_BY_REPR):
        return Kept(value, None, repr(value))
    if any(kind is queue for queue in QUEUES):
        return Kept(value, None, _queue_state(value))
    if any(kind is lock for lock in LOCKS):
        return Kept(value, None, _lock_state(value))
    if kind is CACHE:
        return Kept(value, None, f"<cache of {value.cache_info().currsize} result(s)>")
    inside = _inside(value)
    if inside is not MISSING:
        plain = _plain_container(inside)
        if plain is not None:
            with contextlib.suppress(RecursionError, TypeError):
                return Kept(value, _copied(plain, depth=0), inside=True)
    plain = _plain_container(value)
    if plain is None:
        return Kept(value, None)
    try:
        return Kept(value, _copied(plain, depth=0))
    except (RecursionError, TypeError):
        return Kept(value, None)


def _same(old: Kept, new: Kept) -> bool:
    if old.text is not None:
        return new.value is old.value and new.text == old.text
    if old.inside:
        return new.value is old.value and new.inside and _held(new.contents, old.contents)
    if old.contents is None:
        return new.value is old.value or _held(new.value, old.value)
    return new.value is old.value and _held(_plain_container(new.value), old.contents)
