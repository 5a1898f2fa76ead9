"""``--html FILE``: the grade as a web page, with each timing check's timeline drawn.

One page, no scripts, no outside files: the score and percentage, the next task marked, a
table of topics linked to their sections and coloured by status, then every task with what
was checked, the timelines beside the reference's, and what the learner's code printed.
"""

from __future__ import annotations

from html import escape

from grader.drawing import OUTCOMES
from grader.grading.report import first_failure
from grader.grading.results import message_html
from grader.grading.runner import TaskResult, TopicResult
from grader.i18n import _, active_language, ngettext
from grader.text import one_line

ROW, BAR_AREA, LABEL_AREA = 18, 520, 200
STYLE = """
:root { --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9;
  --part: #9a6700; --part-bg: #fff8c5; --muted: #656d76; --line: #d0d7de; }
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 62rem; color: #1f2328;
  padding: 0 1rem; line-height: 1.45; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid var(--line); }
.meta { color: var(--muted); margin-top: 0; }
.score { display: flex; align-items: center; gap: 1.2rem; margin: 1rem 0 1.4rem; }
.score .big { font-size: 2.6rem; font-weight: 700; }
.bar { flex: 1; height: .9rem; background: #eaeef2; border-radius: .45rem; overflow: hidden; }
.bar span { display: block; height: 100%; background: var(--ok); }
.next { border: 2px solid #0969da; background: #ddf4ff; border-radius: .5rem;
  padding: .7rem 1rem; margin-bottom: 1.4rem; }
.next a { font-weight: 600; }
.notes { border-left: 4px solid var(--part); background: var(--part-bg); padding: .5rem 1rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
td, th { padding: .35rem .6rem; border-bottom: 1px solid var(--line); text-align: left; }
th { color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.complete td { background: var(--ok-bg); } tr.partial td { background: var(--part-bg); }
tr.zero td { background: var(--bad-bg); } tr a { color: inherit; }
.why { color: var(--bad); font-size: .9em; }
.passed { color: var(--ok); } .failed { color: var(--bad); } .skipped { color: var(--muted); }
.task { border: 1px solid var(--line); border-radius: .5rem; padding: .2rem 1rem .6rem;
  margin: .8rem 0; }
.task.passed { border-left: 6px solid var(--ok); }
.task.failed { border-left: 6px solid var(--bad); }
.task.skipped { border-left: 6px solid var(--line); }
.task.is-next { box-shadow: 0 0 0 3px #0969da; }
.task h3 { font-size: 1.05rem; margin: .5rem 0; } .task p { margin: .3rem 0; }
.task.passed { padding: 0 1rem; margin: .3rem 0; border-color: transparent;
  border-left-color: var(--ok); }
.task.passed h3 { font-size: .95rem; font-weight: 500; margin: .25rem 0; }
.badge { font-size: .75rem; background: #0969da; color: white; border-radius: 1rem;
  padding: .1rem .55rem; margin-left: .5rem; vertical-align: middle; }
pre { background: #f6f8fa; padding: .6rem; white-space: pre-wrap; border-radius: .4rem;
  margin: .4rem 0; }
.message { color: #1f2328; } .message pre { padding: .3rem .6rem; font-size: .85em; }
pre.printed { background: #1f2328; color: #e6edf3; }
.label { color: var(--muted); font-size: .9em; margin: .6rem 0 .1rem; }
svg { display: block; margin: .4rem 0; }
svg text { font: 12px monospace; } .done { fill: #4078c0; } .cancelled { fill: #d4a72c; }
.failed-span { fill: #cf222e; } .running { fill: #999; }
"""
MARKS = {"passed": "✔", "failed": "✘", "skipped": "–"}


def svg_timeline(data: dict, title: str, total: float) -> str:
    """One bar per span on a time axis ``total`` seconds long."""
    spans = data["spans"]
    height = ROW * (len(spans) + 2)
    scale = BAR_AREA / max(total, 1e-6)
    parts = [
        f'<svg width="{LABEL_AREA + BAR_AREA + 80}" height="{height}" role="img" '
        f'aria-label="{escape(title)}"><text x="0" y="12">{escape(title)}</text>'
    ]
    for row, span in enumerate(spans, start=1):
        y = row * ROW + 4
        kind = {"failed": "failed-span"}.get(span["outcome"], span["outcome"])
        width = max((span["end"] - span["start"]) * scale, 1.5)
        ended = _(OUTCOMES.get(span["outcome"], span["outcome"]))
        parts.append(
            f'<text x="0" y="{y + 11}">{escape(one_line(span["label"])[:26])}</text>'
            f'<rect class="{escape(kind)}" x="{LABEL_AREA + span["start"] * scale:.1f}" '
            f'y="{y}" width="{width:.1f}" height="{ROW - 5}"><title>'
            f"{span['start']:.2f}–{span['end']:.2f} s {escape(ended)}</title></rect>"
        )
    axis_y = (len(spans) + 1) * ROW + 12
    parts.append(
        f'<text x="{LABEL_AREA}" y="{axis_y}">0 s</text>'
        f'<text x="{LABEL_AREA + BAR_AREA}" y="{axis_y}">{total:.2f} s</text></svg>'
    )
    return "".join(parts)


def topic_anchor(result: TopicResult) -> str:
    return f"topic-{result.topic.number}"


def task_anchor(task_result: TaskResult) -> str:
    return "task-" + task_result.task.label.replace(".", "-")


def render_html(
    results: list[TopicResult],
    submission: str,
    references: dict[str, dict],
    notes: list[str] | tuple[str, ...] = (),
) -> str:
    """The whole report; ``references`` holds the reference's timelines by test and scene."""
    score = sum(r.score for r in results)
    top = sum(r.max_score for r in results)
    percent = 100 * score / top if top else 100.0
    passed = sum(r.passed for r in results)
    counted = sum(len(r.counted) for r in results)
    python = results[0].python if results else ""
    following = first_failure(results)
    heading = escape(_("Grade for {submission}").format(submission=submission))
    meta = _("{passed} of {counted} tasks pass · graded with Python {python}").format(
        passed=passed, counted=counted, python=python
    )
    points = ngettext("{score} of {max} point", "{score} of {max} points", top).format(
        score=score, max=top
    )
    body = [
        f"<h1>{heading}</h1>",
        f"<p class='meta'>{escape(meta)}</p>",
        f"<div class='score'><span class='big'>{percent:.0f}%</span>"
        f"<span><strong>{escape(points)}</strong></span>"
        f"<div class='bar'><span style='width:{percent:.1f}%'></span></div></div>",
    ]
    if notes:
        body.append(
            "<div class='notes'>" + "".join(f"<p>{escape(n)}</p>" for n in notes) + "</div>"
        )
    if following is not None:
        task = following.task
        link = f"<a href='#{task_anchor(following)}'>{escape(task.label)} {escape(task.title)}</a>"
        text = escape(_("Next: {task} (in {file})")).format(
            task=link, file=f"{escape(task.topic)}.py"
        )
        body.append(f"<div class='next'>{text}</div>")
    else:
        done = _("Every task passes. Well done!")
        body.append(f"<div class='next'>{escape(done)}</div>")
    body.append(_table(results))
    for result in results:
        body.extend(_topic_section(result, references, following))
    return (
        f"<!doctype html><html lang='{active_language()}'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{heading}: {percent:.0f}%</title>"
        f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n"
    )


def _table(results: list[TopicResult]) -> str:
    topic, tasks, points = (escape(word) for word in (_("topic"), _("tasks"), _("points")))
    rows = [
        f"<table><tr><th>{topic}</th><th class='num'>{tasks}</th><th class='num'>{points}</th></tr>"
    ]
    following = first_failure(results)
    for result in results:
        if result.counted and result.passed == len(result.counted):
            status = "complete"
        elif result.score or result.passed:
            status = "partial"
        else:
            status = "zero"
        why_text = _("not loaded: {error}").format(error=result.load_error)
        why = f"<div class='why'>{escape(why_text)}</div>"
        rows.append(
            f"<tr class='{status}'><td><a href='#{topic_anchor(result)}'>"
            f"{escape(result.topic.number)} {escape(result.topic.title)}</a>"
            f"{why if result.load_error else ''}{_review_mark(result)}"
            f"{_next_badge(result, following)}</td>"
            f"<td class='num'>{result.passed}/{len(result.counted)}</td>"
            f"<td class='num'>{result.score}/{result.max_score}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _review_mark(result: TopicResult) -> str:
    """The marked line of a topic whose code reached for the grading machinery."""
    if not result.review:
        return ""
    flags = escape(_("flagged for review: {details}").format(details="; ".join(result.review)))
    return f"<div class='why review'>&#9873; {flags}</div>"


def _next_badge(result: TopicResult, following: TaskResult | None) -> str:
    if following is None or following.task.topic != result.topic.stem:
        return ""
    badge = _("next: {label}").format(label=following.task.label)
    return f"<span class='badge'>{escape(badge)}</span>"


def _topic_section(
    result: TopicResult, references: dict[str, dict], following: TaskResult | None
) -> list[str]:
    points = _("{score}/{max} points").format(score=result.score, max=result.max_score)
    parts = [
        f"<h2 id='{topic_anchor(result)}'>{escape(result.topic.number)} "
        f"{escape(result.topic.title)} <small class='meta'>{escape(points)}</small></h2>"
    ]
    if result.problem:
        parts.append(f"<p class='failed'>{escape(result.problem)}</p>")
    for task_result in result.tasks:
        parts.append(_task_card(task_result, references, task_result is following))
    return parts


def _task_card(task_result: TaskResult, references: dict[str, dict], is_next: bool) -> str:
    task = task_result.task
    status = task_result.status
    classes = f"task {status}" + (" is-next" if is_next else "")
    next_word = escape(_("next"))
    badge = f"<span class='badge'>{next_word}</span>" if is_next else ""
    worth = ngettext("{points} point", "{points} points", task.points).format(points=task.points)
    parts = [
        f"<div class='{classes}' id='{task_anchor(task_result)}'>"
        f"<h3><span class='{status}'>{MARKS.get(status, '–')}</span> {escape(task.label)} "
        f"{escape(task.title)} <small class='meta'>{escape(worth)}</small>{badge}</h3>"
    ]
    if task_result.message:
        text = message_html(task_result.message, timelines_drawn=bool(task_result.timeline))
        parts.append(f"<div class='message'>{text}</div>")
    if task_result.timeline:
        reference = references.get(task_result.scene)
        spans = task_result.timeline["spans"] + (reference or {}).get("spans", [])
        total = max((span["end"] for span in spans), default=1.0)
        parts.append(svg_timeline(task_result.timeline, _("your code"), total))
        if reference:
            parts.append(svg_timeline(reference, _("the reference solution"), total))
    if task_result.output:
        printed = escape(_("What your code printed during this check:"))
        parts.append(f"<p class='label'>{printed}</p>")
        parts.append(f"<pre class='printed'>{escape(task_result.output)}</pre>")
    parts.append("</div>")
    return "".join(parts)
