"""Turn a failed test into a message for the learner: what was checked, what happened."""

from __future__ import annotations

import traceback
from pathlib import Path

import pytest
from blockbuster import BlockingError

from grader.i18n import N_, _, course_text
from grader.inside.loader import describe_exception, innermost_learner_frame
from grader.inside.suite import GuardTimeout, call_named, find_error
from grader.text import MAX_ERROR_TEXT, NAME_LENGTH, error_text, one_line

TIMEOUT_PREFIX = "Timeout (>"  # how pytest-timeout's failures begin
GRADER = Path(__file__).resolve().parents[1]  # the grader's own code
LEARNER_FAILED = N_(
    "Your code called pytest's fail ({error}) while it was being checked. Only the checks "
    "decide that a task fails, and say why: the task counts as failed."
)


def learner_message(item: pytest.Item, exc: BaseException, learner_file: Path | None) -> str:
    """A plain-words account of ``exc``, headed by the check the test makes."""
    return headed(item, explain(exc, learner_file, item))


def headed(item: pytest.Item, body: str) -> str:
    """``body`` under the check the test makes ("Checking: ..."), when its docstring says."""
    checking = _first_line(getattr(item, "obj", None).__doc__ if hasattr(item, "obj") else None)
    checking = course_text(checking)  # the suite's own words, translated where they are
    return _("Checking: {check}").format(check=checking) + f"\n{body}" if checking else body


def explain(exc: BaseException, learner_file: Path | None, item: pytest.Item | None) -> str:
    """What went wrong, in plain words, without the check's heading (``item`` is needed
    only to explain a skip or pytest-timeout's stop)."""
    if isinstance(exc, pytest.skip.Exception | pytest.xfail.Exception):
        if item.get_closest_marker("task") is None:
            return str(exc)
        kind = "xfail" if isinstance(exc, pytest.xfail.Exception) else "skip"
        return _(
            "Your code called pytest's {kind} ({error}) while it was being checked. The code "
            "under test cannot skip its own checks: the task counts as failed."
        ).format(kind=kind, error=error_text(exc))
    if isinstance(exc, pytest.fail.Exception):
        text = str(exc.msg if hasattr(exc, "msg") else exc)
        if text.startswith(TIMEOUT_PREFIX):
            limit = item.config.getoption("timeout") or item.config.getini("timeout")
            marker = item.get_closest_marker("timeout")
            if marker and marker.args:
                limit = marker.args[0]
            return _(
                "Your code was still running after {seconds} s of real time, "
                "so the test was stopped. It probably loops forever, "
                "or blocks the event loop while waiting."
            ).format(seconds=f"{float(limit):g}")
        if _failed_by_learner(exc, learner_file, item):
            return _(LEARNER_FAILED).format(error=error_text(exc))
        return text
    found = find_error(exc, BlockingError)
    if found is not None:
        text = _(
            "Your code made a blocking call, {call}, inside a coroutine. "
            "It froze the event loop: no other task could run until it returned. "
            "Use the asyncio version (for example `await asyncio.sleep(...)`), "
            "or run it in a thread with `await asyncio.to_thread(...)`."
        ).format(call=_blocked_call(found))
        frame = innermost_learner_frame(found, learner_file)
        if frame is None:
            return text
        where = _("The call was made at {file}, line {line}, in {function}.").format(
            file=learner_file.name, line=frame.lineno, function=_function(frame)
        )
        return f"{text} {where}"
    found = find_error(exc, NotImplementedError)
    if found is not None:
        frame = innermost_learner_frame(found, learner_file)
        if frame is None:
            return _("Not done yet: the code still raises NotImplementedError ({error}).").format(
                error=error_text(found)
            )
        return _(
            "Not done yet: {function} still raises NotImplementedError "
            "(the TODO at {file}, line {line})."
        ).format(
            function=_function(frame),
            file=learner_file.name,
            line=todo_line(learner_file, frame.lineno),
        )
    found = find_error(exc, GuardTimeout)
    if found is not None:
        return _(
            "Your code {what}. It waits for something that never happens: a task that was "
            "never started, an event never set, a lock never released, a queue never filled?"
        ).format(what=one_line(str(found)))
    if isinstance(exc, SystemExit):
        return _("Your code called sys.exit({code}); a function should return instead.").format(
            code=_exit_code(exc)
        )
    if isinstance(exc, MemoryError):
        return _("Your code ran out of memory (MemoryError): it allocated more than allowed.")
    if isinstance(exc, AssertionError):
        detail = error_text(exc) or _("assertion")
        return _("A check failed: {detail}").format(detail=detail)
    raised = _("Your code raised {error}.").format(error=describe_exception(exc, learner_file))
    call = call_named(exc)  # the suite's record of it: never what the error itself carries
    if call is None:
        return raised
    return _("Called {call}. {raised}").format(call=one_line(call), raised=raised)


def _failed_by_learner(
    exc: BaseException, learner_file: Path | None, item: pytest.Item | None
) -> bool:
    """Whether pytest's fail() was called (or its exception raised) by the learner's code,
    whose text is then not a check's message: the innermost frame that is the learner's, the
    grader's or the suites' decides (pytest's own and other code in between are passed
    over, as a thread that ran it)."""
    if learner_file is None:
        return False
    learner = learner_file.resolve()
    suites = Path(item.path).resolve().parent if item is not None else None

    def owner(name: str) -> str:
        path = Path(name).resolve()
        if path == learner:
            return "learner"
        if path.is_relative_to(GRADER) or (suites is not None and path.is_relative_to(suites)):
            return "grader"
        return ""

    whose: dict[str, str] = {}
    for frame, _line in reversed(list(traceback.walk_tb(exc.__traceback__))):
        name = frame.f_code.co_filename
        if name not in whose:
            whose[name] = owner(name)
        if whose[name]:
            return whose[name] == "learner"
    return False


def _function(frame) -> str:
    """The name of a frame's function, which the learner's code can make anything."""
    return one_line(frame.name, NAME_LENGTH)


def _exit_code(exc: SystemExit) -> str:
    try:
        return one_line(repr(exc.code), NAME_LENGTH)
    except Exception:
        return "..."


def _blocked_call(error: BlockingError) -> str:
    return one_line(str(error).removeprefix("Blocking call to ").strip(), MAX_ERROR_TEXT) + "()"


def _first_line(text: str | None) -> str:
    return text.strip().splitlines()[0].strip() if text and text.strip() else ""


def todo_line(learner_file: Path, line: int) -> int:
    """The line of the ``# TODO`` comment above ``line`` in the same function (where the
    learner starts reading), or ``line`` itself when there is none."""
    try:
        lines = learner_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return line
    for number in range(min(line, len(lines)) - 1, 0, -1):
        text = lines[number - 1].strip()
        if text.startswith("# TODO"):
            return number
        if text.startswith(("def ", "async def ", "class ")):
            break
    return line
