"""Confine one topic's test process with the operating system's own tools.

The learner's code runs in its own PID, mount, IPC, UTS and network namespaces (loopback
only unless the teacher allows more), as an unprivileged user (65534), and sees only:
a private copy of its topic file, the parts of the project the suite needs (read-only,
never ``solutions/`` or ``.git``), the Python installation (read-only) and a private
``/tmp``. The first choice is bubblewrap (``bwrap``); where it is missing and the grader
runs as root, util-linux's ``unshare`` and ``setpriv`` build the same view. With neither,
the run is unconfined, and the caller can tell (:func:`choose_tool` returns ``""``).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

from grader.catalog import ROOT
from grader.i18n import ENVIRONMENT as LANGUAGE_VARIABLE
from grader.i18n import _

MODES = ("auto", "always", "never")
BWRAP, UNSHARE, UNCONFINED = "bwrap", "unshare", ""
NOBODY = 65534  # the identity the learner's code runs as
TMP_SIZE = 256 * 1024 * 1024  # bytes of private /tmp
SHM_SIZE = 64 * 1024 * 1024  # bytes of private /dev/shm (shared memory counts in no rlimit)
MAX_FILE_SIZE = 1024 * 1024  # a topic file larger than this is not graded
SYSTEM_LINKS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ETC_FILES = (
    "/etc/hosts", "/etc/nsswitch.conf", "/etc/passwd", "/etc/group", "/etc/localtime",
    "/etc/ld.so.cache", "/etc/resolv.conf",
)  # fmt: skip
DEVICES = ("null", "zero", "full", "random", "urandom")
HIDDEN = ("solutions", ".git")  # never bound, named here for the docs and the tests
PASSED_ON = (LANGUAGE_VARIABLE, "LANGUAGE")  # the messages' language, into the sandbox


class ConfinementUnavailable(RuntimeError):
    """``--confine always`` was asked for, and neither bwrap nor unshare can be used here."""


def choose_tool(mode: str) -> str:
    """The tool to confine with (``"bwrap"``, ``"unshare"``), or ``""`` for unconfined."""
    if mode not in MODES:
        raise ValueError(f"--confine must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "never":
        return UNCONFINED
    tool = available_tool()
    if not tool and mode == "always":
        raise ConfinementUnavailable(
            _(
                "cannot confine the submission: install bubblewrap (apt-get install bubblewrap), "
                "or run the grader as root with util-linux's unshare and setpriv"
            )
        )
    return tool


_probing = threading.Lock()  # one probe, however many topics ask at once


def available_tool() -> str:
    """Probe once: the first tool that really confines a process on this machine."""
    with _probing:
        return _probe()


def warm_up(python: str = sys.executable) -> threading.Thread:
    """Probe the tools and ask ``python`` for its folders in the background, while the
    caller does other work; the first confined run finds both answers ready."""
    worker = threading.Thread(target=_warm, args=(python,), daemon=True)
    worker.start()
    return worker


def _warm(python: str) -> None:
    asking = threading.Thread(target=python_paths, args=(python,), daemon=True)
    asking.start()  # beside the probe, which needs only what this process knows
    available_tool()
    asking.join()


@functools.cache
def _probe() -> str:
    # Python without its site: the probe asks only whether the tool confines a process.
    probe, system = [sys.executable, "-I", "-S", "-c", "pass"], _own_python_paths()
    bwrap = bwrap_command(probe, [], allow_network=False, system=system)
    if shutil.which("bwrap") and _works(bwrap):
        return BWRAP
    if _is_root() and all(shutil.which(name) for name in ("unshare", "setpriv", "chroot")):
        import tempfile

        with tempfile.TemporaryDirectory(prefix="confine-probe-") as root:
            new_root = Path(root)
            unshare = unshare_command(
                probe, [], allow_network=False, new_root=new_root, system=system
            )
            if _works(unshare):
                return UNSHARE
    return UNCONFINED


def _works(command: list[str]) -> bool:
    try:
        done = subprocess.run(command, capture_output=True, timeout=30, env=base_environment())
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class RefusedFile(Exception):
    """A topic file the grader will not read: a link, a special file, or too large."""


def copy_topic_file(source: Path, into: Path) -> bool:
    """Copy one regular file, not through a link, into ``into``; False when there is none.

    Symbolic links, hard links (more than one name), folders, FIFOs, devices and files over
    ``MAX_FILE_SIZE`` are refused with :class:`RefusedFile`, whose message says which and
    what the grader reads; the copy is readable by the unprivileged user.
    """
    only_files = _("the grader reads only regular files, not links")
    if source.parent.is_symlink():
        raise RefusedFile(
            _("the folder holding {file} is a symbolic link: {rule}").format(
                file=source.name, rule=only_files
            )
        )
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(source, flags)
    except FileNotFoundError:
        return False
    except OSError as error:
        if source.is_symlink():
            what = _("{file} is a symbolic link: {rule}")
        else:
            what = _("{file} cannot be read ({error})")
        raise RefusedFile(
            what.format(file=source.name, rule=only_files, error=error.strerror)
        ) from None
    try:
        info = os.fstat(fd)
        refused = ""
        if stat.S_ISDIR(info.st_mode):
            refused = _("{file} is a folder: {rule}")
        elif not stat.S_ISREG(info.st_mode):
            refused = _("{file} is not a regular file (a FIFO, a socket or a device): {rule}")
        elif info.st_nlink > 1:
            refused = _("{file} is a hard link, one of several names of a file: {rule}")
        elif info.st_size > MAX_FILE_SIZE:
            refused = _("{file} is larger than {size} KiB, more than any topic needs")
        if refused:
            raise RefusedFile(
                refused.format(file=source.name, rule=only_files, size=MAX_FILE_SIZE // 1024)
            )
        with os.fdopen(os.dup(fd), "rb") as handle:
            content = handle.read(MAX_FILE_SIZE + 1)
    finally:
        os.close(fd)
    into.mkdir(parents=True, exist_ok=True)
    into.chmod(0o755)
    target = into / source.name
    target.write_bytes(content)
    target.chmod(0o644)
    return True


def project_paths(test_file: Path) -> list[Path]:
    """What the test process needs of the project: the grader, the catalog, one suite (and
    its compiled form, when the grading process wrote one: see grader/grading/bytecode.py)."""
    compiled = Path(importlib.util.cache_from_source(str(test_file)))
    return [
        ROOT / "grader",
        ROOT / "tests" / "topics.toml",
        test_file,
        *([compiled] if compiled.is_file() else []),
        ROOT / "pyproject.toml",
    ]


_asking: dict[str, threading.Lock] = {}


def python_paths(python: str) -> tuple[Path, ...]:
    """The folders a Python needs to run: its prefixes and ``sys.path``, never the project."""
    with _asking.setdefault(python, threading.Lock()):  # asked once, however many wait
        return _python_paths(python)


@functools.cache
def _python_paths(python: str) -> tuple[Path, ...]:
    query = "import json, sys; print(json.dumps([sys.prefix, sys.base_prefix, *sys.path]))"
    found = json.loads(
        subprocess.run(
            [python, "-E", "-c", query], capture_output=True, text=True, check=True, cwd="/"
        ).stdout
    )
    return _bindable(python, [Path(entry) for entry in found if entry])


def _own_python_paths() -> tuple[Path, ...]:
    """This Python's folders without its ``sys.path``: enough for ``python -I -S``."""
    return _bindable(sys.executable, [Path(sys.prefix), Path(sys.base_prefix)])


def _bindable(python: str, found: list[Path]) -> tuple[Path, ...]:
    executable = Path(python)
    candidates = [executable.parent, Path(os.path.realpath(executable)).parent, *found]
    paths: list[Path] = []
    for path in candidates:
        for form in (path, Path(os.path.realpath(path))):
            if form.is_dir() and _may_bind(form):
                paths.append(form)
    return tuple(_outermost(paths))


def _may_bind(path: Path) -> bool:
    """Not the project itself nor a folder above it; nothing already bound with /usr."""
    if path == Path("/usr") or Path("/usr") in path.parents:
        return False
    if path == ROOT or path in ROOT.parents:
        return False
    return not any(path == ROOT / name or ROOT / name in path.parents for name in HIDDEN)


def _outermost(paths: list[Path]) -> list[Path]:
    chosen: list[Path] = []
    for path in sorted(set(paths), key=lambda p: len(p.parts)):
        if not any(path == outer or outer in path.parents for outer in chosen):
            chosen.append(path)
    return chosen


def read_only_paths(
    python: str, extra: list[Path], system: tuple[Path, ...] | None = None
) -> list[Path]:
    """Every path bound read-only, in an order that creates parents first.

    ``system``: the Python's folders, when known without asking it (the probe's).
    """
    system = python_paths(python) if system is None else system
    paths = [*system, *extra, *(Path(p) for p in ETC_FILES if Path(p).exists())]
    return sorted(dict.fromkeys(paths), key=lambda p: len(p.parts))


def base_environment(python: str = sys.executable) -> dict[str, str]:
    """The environment of a confined run: nothing of the grader's own (no tokens, no keys)

    but the language the learner chose for messages.
    """
    bin_dir = str(Path(python).parent)
    chosen = {name: os.environ[name] for name in PASSED_ON if name in os.environ}
    return {
        "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp",
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        **chosen,
    }


def _parents(paths: list[Path]) -> list[Path]:
    """Every folder above the mount points, outermost first, so each can be made 0755."""
    parents: dict[Path, None] = {}
    for path in paths:
        for parent in reversed(path.parents):
            if str(parent) not in ("/", "/tmp", "/usr", "/proc", "/dev"):
                parents[parent] = None
    return sorted(parents, key=lambda p: len(p.parts))


def bwrap_command(
    command: list[str],
    binds: list[Path],
    *,
    allow_network: bool,
    system: tuple[Path, ...] | None = None,
) -> list[str]:
    """``command`` under bubblewrap; as root, bwrap builds the view and setpriv drops to 65534.

    Without root, bwrap makes an unprivileged user namespace and maps the user to 65534.
    """
    python = command[0]
    read_only = read_only_paths(python, binds, system)
    args = ["bwrap", "--die-with-parent", "--new-session"]
    args += ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
    if not allow_network:
        args.append("--unshare-net")
    if not _is_root():
        args += ["--unshare-user", "--disable-userns", "--uid", str(NOBODY), "--gid", str(NOBODY)]
    args += ["--ro-bind", "/usr", "/usr"]
    for link in SYSTEM_LINKS:
        args += _system_link(link)
    args += ["--proc", "/proc", "--dev", "/dev"]
    args += ["--perms", "1777", "--size", str(SHM_SIZE), "--tmpfs", "/dev/shm"]
    args += ["--perms", "1777", "--size", str(TMP_SIZE), "--tmpfs", "/tmp", "--chdir", "/tmp"]
    for parent in _parents(read_only):
        if parent not in read_only:
            args += ["--perms", "0755", "--dir", str(parent)]
    for path in read_only:  # after /tmp: a private copy may live below it
        args += ["--ro-bind", str(path), str(path)]
    args.append("--")
    if _is_root():
        args += setpriv_prefix()
    return args + command


def _system_link(path: str) -> list[str]:
    if os.path.islink(path):
        return ["--symlink", os.readlink(path), path]
    if os.path.isdir(path):
        return ["--ro-bind", path, path]
    return []


def setpriv_prefix() -> list[str]:
    """Become 65534 with no capabilities, no groups and no way to gain privileges."""
    return [
        "setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
        "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--",
    ]  # fmt: skip


def unshare_command(
    command: list[str],
    binds: list[Path],
    *,
    allow_network: bool,
    new_root: Path,
    system: tuple[Path, ...] | None = None,
) -> list[str]:
    """``command`` under util-linux ``unshare`` (root only): the same view, built by a script.

    The shell stays PID 1 of the namespace; when it ends, the kernel ends every process the
    run started.
    """
    python = command[0]
    read_only = read_only_paths(python, binds, system)
    root = shlex.quote(str(new_root))
    lines = ["set -e", "umask 022", "PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH"]
    lines.append(f"mount -t tmpfs -o mode=0755 none {root}")
    lines += [f"mkdir -p {root}/usr", f"mount --rbind /usr {root}/usr"]
    lines += [f"mount -o remount,bind,ro {root}/usr"]
    for link in SYSTEM_LINKS:
        if os.path.islink(link):
            lines.append(f"ln -s {shlex.quote(os.readlink(link))} {root}{link}")
        elif os.path.isdir(link):
            lines += [f"mkdir -p {root}{link}", f"mount --bind {link} {root}{link}"]
            lines.append(f"mount -o remount,bind,ro {root}{link}")
    lines += [f"mkdir -p {root}/tmp"]
    lines += [f"mount -t tmpfs -o mode=1777,size={TMP_SIZE} none {root}/tmp"]
    for path in read_only:  # after /tmp: a private copy may live below it
        target = shlex.quote(f"{new_root}{path}")
        source = shlex.quote(str(path))
        if path.is_dir():
            lines.append(f"mkdir -p {target}")
        else:
            lines += [f"mkdir -p {shlex.quote(str(Path(f'{new_root}{path}').parent))}"]
            lines.append(f": > {target}")
        lines += [f"mount --bind {source} {target}", f"mount -o remount,bind,ro {target}"]
    lines += [f"mkdir -p {root}/proc", f"mount -t proc proc {root}/proc"]
    lines += [f"mkdir -p {root}/dev", f"mount -t tmpfs -o mode=0755 none {root}/dev"]
    for device in DEVICES:
        lines += [f": > {root}/dev/{device}", f"mount --bind /dev/{device} {root}/dev/{device}"]
    lines += [f"mkdir -p {root}/dev/shm"]
    lines += [f"mount -t tmpfs -o mode=1777,size={SHM_SIZE} none {root}/dev/shm"]
    lines += [f"ln -s /proc/self/fd {root}/dev/fd"]
    for number, name in enumerate(("stdin", "stdout", "stderr")):
        lines.append(f"ln -s /proc/self/fd/{number} {root}/dev/{name}")
    if not allow_network and shutil.which("ip"):
        lines.append("ip link set lo up")
    inner = ["chroot", str(new_root), *setpriv_prefix(), "env", "-C", "/tmp", *command]
    lines.append(shlex.join(inner))  # not exec: the shell stays PID 1 and reaps
    namespaces = ["--pid", "--fork", "--kill-child", "--mount", "--ipc", "--uts"]
    if not allow_network:
        namespaces.append("--net")
    return ["unshare", *namespaces, "--", "/bin/sh", "-c", "\n".join(lines)]


def confined_command(
    tool: str, command: list[str], binds: list[Path], *, allow_network: bool, new_root: Path
) -> list[str]:
    """``command`` wrapped by ``tool``; unchanged when unconfined."""
    if tool == BWRAP:
        return bwrap_command(command, binds, allow_network=allow_network)
    if tool == UNSHARE:
        return unshare_command(command, binds, allow_network=allow_network, new_root=new_root)
    return command
