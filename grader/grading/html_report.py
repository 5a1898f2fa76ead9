"""``--html FILE``: the grade as a web page, with each timing check's timeline drawn."""

from __future__ import annotations

from html import escape

from grader.grading.runner import TopicResult

ROW, BAR_AREA, LABEL_AREA = 18, 520, 200
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 62rem; color: #222; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
td, th { padding: .3rem .6rem; border-bottom: 1px solid #ddd; text-align: left; }
.passed { color: #1a7f37; } .failed { color: #cf222e; } .skipped { color: #777; }
pre { background: #f6f8fa; padding: .6rem; white-space: pre-wrap; }
svg text { font: 12px monospace; } .done { fill: #4078c0; } .cancelled { fill: #d4a72c; }
.failed-span { fill: #cf222e; } .running { fill: #999; }
"""


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
        parts.append(
            f'<text x="0" y="{y + 11}">{escape(span["label"][:26])}</text>'
            f'<rect class="{escape(kind)}" x="{LABEL_AREA + span["start"] * scale:.1f}" '
            f'y="{y}" width="{width:.1f}" height="{ROW - 5}"><title>'
            f"{span['start']:.2f}–{span['end']:.2f} s {escape(span['outcome'])}</title></rect>"
        )
    axis_y = (len(spans) + 1) * ROW + 12
    parts.append(
        f'<text x="{LABEL_AREA}" y="{axis_y}">0 s</text>'
        f'<text x="{LABEL_AREA + BAR_AREA}" y="{axis_y}">{total:.2f} s</text></svg>'
    )
    return "".join(parts)


def render_html(results: list[TopicResult], submission: str, references: dict[str, dict]) -> str:
    """The whole report; ``references`` holds the reference's timelines by test."""
    score = sum(r.score for r in results)
    top = sum(r.max_score for r in results)
    body = [
        f"<h1>Grade for {escape(submission)}</h1>",
        f"<p><strong>{score} of {top} points</strong></p>",
        "<table><tr><th>topic</th><th>tasks</th><th>points</th></tr>",
    ]
    for result in results:
        body.append(
            f"<tr><td>{escape(result.topic.number)} {escape(result.topic.title)}</td>"
            f"<td>{result.passed}/{len(result.counted)}</td>"
            f"<td>{result.score}/{result.max_score}</td></tr>"
        )
    body.append("</table>")
    for result in results:
        body.append(f"<h2>{escape(result.topic.number)} {escape(result.topic.title)}</h2>")
        if result.problem:
            body.append(f"<p class='failed'>{escape(result.problem)}</p>")
        for task_result in result.tasks:
            task = task_result.task
            body.append(
                f"<h3 class='{task_result.status}'>{escape(task.label)} {escape(task.title)}"
                f" — {task_result.status}</h3>"
            )
            if task_result.message:
                body.append(f"<pre>{escape(task_result.message)}</pre>")
            if task_result.timeline:
                reference = references.get(task_result.test)
                spans = task_result.timeline["spans"] + (reference or {}).get("spans", [])
                total = max((span["end"] for span in spans), default=1.0)
                body.append(svg_timeline(task_result.timeline, "your code", total))
                if reference:
                    body.append(svg_timeline(reference, "the reference solution", total))
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Grade for {escape(submission)}</title><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
