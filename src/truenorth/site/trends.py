"""A goal's progress over time, below its key results: per key result a small trend chart drawn at build
time (SVG, no JavaScript), a forecast from the recent pace, and the check-ins with their notes and
confidence.

The chart is readable without colour: the values are a solid line with a marker at each reading, the
target a dashed line labelled with its value, and the first and last values are written beside the line.
Each chart has a text alternative: its `<title>`/aria-label lists every reading, and a caption under it
says the same in a sentence. Pure: readings come from the view (analysis.history), nothing is read here.
"""

from __future__ import annotations

import datetime as _dt

from truenorth.analysis.checkins import confidence_text, forecast
from truenorth.analysis.history import Reading, points
from truenorth.analysis.periods import period_range
from truenorth.model import Goal, KeyResult
from truenorth.site.escape import html_text, number, pct

WIDTH, HEIGHT = 260, 72
PAD_X, PAD_Y = 34, 10
MAX_CHECK_INS_SHOWN = 12  # per key result, the latest; the rest are counted


def goal_progress_over_time(kit, page: str, goal: Goal) -> str:
    """The trend charts, forecasts, check-ins and a flagged report of one goal (raw HTML, one block each);
    "" when none of its key results has a reading and nothing is flagged."""
    view = kit.view
    out = []
    assessment = view.assessment.get(goal.id)
    if assessment is not None and assessment.flag:
        out.append(f'<p class="tn-flag"><strong>Flagged:</strong> {html_text(assessment.flag)}</p>')
    end = _period_end(goal, view)
    for index, kr in enumerate(goal.key_results):
        readings = view.history.get((goal.id, index))
        if not readings or not points(readings):  # (git readings of a key result that had no current yet)
            continue
        metric = view.org.metrics.get(kr.metric)
        name = metric.name if metric is not None else kr.metric
        unit = metric.unit if metric is not None else ""
        out.append(key_result_trend(name, unit, kr, readings, end, view.today))
        checks = [r for r in readings if r.source == "check-in"]
        if checks:
            out.append(check_in_table(kit, page, name, checks, unit))
    return "\n\n".join(out)


def _period_end(goal: Goal, view) -> _dt.date | None:
    """The last day of the goal's period: its own, else that of the nearest public goal it supports that
    has one (never a private goal's), else the calendar year of today."""
    seen = set()
    current = goal
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.period:
            try:
                return period_range(str(current.period))[1]
            except (ValueError, IndexError):
                return None
        current = next((view.goals[s.target] for s in current.supports if s.target in view.goals), None)
    return _dt.date(view.today.year, 12, 31) if view.today is not None else None


def key_result_trend(name: str, unit: str, kr: KeyResult, readings: list[Reading], end: _dt.date | None,
                     today: _dt.date | None) -> str:
    """A figure: the chart, then a caption with the readings in words and the forecast."""
    series = points(readings)
    text = _describe(name, unit, series, kr.target)
    svg = trend_svg(series, kr.target, text)
    sentence = text
    ahead = _forecast_text(series, kr, unit, end, today)
    if ahead:
        sentence += f". {ahead}"
    source = "check-ins" if readings[0].source == "check-in" else "the history of its file in git"
    return (f'<figure class="tn-trend">{svg}<figcaption>{html_text(sentence)} '
            f'<span class="tn-trend__source">(from {source})</span></figcaption></figure>')


def _with_unit(value: float, unit: str) -> str:
    return number(value) + ("" if not unit else unit if unit == "%" else f" {unit}")


def _describe(name: str, unit: str, series: list[tuple[_dt.date, float]], target: float | None) -> str:
    readings = ", ".join(f"{_with_unit(v, unit)} on {d.isoformat()}" for d, v in series)
    goal = f"; target {_with_unit(target, unit)}" if target is not None else ""
    if len(series) == 1:
        return f"{name}: one reading, {readings}{goal}"
    first, last = series[0][1], series[-1][1]
    move = "rose" if last > first else "fell" if last < first else "held"
    return f"{name} {move} from {_with_unit(first, unit)} to {_with_unit(last, unit)} ({readings}){goal}"


def _places(values) -> int:
    """The decimal places the key result's own numbers are written with (a forecast claims no more)."""
    return max((len(f"{v:g}".partition(".")[2]) for v in values if v is not None and "e" not in f"{v:g}"), default=0)


def _forecast_text(series, kr: KeyResult, unit: str, end: _dt.date | None, today: _dt.date | None) -> str:
    if end is None or (today is not None and end < today):
        return ""
    ahead = forecast(series, kr.target, kr.baseline, end)
    if ahead is None:
        return ""
    places = _places([v for _, v in series] + [kr.target, kr.baseline])
    when = f"{end.day} {end.strftime('%B')}"
    if ahead.share is None:
        return f"At this pace, {_with_unit(round(ahead.value, places), unit)} by {when}"
    share = ahead.share
    if share < 0:
        return f"At this pace, {_with_unit(round(ahead.value, places), unit)} by {when}: further from the target than at the start"
    return f"At this pace, {pct(share)} of the target by {when} ({_with_unit(round(ahead.value, places), unit)})"


def trend_svg(series: list[tuple[_dt.date, float]], target: float | None, label: str) -> str:
    """A small line chart of (date, value) readings with the target as a dashed line."""
    values = [v for _, v in series] + ([target] if target is not None else [])
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    first_day, last_day = series[0][0], series[-1][0]
    span = max(1, (last_day - first_day).days)
    inner_w, inner_h = WIDTH - 2 * PAD_X, HEIGHT - 2 * PAD_Y

    def x(day: _dt.date) -> float:
        return PAD_X + (inner_w * (day - first_day).days / span if len(series) > 1 else inner_w / 2)

    def y(value: float) -> float:
        return PAD_Y + inner_h * (high - value) / (high - low)

    label = html_text(label)
    parts = [f'<svg class="tn-trend__chart" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" aria-label="{label}"><title>{label}</title>']
    if target is not None:
        ty = y(target)
        parts.append(f'<line class="tn-trend__target" x1="{PAD_X}" x2="{WIDTH - PAD_X}" y1="{ty:.1f}" y2="{ty:.1f}" '
                     f'stroke="#424242" stroke-width="1" stroke-dasharray="4 3"/>'
                     f'<text x="{WIDTH - PAD_X + 3}" y="{ty + 3:.1f}" font-size="9" fill="#424242">target</text>')
    coords = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in series)
    parts.append(f'<polyline class="tn-trend__line" points="{coords}" fill="none" stroke="#1565c0" stroke-width="2"/>')
    for d, v in series:
        parts.append(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="2.5" fill="#1565c0"/>')
    (d0, v0), (d1, v1) = series[0], series[-1]
    parts.append(f'<text x="{PAD_X - 3}" y="{y(v0) + 3:.1f}" font-size="9" text-anchor="end" fill="#212121">'
                 f'{html_text(number(v0))}</text>')
    if len(series) > 1:
        parts.append(f'<text x="{x(d1) + 4:.1f}" y="{y(v1) - 4:.1f}" font-size="9" fill="#212121">'
                     f'{html_text(number(v1))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def check_in_table(kit, page: str, name: str, checks: list[Reading], unit: str) -> str:
    """The check-ins of one key result, newest first: date, value, confidence, note, who."""
    shown = checks[::-1][:MAX_CHECK_INS_SHOWN]
    rows = ['<div class="tn-table-scroll"><table class="tn-checkins">',
            f"<caption>Check-ins: {html_text(name)}</caption>",
            '<thead><tr><th>Date</th><th class="tn-num">Value</th><th>Confidence</th><th>Note</th><th>By</th></tr></thead>',
            "<tbody>"]
    for r in shown:
        by = kit.person_a(page, r.by) if r.by and r.by in kit.view.org.people else html_text(r.by or "")
        rows.append(f"<tr><td>{r.date.isoformat()}</td><td class=\"tn-num\">{html_text(_with_unit(r.value, unit))}</td>"
                    f"<td>{html_text(confidence_text(r.confidence))}</td><td>{html_text(r.note)}</td><td>{by}</td></tr>")
    rows.append("</tbody></table></div>")
    if len(checks) > len(shown):
        rows.append(f'<p class="tn-more"><em>and {len(checks) - len(shown)} earlier check-ins</em></p>')
    return "".join(rows)
