"""Read a submission's source for code that reaches for the grading machinery.

What it finds is flagged for a teacher's review, not scored: an honest solution to an asyncio
kata never needs the call stack's frames, the garbage collector's lists, ctypes, the modules
pytest and the grader run on, or (outside the topics that teach them) new processes. The
guard watches for the same things while the code runs; this catches what a run never reaches.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import re
import tokenize

from grader.i18n import N_, _

# Why each finding matters, as the report says it.
# Marked for translation; the guard translates them when it reports a finding.
FRAMES = N_("reads the call stack's frames")
CODE = N_("reads or replaces functions' code")
BUILT = N_("runs code built from text (exec, eval, compile)")
GC = N_("searches the garbage collector's objects")
CTYPES = N_("uses ctypes")
MODULES = N_("reaches into the grader's or pytest's modules")
LOADS = N_("loads modules by hand, past the import statement")
HOOKS = N_("installs a trace, profile or audit hook")
FORK = N_("forks the test process")
PROC = N_("reads /proc")
PLUGINS = N_("registers pytest plugins")
PROCESSES = N_("starts processes (this topic does not teach them)")
HIDDEN_TESTS = N_("reads the hidden tests")
IMPORT_THREADS = N_("leaves threads running once it is imported")
# Found as a test runs: an operation of a suite's fake that no asyncio task ran (a coroutine
# sent and thrown into by the code's own hand), where the checks of tasks cannot follow it.
BY_HAND = N_("runs coroutines by hand, outside asyncio's tasks, where the tests cannot follow them")
COMPUTED = N_("reaches attributes by names computed as it runs, which no reader can check")
PRIVATE = N_("reaches other objects' private attributes")
UNCANCEL = N_(
    "takes back a task's cancellation (Task.uncancel), which hides from the task's owner that it "
    "was cancelled"
)
ENCODING = N_("declares a source encoding other than UTF-8, which can hide code from a reader")
GIVEN = N_(
    "sets attributes of objects it is handed (the tests' fakes keep what they saw in theirs)"
)
DESCRIPTORS = N_(
    "calls attribute descriptors by hand (__get__, __set__), past an object's own rules"
)
ATTRIBUTE_DICTS = N_(
    "reaches other objects' attribute dictionaries (vars(x), x.__dict__), past their own rules"
)
PAST_OWN_METHODS = N_(
    "changes other objects past their own rules (object.__setattr__, list.append(x.items, ...), "
    "x.__init__(...) run again)"
)
ISINSTANCE = N_("changes what isinstance() answers")
ENVIRONMENT = N_(
    "changes the process's environment (os.environ), where state is shared by every call out "
    "of the shared-state rule's sight"
)
THREAD_STATE = N_(
    "sets attributes of the main thread, where state is shared by every call out of the "
    "shared-state rule's sight"
)
INTERPRETER_REGISTRY = N_(
    "registers with the interpreter (a codec search function, an error handler), where state "
    "is kept that no rule can read"
)
LIBRARY_STATE = N_(
    "changes the lists, dicts, sets or namespaces the standard library keeps, where state is "
    "shared by every call out of the shared-state rule's sight"
)
UNREADABLE = N_(
    "keeps state in objects whose state the grader cannot read, which the shared-state rule "
    "can compare only as themselves"
)
IMPORTED_STATE = N_(
    "sets attributes of other modules and of what they hold (their classes, functions and "
    "objects), where state is shared by every call out of the shared-state rule's sight"
)

# Names of the standard library and the installed packages that honest code and the tools
# around the tests rebind: redirected output and the last error pytest keeps, warning
# filters, the event loop policy, the hooks Python lets a program set, caches that fill
# themselves, and what pytest's assertion plugin sets for each test.
LIBRARY_LEFT_OPEN = {
    "sys": frozenset({
        "stdout", "stderr", "stdin", "last_exc", "last_type", "last_value", "last_traceback",
        "excepthook", "unraisablehook", "displayhook", "breakpointhook",
    }),
    "warnings": frozenset({
        "filters", "showwarning", "_showwarnmsg", "_showwarnmsg_impl", "defaultaction",
        "onceregistry",
    }),
    "threading": frozenset({"excepthook"}),
    "asyncio.events": frozenset({"_event_loop_policy"}),
    "platform": frozenset({"_uname_cache"}),
    "tempfile": frozenset({"_name_sequence", "tempdir"}),
    "concurrent.futures.process": frozenset({"_system_limits_checked", "_system_limited"}),
    "_pytest.assertion.util": frozenset({"_reprcompare", "_config"}),  # set for each test
}  # fmt: skip
MACHINERY = frozenset(
    [
        "grader",
        "_pytest",
        "pytest",
        "pluggy",
        "looptime",
        "blockbuster",
        "forbiddenfruit",
        "pytest_asyncio",
        "pytest_timeout",
        "xdist",
        "execnet",
    ]
)
LOW_LEVEL = frozenset({"ctypes", "_ctypes", "cffi", "_testcapi", "_testinternalcapi"})
PROCESS_MODULES = frozenset({"subprocess", "multiprocessing", "pty", "_posixsubprocess"})
SOURCE_MODULES = frozenset({"linecache", "tests", "conftest"})
# A module's names that say where its relative imports resolve, and from which package.
IMPORT_STATE = frozenset(
    {"__package__", "__spec__", "__path__", "__loader__", "__name__", "__builtins__"}
)
# The import system's own parts: a module found, made or run by hand (one the code wrote at
# run time, say), the table of modules loaded, the finders.
LOADER_NAMES = [
    "exec_module", "module_from_spec", "spec_from_file_location", "spec_from_loader",
    "run_module", "run_path", "zipimporter", "load_module", "find_spec", "meta_path",
    "path_hooks", "modules",
]  # fmt: skip

FRAME_NAMES = [
    "f_back",
    "f_locals",
    "f_globals",
    "f_code",
    "f_builtins",
    "f_trace",
    "tb_frame",
    "gi_frame",
    "cr_frame",
    "ag_frame",
    "_getframe",
    "_getframemodulename",
    "_current_frames",
    "_current_exceptions",
    "get_stack",
    "print_stack",
]
# A function's code and closure, and what leads from one object to the ones behind it.
CODE_NAMES = [
    "__code__", "__closure__", "cell_contents", "__globals__",
    "__subclasses__", "__self__", "__func__", "__reduce__", "__reduce_ex__",
]  # fmt: skip
PLUGIN_NAMES = ["pluginmanager", "pytest_plugins", "hookimpl"]
# What decides isinstance() and issubclass() (and so which objects a class pattern matches):
# a metaclass's hooks, an ABC's; a class that also defines ``__class__`` lies about its own.
ISINSTANCE_NAMES = ["__instancecheck__", "__subclasscheck__", "__subclasshook__"]
ISINSTANCE_DEFINED = frozenset([*ISINSTANCE_NAMES, "__class__"])
ATTRIBUTES = {
    **dict.fromkeys(FRAME_NAMES, FRAMES),
    **dict.fromkeys(CODE_NAMES, CODE),
    **dict.fromkeys(["__get__", "__set__", "__delete__"], DESCRIPTORS),
    **dict.fromkeys(PLUGIN_NAMES, PLUGINS),
    **dict.fromkeys(ISINSTANCE_NAMES, ISINSTANCE),
    "uncancel": UNCANCEL,  # asyncio.timeout and TaskGroup call it for their own cancels
    # string.Formatter's own getattr: "{0.name}" fields looked up by a name given as text.
    **dict.fromkeys(["Formatter", "get_field", "vformat"], COMPUTED),
    # pickle's import of any module's object by its names as text, past the import statement.
    **dict.fromkeys(["find_class", "Unpickler"], MODULES),
    **dict.fromkeys(LOADER_NAMES, LOADS),
}
# Found inside longer text too ("{0.__closure__}", b"...f_back..."): no word holds them.
EMBEDDED = [
    name for name in ATTRIBUTES if name.startswith(("__", "f_", "tb_", "gi_", "cr_", "ag_"))
]
OS_PROCESSES = [
    "system",
    "popen",
    "posix_spawn",
    "posix_spawnp",
    "spawnv",
    "spawnve",
    "spawnl",
    "spawnle",
    "spawnvp",
    "spawnlp",
    "execv",
    "execve",
    "execl",
    "execle",
    "execlp",
    "execvp",
    "execvpe",
]
INSPECT_FRAMES = ["currentframe", "stack", "trace", "getouterframes", "getinnerframes"]
# inspect's functions that hand out a function's closure, globals or code.
INSPECT_CODE = ["getclosurevars", "getmembers", "getmembers_static"]
TRACEBACK_FRAMES = ["walk_stack", "extract_stack", "print_stack", "format_stack", "walk_tb"]
ATTRIBUTE_FUNCTIONS = frozenset({"getattr", "setattr", "delattr", "hasattr", "getattr_static"})
# Methods that take an attribute's name, and how many arguments follow the name.
ATTRIBUTE_METHODS = {"__getattribute__": 0, "__getattr__": 0, "__delattr__": 0, "__setattr__": 1}
# Another class's private attribute, spelt as Python mangles it: ``_LoopTimeEventLoop__now``.
MANGLED = re.compile(r"_[A-Za-z0-9]\w*?__\w*[A-Za-z0-9_](?<!__)")
# Modules also reached as another module's attribute (``os.sys``, ``asyncio.sys``).
REEXPORTED_MODULES = frozenset({"sys", "gc", "os", "inspect", "traceback", "builtins"})
BUILT_CODE = frozenset(
    {"exec", "eval", "compile", "builtins.exec", "builtins.eval"}
    | {
        f"{module}.{name}"
        for module in ("pickle", "marshal", "_pickle")
        for name in ("loads", "load")
    }
)
# Builtins that reach attributes or names by text: passed around (``_get = getattr``,
# ``reduce(getattr, ...)``), they do what the scan cannot read.
REFLECTIVE = frozenset({"getattr", "setattr", "delattr", "vars", "__import__", "globals"})
# operator's functions that reach attributes (or methods) by the names they are given.
GETTERS = frozenset({"attrgetter", "methodcaller"})
# Everything that reaches an attribute by a name given as text when called: held as a value
# (``_get = operator.attrgetter``, ``_read = object.__getattribute__``), its calls are calls
# of another name, which the scan cannot tie to it.
VALUE_GETTERS = GETTERS | REFLECTIVE | {"getattr_static"} | set(ATTRIBUTE_METHODS)
# Where each is imported from by name: ``from operator import attrgetter as g``.
VALUE_GETTER_MODULES = {
    "operator": GETTERS,
    "_operator": GETTERS,
    "inspect": frozenset({"getattr_static"}),
    "builtins": REFLECTIVE,
}
# Built-in classes whose single positional sub-pattern matches the whole subject
# (``case int(n)``), reading no attribute; any other class reads its ``__match_args__``.
SELF_MATCHING = frozenset(
    {"bool", "bytearray", "bytes", "dict", "float", "frozenset", "int", "list", "set", "str"}
    | {"tuple"}
)
# Modules whose attributes, reached by a computed name, could be anything the scan looks for.
INTROSPECTION = frozenset(
    {"sys", "gc", "inspect", "os", "posix", "builtins", "importlib", "traceback", "types"}
    | MACHINERY
    | LOW_LEVEL
)
# (module, name): why, and whether it matters only in topics that do not teach processes.
MODULE_NAMES = {
    **{("sys", name): (MODULES, False) for name in ("modules", "meta_path", "path_hooks")},
    **{("sys", name): (HOOKS, False) for name in ("settrace", "setprofile", "addaudithook")},
    ("sys", "monitoring"): (HOOKS, False),
    **{("threading", name): (HOOKS, False) for name in ("settrace", "setprofile")},
    **{("inspect", name): (FRAMES, False) for name in INSPECT_FRAMES},
    **{("inspect", name): (CODE, False) for name in INSPECT_CODE},
    **{("traceback", name): (FRAMES, False) for name in TRACEBACK_FRAMES},
    **{("gc", name): (GC, False) for name in ("get_objects", "get_referrers", "get_referents")},
    **{("os", name): (FORK, False) for name in ("fork", "forkpty", "register_at_fork")},
    **{("os", name): (PROCESSES, True) for name in OS_PROCESSES},
    **{
        ("asyncio", name): (PROCESSES, True)
        for name in ("create_subprocess_exec", "create_subprocess_shell", "subprocess")
    },
    ("concurrent.futures", "ProcessPoolExecutor"): (PROCESSES, True),
    ("signal", "signal"): (FRAMES, False),  # a handler is handed the interrupted frame
    ("inspect", "getmodule"): (MODULES, False),  # the module of any object: a suite's, too
    ("pkgutil", "resolve_name"): (MODULES, False),  # any module's object, by its name
}
SUITE_NAME = re.compile(r"test_\d\d_")  # a hidden suite's module: test_04_async_await
MODULE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


def scan_file(
    data: bytes, processes_allowed: bool = False, changes: tuple[str, ...] = ()
) -> list[tuple[str, str, int]]:
    """:func:`scan_source` of a file's bytes, read as Python reads them when it imports the
    file (its coding line honoured), and a coding line other than UTF-8 noted."""
    try:
        encoding, _lines = tokenize.detect_encoding(io.BytesIO(data).readline)
        source = importlib.util.decode_source(data)
    except (SyntaxError, LookupError, UnicodeDecodeError, ValueError):
        return []  # the import fails and says why; nothing runs to be flagged
    found = scan_source(source, processes_allowed, changes)
    if encoding not in ("utf-8", "utf-8-sig"):
        found.insert(0, (ENCODING, f"coding: {encoding}", 1))
    return found


def _nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` in ``ast.walk``'s order, listed once: the scan looks at them all
    a dozen times over."""
    nodes = tree.__dict__.get("_scan_nodes")
    if nodes is None:
        nodes = tree._scan_nodes = list(ast.walk(tree))
    return nodes


def scan_source(
    source: str, processes_allowed: bool = False, changes: tuple[str, ...] = ()
) -> list[tuple[str, str, int]]:
    """Each ``(why, what, line)`` the source reaches for, first occurrence of each ``what``.
    ``changes``: the arguments (``"function.parameter"``) the topic lets a function change."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []  # the import fails and says why; nothing runs to be flagged
    found: dict[str, tuple[str, str, int]] = {}

    def note(why: str, what: str, node: ast.AST) -> None:
        found.setdefault(what, (why, what, getattr(node, "lineno", 0)))

    def module_finding(module: str, node: ast.AST) -> None:
        root = module.partition(".")[0]
        if root in MACHINERY:
            note(MODULES, f"import {module}", node)
        elif root in LOW_LEVEL:
            note(CTYPES, f"import {module}", node)
        elif root in PROCESS_MODULES and not processes_allowed:
            note(PROCESSES, f"import {module}", node)
        elif root.startswith("test_") or root in SOURCE_MODULES:  # a suite, its source's cache
            note(HIDDEN_TESTS, f"import {module}", node)

    aliases: dict[str, str] = {}  # local name -> module, from ``import x as y``
    getters = {  # what calls operator's attribute getters: ``attrgetter`` as imported
        alias.asname or alias.name
        for node in _nodes(tree)
        if isinstance(node, ast.ImportFrom) and node.module in ("operator", "_operator")
        for alias in node.names
        if alias.name in GETTERS or alias.name == "*"
    }
    getters |= GETTERS if "*" in getters else set()  # from operator import *
    # Every name that holds one of them as imported: ``getattr_static``, ``g`` for ``from
    # operator import attrgetter as g``; named anywhere but where it is called, it is handed on.
    held = REFLECTIVE | {
        name
        for node in _nodes(tree)
        if isinstance(node, ast.ImportFrom) and node.module in VALUE_GETTER_MODULES
        for alias in node.names
        if alias.name == "*" or alias.name in VALUE_GETTER_MODULES[node.module]
        for name in (
            VALUE_GETTER_MODULES[node.module] if alias.name == "*" else [alias.asname or alias.name]
        )
    }
    bindings = _bindings(tree)
    matching = _matching_own_names(tree, bindings)  # classes whose patterns read known names
    own = _own_names(tree)  # what the module defines: its own private parts are its own
    calls = {id(node.func): node for node in _nodes(tree) if isinstance(node, ast.Call)}
    parents = {id(child): node for node in _nodes(tree) for child in ast.iter_child_nodes(node)}
    called = set(calls)
    for node in _nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                aliases[alias.asname or alias.name.partition(".")[0]] = (
                    alias.name if alias.asname else alias.name.partition(".")[0]
                )
                module_finding(alias.name, node)
        elif isinstance(node, ast.ImportFrom) and node.level:  # a topic file has no package
            note(MODULES, f"from {'.' * node.level}{node.module or ''} import ...", node)
        elif isinstance(node, ast.ImportFrom) and node.module:
            module_finding(node.module, node)
            for alias in node.names:
                renamed = alias.asname not in (None, alias.name)
                if renamed and alias.name in VALUE_GETTER_MODULES.get(node.module, ()):
                    what = f"{node.module}.{alias.name}"  # called as g(x, name): not read
                    note(COMPUTED, _("{name} passed around").format(name=what), node)
                if alias.name in IMPORTERS:  # called by its new name: an importer still
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                _qualified(node.module, alias.name, node, processes_allowed, note)
                if alias.name in ATTRIBUTES and (node.module, alias.name) not in MODULE_NAMES:
                    note(ATTRIBUTES[alias.name], alias.name, node)
    for node in _nodes(tree):
        if isinstance(node, ast.ClassDef):  # a metaclass's __instancecheck__ matches anything
            for statement in node.body:
                for name in _defined_in_class(statement):
                    if name in ISINSTANCE_DEFINED:
                        note(ISINSTANCE, f"{node.name}.{name}", statement)
        elif isinstance(node, ast.keyword) and node.arg in ISINSTANCE_DEFINED:
            note(ISINSTANCE, f"{node.arg}=", node)  # type(name, bases, dict(__class__=...))
        elif isinstance(node, ast.Dict):  # type(name, bases, {"__class__": ...})
            for key in node.keys:
                if key is not None and _folded(key) in ISINSTANCE_DEFINED:
                    note(ISINSTANCE, repr(_folded(key)), key)
        # case C(pattern) reads the attribute C.__match_args__[0] names, which the code may
        # have built as it ran (and a metaclass lets any object match C)
        if (
            isinstance(node, ast.MatchClass)
            and node.patterns
            and not (isinstance(node.cls, ast.Name) and node.cls.id in matching)
        ):
            note(COMPUTED, f"case {ast.unparse(node.cls)[:60]}(...)", node)
        if isinstance(node, ast.MatchClass):  # case C(name=pattern) reads C's .name
            for attr in node.kwd_attrs:
                if attr in ATTRIBUTES:
                    note(ATTRIBUTES[attr], f".{attr}", node)
                elif MANGLED.fullmatch(attr) or _private(attr, node.cls, own):
                    note(PRIVATE, f".{attr}", node)
        if isinstance(node, ast.Attribute):
            owner = _dotted(node.value)
            if owner is not None:
                head, _dot, rest = owner.partition(".")
                owner = _reexported(aliases.get(head, head) + (f".{rest}" if rest else ""))
            if node.attr in ATTRIBUTES:
                if (owner, node.attr) not in MODULE_NAMES:  # (sys.modules: told once, below)
                    note(ATTRIBUTES[node.attr], f".{node.attr}", node)
            elif MANGLED.fullmatch(node.attr) or _private(node.attr, node.value, own):
                note(PRIVATE, f".{node.attr}", node)
            if owner is not None:
                _qualified(owner, node.attr, node, processes_allowed, note)
            past = _past_own_methods(node) and not _on_itself(calls.get(id(node)))
            if past or _container_method_handed_on(node, parents, called):
                note(PAST_OWN_METHODS, ast.unparse(node), node)
            if node.attr == "__dict__" and not _is_itself(node.value):
                note(ATTRIBUTE_DICTS, ast.unparse(node), node)
            if id(node) not in called and _getter_held(node, aliases) and not past:
                what = ast.unparse(node)[:60]  # _read = object.__getattribute__
                note(COMPUTED, _("{name} passed around").format(name=what), node)
        elif isinstance(node, ast.Name) and node.id in ("pytest_plugins",):
            note(PLUGINS, node.id, node)
        elif isinstance(node, ast.Name) and node.id in IMPORT_STATE and _stored(node):
            note(MODULES, _("{name} set").format(name=node.id), node)  # where imports resolve
        elif isinstance(node, ast.Name) and node.id == "__builtins__":  # read, not set
            note(MODULES, node.id, node)  # __builtins__["get" + "attr"], any builtin by text
        elif isinstance(node, ast.Name) and node.id in held and id(node) not in called:
            note(COMPUTED, _("{name} passed around").format(name=node.id), node)
        elif isinstance(node, ast.Call) and _past_their_methods(node):
            note(PAST_OWN_METHODS, ast.unparse(node.func), node)
        elif isinstance(node, ast.Call) and _vars_of_another(node):
            note(ATTRIBUTE_DICTS, ast.unparse(node)[:60], node)
        elif isinstance(node, ast.Call) and _dotted(node.func) in BUILT_CODE:
            note(BUILT, f"{_dotted(node.func)}()", node)  # what it runs, the scan cannot read
        elif isinstance(node, ast.Call) and _is_getter(node.func, getters):
            if any(_folded(argument) is None for argument in node.args):  # literals: below
                note(COMPUTED, _("an attribute whose name is computed"), node)
        elif isinstance(node, ast.Call) and (reached := _imported_by_name(node, aliases)):
            note(MODULES, reached, node)
        elif (looked_up := _named_attribute(node)) is not None:
            owner, name = _dotted(looked_up[0]), _folded(looked_up[1])
            if owner == "__builtins__":  # __builtins__["getattr"]: the builtins module's
                owner = "builtins"
            elif owner is not None:  # as imported: ``import os as o`` makes ``o.sys`` os.sys
                head, _dot, rest = owner.partition(".")
                owner = aliases.get(head, head if rest else "") + (f".{rest}" if rest else "")
                owner = _reexported(owner)
            if name is None:
                if (owner or "").partition(".")[0] in INTROSPECTION:  # hidden names
                    note(
                        MODULES,
                        _("an attribute of {module} whose name is computed").format(module=owner),
                        node,
                    )
                elif not _only_asks(node):  # any object's: its closure, a suite's evidence
                    note(COMPUTED, _("an attribute whose name is computed"), node)
                continue
            if _private(name, looked_up[0], own) or MANGLED.fullmatch(name):
                note(PRIVATE, f".{name}", node)  # getattr(loop, "_scheduled")
            if name in VALUE_GETTERS and not _only_asks(node):  # getattr(operator, "attrgetter")
                what = f"{owner or ast.unparse(looked_up[0])[:40]}.{name}"
                note(COMPUTED, _("{name} passed around").format(name=what), node)
            if name == "__dict__" and not _is_itself(looked_up[0]):
                note(ATTRIBUTE_DICTS, f"{ast.unparse(looked_up[0])}.__dict__", node)
            if _past_own_methods(ast.Attribute(value=looked_up[0], attr=name)):
                what = f"{ast.unparse(looked_up[0])}.{name}"
                note(PAST_OWN_METHODS, what, node)  # getattr(object, "__setattr__")
            if owner:  # the name itself, if it is one the scan knows: below
                _qualified(owner, name, node, processes_allowed, note)
        if isinstance(node, ast.expr) and not isinstance(node, ast.Constant):
            text = _folded(node)  # a name spelled in pieces: "f_" + "back", f"{'_py'}test"
            if text is not None:
                _string(text, node, processes_allowed, note)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
            text = node.value if isinstance(node.value, str) else node.value.decode("latin-1")
            _string(text, node, processes_allowed, note)
    for where, written in _writes_to_given(tree, changes):
        note(GIVEN, written, where)
    imported = _imported_names(tree)
    for node in _nodes(tree):
        written = _given_attribute_written(node, set(imported))
        if written is None or _left_open(written, imported):
            continue
        note(IMPORTED_STATE, written, node)  # textwrap.dedent.memo = {}, Template.x = 1
    return sorted(found.values(), key=lambda finding: finding[2])


def _imported_names(tree: ast.Module) -> dict[str, str]:
    """The names the module's import statements bind, and what each names (``import a.b``
    binds ``a``; ``from a import b as c`` binds ``c``, ``a.b``)."""
    names = {}
    for node in _nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.partition(".")[0]
                names[bound] = alias.name if alias.asname else bound
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if alias.name != "*":
                    names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _left_open(written: str, imported: dict[str, str]) -> bool:
    """Whether ``written`` (``threading.excepthook``) is a name of the library that honest
    programs set (:data:`LIBRARY_LEFT_OPEN`), reached through the name it was imported as."""
    root, _dot, rest = written.partition(".")
    module, _dot, name = f"{imported.get(root, root)}.{rest}".rpartition(".")
    return name in LIBRARY_LEFT_OPEN.get(module, ())


def _getter_held(node: ast.Attribute, aliases: dict[str, str]) -> bool:
    """Whether ``node`` is one of the functions that reach an attribute by a name given as
    text (:data:`VALUE_GETTERS`): ``operator.attrgetter``, ``inspect.getattr_static``,
    ``x.__getattribute__``, ``builtins.getattr``; the builtins' ``vars`` and kin only as
    ``builtins``' own (``self.vars`` is anyone's)."""
    if node.attr not in VALUE_GETTERS:
        return False
    if node.attr not in REFLECTIVE or node.attr in ATTRIBUTE_FUNCTIONS:
        return True
    owner = _dotted(node.value)
    if owner is None:
        return False
    head, _dot, rest = owner.partition(".")
    return _reexported(aliases.get(head, head) + (f".{rest}" if rest else "")) in (
        "builtins",
        "__builtins__",
    )


def _bindings(tree: ast.Module) -> dict[str, int]:
    """How many times each name is bound anywhere in the module: assigned, defined, imported,
    a parameter, a pattern's capture, an exception's name."""
    counts: dict[str, int] = {}

    def bound(name: str | None) -> None:
        if name is not None:
            counts[name] = counts.get(name, 0) + 1

    for node in _nodes(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bound(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                bound(alias.asname or alias.name.partition(".")[0])
        elif isinstance(node, ast.arg):
            bound(node.arg)
        elif isinstance(node, ast.MatchAs | ast.MatchStar):
            bound(node.name)
        elif isinstance(node, ast.MatchMapping):
            bound(node.rest)
        elif isinstance(node, ast.ExceptHandler):
            bound(node.name)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            for name in node.names:
                bound(name)
    return counts


def _matching_own_names(tree: ast.Module, bindings: dict[str, int]) -> set[str]:
    """The class names whose positional sub-patterns (``case Point(x, y)``) read only
    attributes the module names as it is written: Python's self-matching built-ins, left
    unbound, and the module's own classes, bound once, with a literal ``__match_args__`` of
    plain names (or a dataclass's, a named tuple's fields) and no metaclass of their own. Any
    other mention of ``__match_args__`` (set later, named in text) and no class is trusted."""
    names = {name for name in SELF_MATCHING if name not in bindings}
    literal: set[int] = set()  # the Name nodes of the literal class-body definitions
    classes: dict[str, ast.ClassDef] = {}
    for node in _nodes(tree):
        if isinstance(node, ast.ClassDef):
            classes[node.name] = node
            for statement in node.body:
                if _literal_match_args(statement):
                    literal.add(id(statement.targets[0]))
    for node in _nodes(tree):
        mentioned = (
            (isinstance(node, ast.Attribute) and node.attr == "__match_args__")
            or (isinstance(node, ast.keyword) and node.arg == "__match_args__")
            or (
                isinstance(node, ast.Name)
                and node.id == "__match_args__"
                and id(node) not in literal
            )
            or (isinstance(node, ast.expr) and "__match_args__" in (_folded(node) or ""))
        )
        if mentioned:
            return names
    for name, node in classes.items():
        if bindings.get(name) != 1 or not _no_metaclass(node, classes, set()):
            continue
        written = any(_literal_match_args(statement) for statement in node.body)
        named_tuple = any(
            _dotted(base) in ("NamedTuple", "typing.NamedTuple") for base in node.bases
        )
        dataclass = any(
            _dotted(each.func if isinstance(each, ast.Call) else each)
            in ("dataclass", "dataclasses.dataclass")
            for each in node.decorator_list
        )
        if written or named_tuple or dataclass:
            names.add(name)
    for node in _nodes(tree):  # Point = namedtuple("Point", "x y")
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and bindings.get(node.targets[0].id) == 1
            and _literal_named_tuple(node.value)
        ):
            names.add(node.targets[0].id)
    return names


def _plain_name(value: object) -> bool:
    """A name an honest pattern reads: text, an identifier, not a dunder."""
    return isinstance(value, str) and value.isidentifier() and not value.startswith("__")


def _literal_match_args(statement: ast.stmt) -> bool:
    """``__match_args__ = ("x", "y")`` in a class body."""
    return (
        isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
        and statement.targets[0].id == "__match_args__"
        and isinstance(statement.value, ast.Tuple | ast.List)
        and all(
            isinstance(each, ast.Constant) and _plain_name(each.value)
            for each in statement.value.elts
        )
    )


def _literal_named_tuple(value: ast.expr) -> bool:
    """``namedtuple("Point", "x y")`` (or ``["x", "y"]``) with plain field names."""
    if not (
        isinstance(value, ast.Call)
        and _dotted(value.func) in ("namedtuple", "collections.namedtuple")
        and len(value.args) == 2
        and not any(keyword.arg == "rename" for keyword in value.keywords)
    ):
        return False
    fields = value.args[1]
    if isinstance(fields, ast.Constant) and isinstance(fields.value, str):
        return all(_plain_name(each) for each in fields.value.replace(",", " ").split())
    return isinstance(fields, ast.Tuple | ast.List) and all(
        isinstance(each, ast.Constant) and _plain_name(each.value) for each in fields.elts
    )


def _no_metaclass(node: ast.ClassDef, classes: dict[str, ast.ClassDef], seen: set[str]) -> bool:
    """Whether neither the class nor any of the module's classes it derives from names a
    metaclass (whose ``__getattribute__`` could answer for ``__match_args__``)."""
    if node.name in seen:
        return True
    seen.add(node.name)
    if any(keyword.arg == "metaclass" for keyword in node.keywords):
        return False
    return all(
        _no_metaclass(classes[base.id], classes, seen)
        for base in node.bases
        if isinstance(base, ast.Name) and base.id in classes
    )


def _defined_in_class(statement: ast.stmt) -> list[str]:
    """The names a class body's statement defines: a method, an assignment's targets."""
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [statement.name]
    targets: list[ast.expr] = []
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, ast.AnnAssign | ast.AugAssign):
        targets = [statement.target]
    return [
        each.id
        for target in targets
        for each in ast.walk(target)
        if isinstance(each, ast.Name) and isinstance(each.ctx, ast.Store)
    ]


def _is_getter(function: ast.expr, getters: set[str]) -> bool:
    """Whether ``function`` is operator's ``attrgetter`` or ``methodcaller``."""
    if isinstance(function, ast.Name):
        return function.id in getters
    return isinstance(function, ast.Attribute) and function.attr in GETTERS


def _writes_to_given(tree: ast.Module, changes: tuple[str, ...]) -> list[tuple[ast.AST, str]]:
    """Each attribute a function sets (or deletes) on an object it was handed as an argument,
    or that a function around it was: ``store.timeline.peak = 1``, ``setattr(fetch, ...)``.
    ``self`` and ``cls`` are the function's own; a name it binds anew is its own too, and so
    is an argument the topic lets a top-level function change (``changes``)."""
    found: list[tuple[ast.AST, str]] = []

    def visit(function: ast.AST, outer: frozenset[str], top: bool = False) -> None:
        arguments = function.args
        names = [
            each.arg for each in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
        ] + [each.arg for each in (arguments.vararg, arguments.kwarg) if each is not None]
        body = function.body if isinstance(function.body, list) else [function.body]
        bound = {
            target.id
            for statement in body
            for node in ast.walk(statement)
            for target in _bound_names(node)
        }
        allowed = {name for name in names if top and f"{function.name}.{name}" in changes}
        given = (outer | set(names)) - {"self", "cls"} - bound - allowed
        for statement in body:
            for node in _walk_this_function(statement):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                    visit(node, frozenset(given))
                    continue
                written = _given_attribute_written(node, given)
                if written is not None:
                    found.append((node, written))

    for node in _nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node in tree.body:
            visit(node, frozenset(), top=True)
        elif isinstance(node, ast.ClassDef) and node in tree.body:
            for method in node.body:
                if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                    visit(method, frozenset())
    return found


def _walk_this_function(node: ast.AST):
    """The nodes of ``node``, not entering the functions inside it (they are yielded)."""
    yield node
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        return
    for child in ast.iter_child_nodes(node):
        yield from _walk_this_function(child)


def _bound_names(node: ast.AST) -> list[ast.Name]:
    """The names ``node`` binds by assignment (``x = ...``, ``for x in``, ``with ... as x``)."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
        return [node]
    return []


def _given_attribute_written(node: ast.AST, given: set[str]) -> str | None:
    """``store.timeline.peak`` when ``node`` sets or deletes that attribute of a given object."""
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    elif isinstance(node, ast.Delete):
        targets = node.targets
    elif isinstance(node, ast.Call) and _writes_by_call(node.func):
        # setattr(store, ...), object.__setattr__(store, ...), list.clear(store.spans): the
        # first argument is written; store.__setattr__(...): the method's owner is.
        function = node.func
        if isinstance(function, ast.Attribute) and _root_name(function.value) in given:
            return f"{ast.unparse(function)}(...)"
        if node.args and _root_name(node.args[0]) in given:
            return f"{ast.unparse(function)}({ast.unparse(node.args[0])}, ...)"
        return None
    for target in targets:
        for each in target.elts if isinstance(target, ast.Tuple | ast.List) else [target]:
            if isinstance(each, ast.Attribute) and _root_name(each) in given:
                return ast.unparse(each)
    return None


# Built-in types whose methods, called on the type, change the object they are handed
# (``list.clear(spans)``, past a list subclass's own methods), and those methods; the deque
# is named as imported, with its module or from it.
BUILT_IN_TYPES = frozenset({"object", "type", "list", "dict", "set"})
CONTAINER_TYPES = BUILT_IN_TYPES | {"collections.deque", "deque"}
CHANGING_METHODS = frozenset(
    {
        "__setattr__", "__delattr__", "__setitem__", "__delitem__", "__iadd__", "__imul__",
        "append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse",
        "update", "popitem", "setdefault", "add", "discard",
        "__init__", "appendleft", "extendleft", "popleft", "rotate",
    }
)  # fmt: skip


def _past_own_methods(node: ast.Attribute) -> bool:
    """``object.__setattr__``, ``super(type(x), x).__setattr__`` and their kin, called or passed
    around: honest code sets another object's attributes through the object, where its class
    may announce or refuse it (``super().__setattr__`` in a class of its own is fine)."""
    if node.attr not in ("__setattr__", "__delattr__"):
        return False
    owner = node.value
    if isinstance(owner, ast.Call) and _dotted(owner.func) == "super":
        return bool(owner.args)  # super(type(x), x): another object's class, past its own
    return _dotted(owner) in ("object", "type")


def _past_their_methods(call: ast.Call) -> bool:
    """``list.append(pool.log, ...)`` (a built-in type's changing method called on the type,
    past a subclass's own) on another object's attribute, or ``x.__init__(...)`` of an object
    other than the method's own (``super().__init__()`` and ``Base.__init__(self)`` are)."""
    function = call.func
    if not isinstance(function, ast.Attribute):
        return False
    if function.attr == "__init__":
        owner = function.value
        own = isinstance(owner, ast.Call) and _dotted(owner.func) == "super"
        return not (own or _is_itself(owner) or _on_itself(call))
    if not _container_method(function):
        return False
    target = call.args[0] if call.args else None
    return not (
        target is None
        or _is_itself(target)
        or (isinstance(target, ast.Attribute) and _is_itself(target.value))
    )


def _container_method_handed_on(node: ast.Attribute, parents: dict, called: set) -> bool:
    """A built-in container's changing method taken as a value, to be called later on any
    object (``_put = dict.__setitem__``, ``map(list.append, ...)``); ``partial(set.discard,
    tasks)`` on a name is a callback for one's own set."""
    if id(node) in called or not _container_method(node):
        return False
    parent = parents.get(id(node))
    if isinstance(parent, ast.Call) and _dotted(parent.func) in ("partial", "functools.partial"):
        bound = parent.args[1:2]
        return not (parent.args[0] is node and bound and isinstance(bound[0], ast.Name))
    return True


def _container_method(node: ast.Attribute) -> bool:
    """``dict.__setitem__``, ``list.append`` and their kin: a built-in container's changing
    method reached on the type, past whatever class the object has."""
    return _dotted(node.value) in CONTAINER_TYPES and node.attr in CHANGING_METHODS


def _on_itself(call: ast.Call | None) -> bool:
    """Whether ``call`` hands ``self`` or ``cls`` first: a class setting its own objects'
    attributes (a frozen dataclass's ``__post_init__``)."""
    return call is not None and bool(call.args) and _is_itself(call.args[0])


def _is_itself(node: ast.expr) -> bool:
    """``self`` or ``cls``: a method's own object or class."""
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def _vars_of_another(call: ast.Call) -> bool:
    """``vars(x)`` of an object other than the method's own (``vars()`` reads locals)."""
    return (
        isinstance(call.func, ast.Name)
        and call.func.id == "vars"
        and bool(call.args)
        and not _is_itself(call.args[0])
    )


def _writes_by_call(function: ast.expr) -> bool:
    """Whether calling ``function`` writes an object handed to it, or the method's owner:
    ``setattr``, ``delattr``, ``x.__setattr__`` and a built-in type's changing methods."""
    if isinstance(function, ast.Name):
        return function.id in ("setattr", "delattr")
    if not isinstance(function, ast.Attribute):
        return False
    if function.attr in ("__setattr__", "__delattr__"):
        return True
    owner = function.value
    return (
        isinstance(owner, ast.Name)
        and owner.id in BUILT_IN_TYPES
        and function.attr in CHANGING_METHODS
    )


def _root_name(node: ast.expr) -> str | None:
    """``store`` for ``store.timeline.peak`` (and ``threading`` for what a call of it gives,
    ``threading.main_thread().x``); None when it does not start with a name."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _reexported(owner: str) -> str:
    """``sys`` for ``asyncio.sys`` and its kin; any other owner as it is."""
    last = owner.rpartition(".")[2]
    return last if "." in owner and last in REEXPORTED_MODULES else owner


def _own_names(tree: ast.Module) -> set[str]:
    """The names a module defines at its top (classes, functions, variables), and ``self``
    and ``cls``."""
    names = {"self", "cls"}
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


# Names public despite their underscore: os._exit, sys._getframe (flagged as frames anyway),
# a named tuple's methods.
PUBLIC_UNDERSCORED = frozenset(
    {"_exit", "_getframe", "_asdict", "_replace", "_fields", "_make", "_field_defaults"}
)


def _private(name: str, owner: ast.expr, own: set[str]) -> bool:
    """Whether ``owner.name`` is another object's private attribute: ``loop._scheduled``,
    ``handle._when``; not ``self._lock``, ``Fetcher._fetch`` of the module's own class, or
    ``super()._method``."""
    if not name.startswith("_") or name.startswith("__") or name in ("_", *PUBLIC_UNDERSCORED):
        return False
    if isinstance(owner, ast.Name):
        return owner.id not in own
    if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name):
        return owner.func.id not in ("super", "type")
    return True


def _only_asks(node: ast.AST) -> bool:
    """Whether the lookup only asks if an attribute is there (``hasattr``)."""
    return isinstance(node, ast.Call) and (_dotted(node.func) or "").endswith("hasattr")


def _named_attribute(node: ast.AST) -> tuple[ast.expr, ast.expr] | None:
    """The object and the name of an attribute reached by a name given as text:
    ``getattr(x, name)`` and its kin (``builtins.getattr``, ``inspect.getattr_static``,
    ``x.__getattribute__(name)``, ``object.__setattr__(x, name, value)``),
    ``vars(x)[name]``, ``vars(x).get(name)``, ``x.__dict__[name]``; else ``None``."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
        function = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        if function in ATTRIBUTE_FUNCTIONS and len(node.args) >= 2:
            return node.args[0], node.args[1]
        if function in ATTRIBUTE_METHODS and isinstance(node.func, ast.Attribute):
            at = len(node.args) - 1 - ATTRIBUTE_METHODS[function]
            if at >= 0:
                owner = node.args[0] if at == 1 else node.func.value
                return owner, node.args[at]
        if function != "get":
            return None
    if isinstance(node, ast.Subscript):
        namespace, key = node.value, node.slice
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and node.args
    ):
        namespace, key = node.func.value, node.args[0]
    else:
        return None
    if isinstance(namespace, ast.Attribute) and namespace.attr == "__dict__":
        return namespace.value, key
    if isinstance(namespace, ast.Name) and namespace.id == "__builtins__":  # a dict, imported
        return namespace, key
    if (
        isinstance(namespace, ast.Call)
        and isinstance(namespace.func, ast.Name)
        and namespace.func.id == "vars"
        and len(namespace.args) == 1
    ):
        return namespace.args[0], key
    return None


def _folded(node: ast.AST) -> str | None:
    """The text a string expression always has, when it is built of literals only:
    ``"a" + "b"``, ``f"{'a'}b"``, ``"".join(["a", "b"])``, ``"kcab_f"[::-1]``; else
    ``None``."""
    try:
        return _fold(node)
    except RecursionError:  # nested deeper than any honest expression
        return None


def _fold(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _fold(node.left), _fold(node.right)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):  # "_" * 2, 2 * "_"
        for text, times in ((node.left, node.right), (node.right, node.left)):
            folded, count = _fold(text), _count(times)
            if folded is not None and count is not None:
                count = max(count, 0)
                return folded * count if len(folded) * count <= LONGEST_FOLDED else None
        return None
    if isinstance(node, ast.JoinedStr):
        parts = [_fold(value) for value in node.values]
        return "".join(parts) if None not in parts else None
    if isinstance(node, ast.FormattedValue) and node.format_spec is None and node.conversion == -1:
        return _fold(node.value)
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        text = _fold(node.value)
        bounds = [_number(part) for part in (node.slice.lower, node.slice.upper, node.slice.step)]
        if text is None or MISSING_NUMBER in bounds or bounds[2] == 0:
            return None
        return text[slice(*bounds)]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.List | ast.Tuple)
    ):
        separator = _fold(node.func.value)
        parts = [_fold(element) for element in node.args[0].elts]
        return separator.join(parts) if separator is not None and None not in parts else None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CASE_METHODS
        and not node.args
    ):
        text = _fold(node.func.value)
        return getattr(str, node.func.attr)(text) if text is not None else None
    return None


CASE_METHODS = frozenset({"lower", "upper", "casefold", "swapcase", "strip", "lstrip", "rstrip"})


MISSING_NUMBER = object()
# Text longer than any name is not built (``"_" * 10**9`` stays unfolded).
LONGEST_FOLDED = 1000


def _count(node: ast.expr) -> int | None:
    """An int an expression always has, built of literals (``2``, ``-1``, ``True``,
    ``1 + 1``, ``len("ab")``), for ``text * count``; else None."""
    if isinstance(node, ast.Constant) and type(node.value) in (int, bool):
        return int(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _count(node.operand)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult):
        left, right = _count(node.left), _count(node.right)
        if left is None or right is None or max(abs(left), abs(right)) > LONGEST_FOLDED:
            return None
        if isinstance(node.op, ast.Add):
            return left + right
        return left - right if isinstance(node.op, ast.Sub) else left * right
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "len"
        and len(node.args) == 1
        and not node.keywords
    ):
        text = _fold(node.args[0])
        return None if text is None else len(text)
    return None


def _number(node: ast.expr | None) -> int | object | None:
    """A slice bound written as a literal: an int (``-1`` too), None when left out; else
    MISSING_NUMBER."""
    if node is None:
        return None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _number(node.operand)
        return -inner if isinstance(inner, int) else MISSING_NUMBER
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return MISSING_NUMBER


# What imports a module by its name as text, under any owner (importlib.__import__ too).
IMPORTERS = frozenset({"__import__", "import_module", "resolve_name", "_gcd_import", "locate"})


def _imported_by_name(call: ast.Call, aliases: dict[str, str]) -> str:
    """What a call of an importer by name (``__import__``, ``importlib.import_module``,
    ``pkgutil.resolve_name``, ``pydoc.locate``, under any name they were imported as) reaches
    that the scan flags: a module whose name is built at run time, or one of the grader's or
    the suites' (``"grader"`` alone too, which an import statement could not name past the
    gate); ``""`` for anything else."""
    function = _dotted(call.func)
    if function is None:
        return ""
    head, _dot, rest = function.partition(".")
    function = aliases.get(head, head) + (f".{rest}" if rest else "")
    if function.rpartition(".")[2] not in IMPORTERS:
        return ""
    first = call.args[0] if call.args else None
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
        return _("an import whose module name is computed")
    root = first.value.partition(".")[0].partition(":")[0]
    if root in MACHINERY or SUITE_NAME.match(root) or root in SOURCE_MODULES:
        return repr(first.value[:60])
    return ""


def _qualified(module: str, name: str, node: ast.AST, processes_allowed: bool, note) -> None:
    rule = MODULE_NAMES.get((module, name))
    if rule is None:
        return
    why, only_without_processes = rule
    if not (only_without_processes and processes_allowed):
        note(why, f"{module}.{name}", node)


def _string(text: str, node: ast.AST, processes_allowed: bool, note) -> None:
    """Names hidden in strings: ``getattr(f, "f_back")``, ``import_module("_pytest.runner")``,
    ``"{0.__closure__}".format(f)``."""
    inside = next((name for name in EMBEDDED if name in text), None)
    if text in ATTRIBUTES:
        note(ATTRIBUTES[text], repr(text), node)
    elif inside is not None:
        note(ATTRIBUTES[inside], repr(text[:60]), node)
    elif MANGLED.fullmatch(text):
        note(PRIVATE, repr(text), node)
    elif text.startswith("/proc/") or text == "/proc":
        note(PROC, repr(text[:40]), node)
    elif MODULE_NAME.fullmatch(module := text.partition(":")[0]):  # resolve_name's "m:name"
        root = module.partition(".")[0]
        if (root in MACHINERY and root != "grader") or module.startswith("grader."):
            note(MODULES, repr(text), node)
        elif SUITE_NAME.match(root):
            note(HIDDEN_TESTS, repr(text), node)
        elif root in LOW_LEVEL:
            note(CTYPES, repr(text), node)
        elif root in PROCESS_MODULES and not processes_allowed:
            note(PROCESSES, repr(text), node)


def _stored(node: ast.Name) -> bool:
    """Whether ``node`` is a name being bound (assigned, deleted, or a loop's target)."""
    return isinstance(node.ctx, ast.Store | ast.Del)


def _dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a chain of names, else ``None``."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))
