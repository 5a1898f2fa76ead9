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

Each place is compared by a copy of what it held (:mod:`grader.inside.snapshots`): containers
item by item, tuples too, and what objects keep (a namespace's names, the attributes of the
module's own classes' objects, the public ones of another library's object, a bound method's
object, a partial's arguments, a context variable's default, a suspended generator's
variables, a count, an asyncio queue, event or lock, a cache, an in-memory file), read with no
code of the learner's run. A name the import system sets that the code put a container under
(``__file__ = {}``) is compared as a global. Anything else (an imported module, a class or a
function of another module, a task, the grader's and the suites' objects, a fake a suite put in
the module) is compared as the object it is: the suites' checks of two calls at once see the
rest.
"""

from __future__ import annotations

import asyncio
import types
from dataclasses import dataclass
from itertools import chain

from grader.i18n import N_, _
from grader.inside.evidence import record
from grader.inside.rules import SHARED_STATE, quoted
from grader.inside.snapshots import (
    CHANGED_BY_PYTHON,
    MISSING,
    MODULE_NOTES,
    Held,
    Keyed,
    Told,
    TooMuch,
    alike,
    attributes,
    copy_of,
    defined_in,
    foreign_attributes,
    module_globals,
    own_function,
    own_names,
    plain_container,
    summary,
)
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
CHANGED_INSIDE = N_(
    "This test changed what the objects in {what} hold, though it still shows as {after}. {rule}"
)

MAX_WRAPPED = 5  # decorators followed down to the function they wrap
TOO_MUCH = object()  # a place too big or too deep to copy: compared as the object it holds
# What the running test's calls left in the module while they were suspended, the first time
# for each place: the plugin fails the test with them at its teardown, and empties it for the
# next test.
while_running: dict[tuple, str] = record(dict, label="module_state.while_running")


@dataclass(frozen=True)
class Kept:
    """One place's value when the state was taken, and a copy of what it held then
    (:func:`grader.inside.snapshots.copy_of`)."""

    value: object
    copy: object


State = dict[tuple[str, dict], Kept]  # (message, its fields) -> what it held


def take(module: types.ModuleType) -> State:
    """What ``module`` holds now, place by place."""
    state: State = {}
    namespace = vars(module)
    for name, value in module_globals(namespace):
        if defined_in(module, type(value)):
            own = attributes(value)
        else:
            found = foreign_attributes(value)
            own = found[0] if found is not None else None
        # An object's attributes, a class's, are places of their own: the global holds the object.
        look_in = own is None and not defined_in(module, value)
        state[(GLOBAL, _fields(name=name))] = _kept(value, module, look_in=look_in)
        for attribute, held in own or ():
            what = (OBJECT_ATTRIBUTE, _fields(name=attribute, owner=name))
            state[what] = _kept(held, module)
        if defined_in(module, value):
            for attribute, held in own_names(vars(value)):
                qualified = f"{name}.{attribute}"
                state[(CLASS_ATTRIBUTE, _fields(name=qualified))] = _kept(held, module)
                _note_defaults(state, module, qualified, held)
        _note_defaults(state, module, name, value)
        if own_function(module, value):
            for attribute, held in own_names(vars(value)):
                state[(FUNCTION_ATTRIBUTE, _fields(name=attribute, owner=name))] = _kept(
                    held, module
                )
    for name in MODULE_NOTES - CHANGED_BY_PYTHON:  # a container the code put under one
        if plain_container(namespace.get(name)) is not None:
            state[(GLOBAL, _fields(name=name))] = _kept(namespace[name], module)
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
            if before_shown == after and new.value is not old.value:
                lines.append(_(REBOUND).format(what=what, after=after, rule=rule))
            elif before_shown == after:  # the same object, changed where no repr shows
                lines.append(_(CHANGED_INSIDE).format(what=what, after=after, rule=rule))
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
    """What a place held, as a message shows it: the copy taken then."""
    return kept.value if kept.copy is TOO_MUCH else kept.copy


_current = _shown  # what a place holds now, as the copy just taken shows it


def _keeps_tasks(old: Kept, new: Kept) -> bool:
    """Whether ``new`` is the very container ``old`` was, told apart from what it held only
    by tasks put in or taken out (as items, or as a dict's values): a registry that keeps
    running tasks alive, as asyncio asks (``background_tasks``)."""
    if new.value is not old.value or plain_container(new.value) is None:
        return False
    now, before = (each.copy if type(each) is Keyed else each for each in (new.copy, old.copy))
    if type(now) is not type(before) or now is TOO_MUCH:
        return False
    if isinstance(now, dict):
        moved = [now[key] for key in now.keys() - before.keys()]
        moved += [before[key] for key in before.keys() - now.keys()]
        kept = all(alike(now[key], before[key]) for key in now.keys() & before.keys())
        return kept and all(isinstance(item, asyncio.Task) for item in moved)
    now_ids, before_ids = {id(item) for item in now}, {id(held) for held in before}
    put_in = (item for item in now if id(item) not in before_ids)
    taken_out = (held for held in before if id(held) not in now_ids)
    return all(isinstance(item, asyncio.Task) for item in chain(put_in, taken_out))


def _fields(**fields: str) -> tuple[tuple[str, str], ...]:
    # A name is the learner's to choose (a global's may hold line breaks): told on one line.
    return tuple((key, f"`{one_line(value, NAME_LENGTH)}`") for key, value in fields.items())


def _note_defaults(
    state: State, module: types.ModuleType, name: str, value: object, depth: int = 0
) -> None:
    """Note the default values of ``value``'s parameters, when it is a function (a static or
    class method's too)."""
    function = getattr(value, "__func__", value)
    if not own_function(module, function):
        return
    wrapped = function.__dict__.get("__wrapped__")  # functools.wraps: the function it wraps
    if isinstance(wrapped, types.FunctionType) and depth < MAX_WRAPPED:
        _note_defaults(state, module, name, wrapped, depth + 1)
    for parameter, default in _defaults(function):
        state[(DEFAULT, _fields(name=parameter, function=name))] = _kept(default, module)
    for variable, cell in zip(
        function.__code__.co_freevars, function.__closure__ or (), strict=True
    ):
        if not variable.startswith("__"):  # __class__: what super() needs
            try:
                held = cell.cell_contents
            except ValueError:  # not bound yet
                held = MISSING
            state[(CLOSED_OVER, _fields(name=variable, function=name))] = _kept(held, module)


def _defaults(function: types.FunctionType) -> list[tuple[str, object]]:
    code = function.__code__
    positional = code.co_varnames[: code.co_argcount]
    given = function.__defaults__ or ()
    pairs = list(zip(positional[len(positional) - len(given) :], given, strict=True))
    return pairs + list((function.__kwdefaults__ or {}).items())


def _kept(value: object, module: types.ModuleType, *, look_in: bool = True) -> Kept:
    try:
        return Kept(value, copy_of(value, module, look_in=look_in))
    except TooMuch:
        return Kept(value, Told(value, summary(value)))  # too big to copy: told by its size
    except (RecursionError, TypeError, ValueError):
        return Kept(value, TOO_MUCH)


# What a copy is when it holds more than the object itself (a container, an object's state).
COPIES = (list, tuple, dict, set, frozenset, bytearray, Held, Keyed, Told)


def _same(old: Kept, new: Kept) -> bool:
    if old.copy is TOO_MUCH or new.copy is TOO_MUCH:
        return new.value is old.value
    if new.value is not old.value and type(old.copy) in COPIES:
        return False  # another container, or object, in the place: even an equal one
    return alike(new.copy, old.copy)
