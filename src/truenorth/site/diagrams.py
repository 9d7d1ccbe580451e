"""Pictures as inline SVG, built in pure Python: no JavaScript, no external files.

* `progress_bar`: a small bar for a goal's or key result's progress (inline, in a paragraph or cell);
* `status_bar`: a stacked bar of how many goals are on track, at risk, off track...;
* `donut`: the share of goals traced to the vision, as a ring;
* `layered`: boxes in rows (the vision on top) joined by lines: the top of the cascade and a
  goal's line of sight with the goals under it. The layout is computed here.

Every text is XML-escaped with `html_text`. Presentation attributes give the colours so the pictures
read without the stylesheet; SITE_CSS (site/assets/truenorth.css) refines them and adds dark mode.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from truenorth.site.escape import html_text, pct

STATUS_ORDER = ("on-track", "at-risk", "off-track", "stale", "achieved", "target-met", "partial", "missed", "no-data",
                "dropped", "retired")
STATUS_LABEL = {
    "on-track": "On track",
    "at-risk": "At risk",
    "off-track": "Off track",
    "achieved": "Achieved",
    "target-met": "Target met",
    "no-data": "No data",
    "retired": "Retired",
    "partial": "Partly achieved",
    "missed": "Missed",
    "dropped": "Dropped",
    "stale": "Stale",
}
STATUS_COLOUR = {
    "on-track": "#2e7d32",
    "at-risk": "#ef8f00",
    "off-track": "#c62828",
    "achieved": "#1565c0",
    "target-met": "#00838f",
    "no-data": "#9e9e9e",
    "retired": "#bdbdbd",
    "partial": "#6a1b9a",
    "missed": "#8d2a2a",
    "dropped": "#bdbdbd",
    "stale": "#6d4c41",
}
TRACK = "#e0e0e0"


def _status(status: str | None) -> str:
    return status if status in STATUS_COLOUR else "no-data"


def progress_bar(progress: float | None, status: str | None = None, expected: float | None = None,
                 width: int = 120) -> str:
    """An inline SVG bar 0..100%: the fill is the progress, a tick marks where it is expected to be.

    Negative progress (worse than the baseline) fills nothing and is said so, with a red notch at the start (data-fell="true").
    """
    st = _status(status)
    if progress is None:
        return (f'<svg class="tn-bar" width="{width}" height="8" role="img"><title>no progress data</title>'
                f'<rect width="100%" height="8" fill="{TRACK}"/></svg>')
    value = max(0.0, min(1.0, progress))
    label = f"{pct(value)} done" if progress >= 0 else f"{pct(max(-1.0, progress))}: worse than its baseline"
    if progress < 0:
        return (f'<svg class="tn-bar" width="{width}" height="8" role="img" data-fell="true" '
                f'data-progress="{max(-1.0, progress):.3f}"><title>{label}</title>'
                f'<rect width="100%" height="8" fill="{TRACK}"/><rect width="4" height="8" fill="#c62828"/>'
                + (f'<rect x="{max(0.0, min(1.0, expected)) * 100:.1f}%" width="1.5" height="8" fill="#424242"/>'
                   if expected is not None else "") + "</svg>")
    tick = ""
    if expected is not None:
        label += f", {pct(expected)} expected by now"
        tick = f'<rect x="{max(0.0, min(1.0, expected)) * 100:.1f}%" width="1.5" height="8" fill="#424242"/>'
    return (f'<svg class="tn-bar" width="{width}" height="8" role="img" data-progress="{value:.3f}"><title>{label}</title>'
            f'<rect width="100%" height="8" fill="{TRACK}"/><rect width="{value * 100:.1f}%" height="8" '
            f'fill="{STATUS_COLOUR[st]}"/>{tick}</svg>')


_BADGES = {st: f'<span class="tn-status tn-status--{st}">{STATUS_LABEL[st]}</span>' for st in STATUS_COLOUR}


def status_badge(status: str | None) -> str:
    return _BADGES[_status(status)]


READABLE_SCALE = 0.8
"""The smallest a diagram is drawn on a narrow screen, as a share of its size (its text stays readable:
12 px drawn at 9.6 px); narrower than that, its figure scrolls sideways instead (.tn-figure)."""


def _min_width(width: float) -> str:
    return f'style="min-width:{width * READABLE_SCALE:.0f}px" '


def status_bar(counts: dict[str, int], width: int = 320, title: str = "Goals by status") -> str:
    """A stacked horizontal bar of goal counts by status, with a legend underneath."""
    total = sum(counts.get(s, 0) for s in STATUS_ORDER)
    parts = [f'<svg class="tn-diagram tn-statusbar" width="{width}" height="44" viewBox="0 0 {width} 44" '
             f'role="img" aria-label="{html_text(title)}: {html_text(_counts_text(counts))}">',
             f"<title>{html_text(title)}: {html_text(_counts_text(counts))}</title>",
             f'<rect x="0" y="0" width="{width}" height="14" rx="3" fill="{TRACK}"/>']
    x = 0.0
    if total:
        for status in STATUS_ORDER:
            n = counts.get(status, 0)
            if not n:
                continue
            w = width * n / total
            parts.append(f'<rect class="tn-fill--{status}" x="{x:.1f}" y="0" width="{w:.1f}" height="14" '
                         f'fill="{STATUS_COLOUR[status]}" data-status="{status}" data-count="{n}"/>')
            x += w
    lx, row = 0, 0  # the legend wraps onto another row rather than make the picture wider than its bar
    for status in STATUS_ORDER:
        n = counts.get(status, 0)
        if not n and status not in ("on-track", "at-risk", "off-track"):
            continue
        text = f"{STATUS_LABEL[status]} {n}"
        item = 14 + 7 * len(text)
        if lx and lx + item > width:
            lx, row = 0, row + 1
        y = 24 + 16 * row
        parts.append(f'<rect x="{lx}" y="{y}" width="10" height="10" rx="2" fill="{STATUS_COLOUR[status]}"/>'
                     f'<text class="tn-legend" x="{lx + 14}" y="{y + 9}" font-size="11" fill="currentColor">{html_text(text)}</text>')
        lx += item + 12
    if row:
        height = 44 + 16 * row
        parts[0] = parts[0].replace(f'height="44" viewBox="0 0 {width} 44"', f'height="{height}" viewBox="0 0 {width} {height}"')
    parts[0] = parts[0].replace(' role="img"', f' {_min_width(width)}role="img"', 1)
    parts.append("</svg>")
    return "".join(parts)


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts.get(s, 0)} {STATUS_LABEL[s].lower()}" for s in STATUS_ORDER if counts.get(s, 0)) or "no goals"


def donut(share: float, label: str, title: str, size: int = 120) -> str:
    """A ring whose coloured arc is `share` (0..1) of the circle, with the percentage in the middle."""
    share = max(0.0, min(1.0, share))
    r = 44
    circumference = 2 * 3.141592653589793 * r
    arc = circumference * share
    colour = STATUS_COLOUR["on-track"] if share >= 0.95 else STATUS_COLOUR["at-risk"] if share >= 0.8 else STATUS_COLOUR["off-track"]
    return (f'<svg class="tn-diagram tn-donut" width="{size}" height="{size}" viewBox="0 0 120 120" role="img" '
            f'aria-label="{html_text(title)}: {pct(share)}" data-share="{share:.3f}">'
            f"<title>{html_text(title)}: {pct(share)}</title>"
            f'<circle cx="60" cy="60" r="{r}" fill="none" stroke="{TRACK}" stroke-width="14"/>'
            f'<circle class="tn-donut__arc" cx="60" cy="60" r="{r}" fill="none" stroke="{colour}" stroke-width="14" '
            f'stroke-dasharray="{arc:.2f} {circumference:.2f}" transform="rotate(-90 60 60)"/>'
            f'<text x="60" y="62" text-anchor="middle" font-size="22" font-weight="bold" fill="currentColor">{pct(share)}</text>'
            f'<text x="60" y="80" text-anchor="middle" font-size="10" fill="currentColor">{html_text(label)}</text>'
            "</svg>")


# -- layered diagrams ------------------------------------------------------------------------

BOX_W = 172
BOX_H = 54
GAP_X = 16
GAP_Y = 34
GAP_SIDE = 48  # between layers laid out as columns
MARGIN = 8
WRAP = 26
MAX_LINES = 3


@dataclass(slots=True)
class Node:
    key: str
    label: str
    layer: int
    href: str | None = None  # already escaped (from links.href)
    status: str | None = None
    kind: str = "goal"  # goal, vision, private, more, focus
    tooltip: str = ""


@dataclass(slots=True)
class Diagram:
    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[tuple[str, str]] = field(default_factory=list)  # (lower, upper): lower supports upper
    _edge_set: set[tuple[str, str]] = field(default_factory=set)

    def add(self, node: Node) -> Node:
        existing = self.nodes.get(node.key)
        if existing is None:
            self.nodes[node.key] = node
            return node
        if node.kind == "focus":
            existing.kind = "focus"
        return existing

    def link(self, lower: str, upper: str) -> None:
        if lower in self.nodes and upper in self.nodes and (lower, upper) not in self._edge_set:
            self._edge_set.add((lower, upper))
            self.edges.append((lower, upper))

    def svg(self) -> str:
        return layered_svg(self)


def _wrap(label: str) -> list[str]:
    """Greedy word wrap to WRAP characters, at most MAX_LINES lines (the last one cut with an ellipsis)."""
    lines: list[str] = []
    current = ""
    for word in label.split():
        while len(word) > WRAP:  # a very long word is broken
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:WRAP])
            word = word[WRAP:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= WRAP:
            current += " " + word
        else:
            lines.append(current)
            current = word
        if len(lines) > MAX_LINES:
            break
    if current:
        lines.append(current)
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        last = lines[-1]
        lines[-1] = (last[: WRAP - 1] if len(last) >= WRAP else last) + "…"
    return lines or [""]


def layered_svg(diagram: Diagram) -> str:
    """Lay out the nodes in layers (the vision first) and draw them with their links.

    Layers are rows, top to bottom, unless the widest row would be wider than all the layers side
    by side: then layers are columns, left to right, so a goal with many goals under it stays
    readable at the width of a page instead of shrinking into a long strip.
    """
    layers: dict[int, list[Node]] = {}
    for node in diagram.nodes.values():
        layers.setdefault(node.layer, []).append(node)
    order = sorted(layers)
    widest = max((len(layers[i]) for i in order), default=1)
    across = widest * (BOX_W + GAP_X) - GAP_X  # width with layers as rows
    sideways = len(order) * (BOX_W + GAP_SIDE) - GAP_SIDE  # width with layers as columns
    horizontal = sideways < across
    step = (BOX_H + GAP_X) if horizontal else (BOX_W + GAP_X)  # from one box to the next in a layer
    depth = (BOX_W + GAP_SIDE) if horizontal else (BOX_H + GAP_Y)  # from one layer to the next
    length = widest * step - GAP_X  # the longest layer
    upper_of: dict[str, list[str]] = {}
    for lower, upper in diagram.edges:
        upper_of.setdefault(lower, []).append(upper)
    along: dict[str, float] = {}  # position within the layer (x for rows, y for columns)

    def weight(n: Node) -> float:
        ups = [along[u] for u in upper_of.get(n.key, ()) if u in along]
        return sum(ups) / len(ups) if ups else float("inf")

    for index, layer in enumerate(order):
        nodes = layers[layer]
        if index and len(nodes) > 1:  # order by the mean position of the boxes they link to (keeps lines short)
            nodes.sort(key=weight)  # (a stable sort: ties keep their order)
        start = (length - (len(nodes) * step - GAP_X)) / 2
        for i, node in enumerate(nodes):
            along[node.key] = start + i * step
    cross = {layer: index * depth for index, layer in enumerate(order)}
    span = len(order) * depth - (GAP_SIDE if horizontal else GAP_Y) if order else 0
    at: dict[str, tuple[float, float]] = {}  # each box's top left corner
    for key, node in diagram.nodes.items():
        a, c = along[key], cross[node.layer]
        at[key] = (MARGIN + c, MARGIN + a) if horizontal else (MARGIN + a, MARGIN + c)

    width = (span if horizontal else length) + 2 * MARGIN
    height = (length if horizontal else span) + 2 * MARGIN
    out = [f'<svg class="tn-diagram tn-cascade" width="{width:.0f}" height="{height:.0f}" {_min_width(width)}'
           f'viewBox="0 0 {width:.0f} {height:.0f}" role="group" aria-label="{html_text(diagram.title)}" '
           f'font-size="12" text-anchor="middle" stroke-width="1.5">',
           f"<title>{html_text(diagram.title)}</title>"]
    if diagram.edges:
        out.append('<g class="tn-edges" stroke="#9e9e9e">')
        for lower, upper in diagram.edges:
            (lx, ly), (ux, uy) = at[lower], at[upper]
            if horizontal:  # from the left side of the lower goal to the right side of the goal it supports
                x1, y1, x2, y2 = lx, ly + BOX_H / 2, ux + BOX_W, uy + BOX_H / 2
            else:  # from the top of the lower goal to the bottom of the goal it supports
                x1, y1, x2, y2 = lx + BOX_W / 2, ly, ux + BOX_W / 2, uy + BOX_H
            out.append(f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}"/>')
        out.append("</g>")
    for key, node in diagram.nodes.items():
        out.append(_box(node, *at[key]))
    out.append("</svg>")
    return "".join(out)


_FILL = {"vision": "#e8eaf6", "private": "#f5f5f5", "more": "#fafafa", "focus": "#fff8e1"}
_BOX_CACHE: dict[tuple[str, str, str, str], tuple[str, str]] = {}


def _box_body(label: str, kind: str, status: str | None, tooltip: str) -> tuple[str, str]:
    """(class, inner SVG at the origin) of a box; the same for every page, so computed once per label."""
    key = (label, kind, status or "", tooltip)
    cached = _BOX_CACHE.get(key)
    if cached is not None:
        return cached
    st = _status(status)
    is_goal = kind in ("goal", "focus")
    stroke = STATUS_COLOUR[st] if is_goal else "#616161"
    lines = _wrap(label)
    top = (BOX_H - 14 * len(lines)) / 2 + 11
    dash = ' stroke-dasharray="4 3"' if kind in ("private", "more") else ""
    width = ' stroke-width="2.5"' if kind == "focus" else ""
    text = "".join(f'<tspan x="{BOX_W // 2}" y="{top + i * 14:.0f}">{html_text(line)}</tspan>' for i, line in enumerate(lines))
    if is_goal:
        tooltip = f"{tooltip} ({STATUS_LABEL[st].lower()})"
    shortened = tooltip != label or lines[-1].endswith("…")
    title = f"<title>{html_text(tooltip)}</title>" if shortened else ""
    body = (f'{title}<rect width="{BOX_W}" height="{BOX_H}" rx="6" fill="{_FILL.get(kind, "#ffffff")}" '
            f'stroke="{stroke}"{width}{dash}/><text fill="#212121">{text}</text>')
    cls = f"tn-node tn-node--{kind}" + (f" tn-node--{st}" if is_goal else "")
    if len(_BOX_CACHE) > 200_000:
        _BOX_CACHE.clear()
    _BOX_CACHE[key] = (cls, body)
    return cls, body


def _box(node: Node, x: float, y: float) -> str:
    cls, body = _box_body(node.label, node.kind, node.status, node.tooltip or node.label)
    move = f'transform="translate({x:.0f} {y:.0f})"'
    if node.href:
        return f'<a class="{cls}" href="{node.href}" {move}>{body}</a>'
    return f'<g class="{cls}" {move}>{body}</g>'


def figure(svg: str, caption: str | None = None) -> str:
    """A raw HTML block holding an SVG (blank lines around it so Markdown leaves it alone)."""
    cap = f"<figcaption>{html_text(caption)}</figcaption>" if caption else ""
    return f'\n<figure class="tn-figure">\n{svg}\n{cap}</figure>\n'
