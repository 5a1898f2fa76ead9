"""Timelines as data and as drawings: what the test process sends and the grader draws.

A timeline's data, as :meth:`grader.inside.timeline.Timeline.as_data` makes it and the
outcome records carry it: ``{"peak": int, "spans": [{"label", "start", "end", "outcome"}]}``,
times in seconds of loop time from the first span. The report draws it as text with
:func:`render_data`; the HTML report as bars.
"""

from __future__ import annotations

from grader.i18n import N_, _

BAR_WIDTH = 40
# How a span ended, as the drawings say it (a finished one has no mark after its bar).
OUTCOMES = {
    "done": N_("done"),
    "running": N_("running"),
    "cancelled": N_("cancelled"),
    "failed": N_("failed"),
}
UNKNOWN_OUTCOME = N_("ended somehow else")  # what no span of the grader's ends with
TOLERANCE = 1e-6  # the virtual clock's resolution
MAX_SCENES = 8  # timelines a test's record keeps, the first ones checked (and its last)
MAX_SPANS = 500  # spans a timeline's data keeps (and draws): the first ones


def render_data(data: dict, title: str, total: float | None = None) -> str:
    """Draw a timeline given as :meth:`Timeline.as_data` returns it.

    ``total`` sets the time axis (to draw two timelines on the same scale).
    """
    spans = data["spans"]
    if not spans:
        return _("{title}: nothing was called.").format(title=title)
    total = max(total or 0.0, *(span["end"] for span in spans), TOLERANCE)
    label_width = min(max(len(span["label"]) for span in spans), 28)
    lines = [
        _("{title} (loop time, 0 to {total} s; peak {peak} at once):").format(
            title=title, total=f"{total:.2f}", peak=data["peak"]
        )
    ]
    for span in spans:
        first = round(span["start"] / total * BAR_WIDTH)
        last = max(round(span["end"] / total * BAR_WIDTH), first + 1)
        bar = "·" * first + "█" * (last - first) + "·" * (BAR_WIDTH - last)
        note = (
            ""
            if span["outcome"] == "done"
            else " " + _(OUTCOMES.get(span["outcome"], UNKNOWN_OUTCOME))
        )
        label = span["label"]
        label = label if len(label) <= label_width else label[: label_width - 1] + "…"
        lines.append(
            f"  {label:<{label_width}} |{bar}| {span['start']:5.2f}–{span['end']:5.2f} s{note}"
        )
    return "\n".join(lines)
