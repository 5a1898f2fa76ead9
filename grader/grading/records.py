"""Read the test process's outcome records, trusting nothing: every line is checked.

The child writes one JSON object per line (the schema is in ``grader/inside/plugin.py``'s
``OutcomeWriter``). Anything but that schema, exactly, is refused with a
:class:`RecordError` that says in plain words what was wrong: an unknown kind or key, a
wrong type, a number that is not finite, a second ``collected``, a test record before it,
anything after ``finished``, or too much.
"""

from __future__ import annotations

import json
import math

from grader import signing
from grader.drawing import MAX_SCENES, MAX_SPANS
from grader.i18n import _

MAX_BYTES = 8 * 1024 * 1024  # the whole stream
MAX_LINE = 1024 * 1024  # one record
MAX_RECORDS = 20_000
MAX_TESTS = 5_000
MAX_TEXT = 64 * 1024  # one string

EXIT_STATUSES = range(7)  # pytest.ExitCode: OK, TESTS_FAILED, ..., MAX_WARNINGS_ERROR
WHEN = {"setup", "call", "teardown"}
OUTCOMES = {"passed", "failed", "skipped"}
EVENTS = {"tamper", "exit", "review", "load"}
TEST_KEYS = {"test", "when", "task", "outcome", "message", "timelines", "duration"}
TEST_OPTIONAL = {"output", "reach", "arguments"}  # reach, arguments: with --record-reach


class RecordError(ValueError):
    """The child's records are not what the grader's plugin writes."""


def parse_records(data: bytes, *, overflowed: bool = False, key: bytes | None = None) -> list[dict]:
    """Every record of the stream, checked; ``overflowed``: the reader kept only the start.

    With ``key``, every line must carry the signature the plugin makes with it
    (``grader/signing.py``): a record written by anything else is refused.

    A last line without its newline is a record cut short by a process that died while
    writing: it is dropped, unless it comes after ``finished``.
    """
    if overflowed or len(data) > MAX_BYTES:
        raise RecordError(
            _("the test process wrote more than {size} MiB of records").format(
                size=MAX_BYTES // 2**20
            )
        )
    lines = data.split(b"\n")
    cut_short = lines.pop()  # b"" when the stream ends with a newline
    if len(lines) > MAX_RECORDS:
        raise RecordError(
            _("the test process wrote more than {count} records").format(count=MAX_RECORDS)
        )
    records: list[dict] = []
    state = _Stream()
    for number, line in enumerate(lines, start=1):
        try:
            record = _decode(_signed_text(line, number, key) if key is not None else line)
            state.check(record)
        except RecordError as error:
            raise RecordError(
                _("record {number}: {error}").format(number=number, error=error)
            ) from None
        records.append(record)
    if cut_short and state.finished:
        raise RecordError(
            _("record {number}: {error}").format(
                number=len(lines) + 1, error=_("text after the 'finished' record")
            )
        )
    return records


def _signed_text(line: bytes, number: int, key: bytes) -> bytes:
    text, separator, mark = line.rpartition(signing.SEPARATOR.encode())
    try:
        signed = bool(separator) and signing.is_signed(key, number, text.decode(), mark.decode())
    except UnicodeDecodeError:
        signed = False
    if not signed:
        raise RecordError(_("not signed by the grader's plugin: something else wrote it"))
    return text


def _decode(line: bytes) -> dict:
    if len(line) > MAX_LINE:
        raise RecordError(_("longer than {size} KiB").format(size=MAX_LINE // 1024))
    try:
        text = line.decode("utf-8")
        record = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
    except UnicodeDecodeError:
        raise RecordError(_("not UTF-8 text")) from None
    except json.JSONDecodeError as error:
        raise RecordError(_("not valid JSON ({error})").format(error=error.msg)) from None
    except RecursionError:
        raise RecordError(_("nested too deeply")) from None
    if not isinstance(record, dict):
        raise RecordError(_("a JSON {kind}, not an object").format(kind=type(record).__name__))
    return record


def _refuse_constant(name: str) -> None:
    raise RecordError(_("the number {number} (not finite)").format(number=name))


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise RecordError(_("the number {number} (not finite)").format(number=text[:40]))
    return value


class _Stream:
    """The order rules: one ``collected`` before any test record; nothing after ``finished``."""

    def __init__(self) -> None:
        self.collected: set[str] | None = None
        self.finished = False

    def check(self, record: dict) -> None:
        if self.finished:
            raise RecordError(_("a record after the 'finished' record"))
        if "collected" in record:
            if self.collected is not None:
                raise RecordError(_("a second 'collected' record"))
            self.collected = _check_collected(record)
        elif "event" in record:
            _check_event(record)
        elif "finished" in record:
            _keys(record, {"finished", "exitstatus"})
            if record["finished"] is not True:
                raise RecordError(_("'finished' is not true"))
            _integer(record, "exitstatus")
            if record["exitstatus"] not in EXIT_STATUSES:  # a signal's code would pass for one
                raise RecordError(_("'exitstatus' is not one of pytest's exit codes"))
            self.finished = True
        elif "test" in record:
            if self.collected is None:
                raise RecordError(_("a test record before the 'collected' record"))
            _check_test(record)
            if record["test"] not in self.collected:
                raise RecordError(
                    _("a record for a test that was not collected: {test!r}").format(
                        test=record["test"]
                    )
                )
        else:
            raise RecordError(
                _("an unknown kind of record (keys: {keys})").format(keys=", ".join(sorted(record)))
            )


def _check_collected(record: dict) -> set[str]:
    _keys(record, {"collected"})
    tests = record["collected"]
    if not isinstance(tests, list):
        raise RecordError(_("'collected' is not a list"))
    if len(tests) > MAX_TESTS:
        raise RecordError(_("more than {count} tests collected").format(count=MAX_TESTS))
    names = set()
    for entry in tests:
        if not isinstance(entry, dict):
            raise RecordError(_("an entry of 'collected' is not an object"))
        _keys(entry, {"test", "task"})
        _text(entry, "test")
        _integer(entry, "task", optional=True)
        names.add(entry["test"])
    return names


def _check_event(record: dict) -> None:
    _keys(record, {"event", "detail", "during"})
    if record["event"] not in EVENTS:
        raise RecordError(_("an unknown event {event!r}").format(event=str(record["event"])[:40]))
    _text(record, "detail")
    _text(record, "during", optional=True)


def _check_test(record: dict) -> None:
    _keys(record, TEST_KEYS, TEST_OPTIONAL)
    _text(record, "test")
    if record["when"] not in WHEN:
        raise RecordError(
            _("{key!r} is {value!r}").format(key="when", value=str(record["when"])[:40])
        )
    if record["outcome"] not in OUTCOMES:
        raise RecordError(
            _("{key!r} is {value!r}").format(key="outcome", value=str(record["outcome"])[:40])
        )
    _integer(record, "task", optional=True)
    _text(record, "message")
    if "output" in record:
        _text(record, "output")
    if "reach" in record:
        reach = record["reach"]
        if not isinstance(reach, list) or not all(type(name) is str for name in reach):
            raise RecordError(_("'reach' is not a list of names"))
    if "arguments" in record:
        _check_arguments(record["arguments"])
    duration = record["duration"]
    if type(duration) not in (int, float) or not math.isfinite(duration) or duration < 0:
        raise RecordError(_("'duration' is not a finite number of seconds"))
    timelines = record["timelines"]
    if not isinstance(timelines, list) or len(timelines) > MAX_SCENES + 1:
        raise RecordError(
            _("'timelines' is not a list of at most {count}").format(count=MAX_SCENES + 1)
        )
    for timeline in timelines:
        _check_timeline(timeline)


def _check_arguments(arguments: object) -> None:
    """The numbers each function was called with: ``{"function.parameter": [1, 0.5]}``."""
    if not isinstance(arguments, dict) or not all(
        type(name) is str
        and isinstance(values, list)
        and all(type(value) in (int, float) for value in values)
        for name, values in arguments.items()
    ):
        raise RecordError(_("'arguments' is not a list of numbers by parameter"))


def _check_timeline(timeline: object) -> None:
    """A timeline exactly as ``Timeline.as_data`` makes it, numbered by the suite (its
    ``scene``): the report draws what it holds."""
    if not isinstance(timeline, dict):
        raise RecordError(_("'timeline' is not an object"))
    _keys(timeline, {"peak", "spans", "scene"})
    peak, spans, scene = timeline["peak"], timeline["spans"], timeline["scene"]
    if type(scene) is not int or scene < 0:
        raise RecordError(_("the timeline's 'scene' is not a whole number"))
    if type(peak) is not int or peak < 0:
        raise RecordError(_("the timeline's 'peak' is not a whole number of operations"))
    if not isinstance(spans, list) or len(spans) > MAX_SPANS:
        raise RecordError(
            _("the timeline's 'spans' is not a list of at most {count}").format(count=MAX_SPANS)
        )
    for span in spans:
        if not isinstance(span, dict):
            raise RecordError(_("a span of the timeline is not an object"))
        _keys(span, {"label", "start", "end", "outcome"})
        _text(span, "label")
        _text(span, "outcome")
        for key in ("start", "end"):
            value = span[key]
            if type(value) not in (int, float) or not math.isfinite(value):
                raise RecordError(
                    _("a span's {key!r} is not a finite number of seconds").format(key=key)
                )


def _keys(record: dict, required: set[str], optional: set[str] = frozenset()) -> None:
    missing = required - record.keys()
    unknown = record.keys() - required - optional
    if missing:
        raise RecordError(_("missing {keys}").format(keys=", ".join(sorted(missing))))
    if unknown:
        keys = ", ".join(repr(key[:40]) for key in sorted(unknown))
        raise RecordError(_("unknown key {keys}").format(keys=keys))


def _text(record: dict, key: str, *, optional: bool = False) -> None:
    value = record[key]
    if optional and value is None:
        return
    if type(value) is not str:
        raise RecordError(_("{key!r} is not a string").format(key=key))
    if len(value) > MAX_TEXT:
        raise RecordError(
            _("{key!r} is longer than {size} KiB").format(key=key, size=MAX_TEXT // 1024)
        )


def _integer(record: dict, key: str, *, optional: bool = False) -> None:
    value = record[key]
    if optional and value is None:
        return
    if type(value) is not int:
        raise RecordError(_("{key!r} is not an integer").format(key=key))
