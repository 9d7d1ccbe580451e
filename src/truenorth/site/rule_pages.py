"""The rules' reference pages: an index (reference/rules/index.md) and a page per rule
(reference/rules/tn101.md, ...), made from the rules' own documentation (rules/docs.py).

    for path, markdown in rule_pages():   # ("reference/rules/index.md", "# Rules ..."), ...

They are the same for every site (they do not depend on the organisation), and they stay out of the
nav (the plugin marks them as it marks the per-item pages: is_rule_page); the hand-written
playbook/reference/ pages link to the index. The MkDocs plugin and export-docs add them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

FOLDER = "reference/rules/"
INDEX = FOLDER + "index.md"

_CODE = re.compile(r"\bTN\d{3}\b")


def is_rule_page(path: str) -> bool:
    return path.startswith(FOLDER)


def page_path(code: str) -> str:
    return f"{FOLDER}{code.lower()}.md"


def rule_pages(exists: Callable[[str], bool] | None = None) -> Iterator[tuple[str, str]]:
    """(docs-relative path, Markdown) for the rules index and every rule's page. `exists`: whether a
    docs-relative page is in the site; a rule's play (Rule.play) is linked when it is (always without
    `exists`), and named as text when not (a playbook without that play)."""
    from truenorth.rules import ALL_RULES

    codes = {r.code for r in ALL_RULES}
    yield INDEX, _index(ALL_RULES)
    for rule in ALL_RULES:
        yield page_path(rule.code), _page(rule, codes, exists)


def _text(text: str) -> str:
    """A summary or hint (plain text, shared with the terminal) as Markdown: no emphasis, no HTML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("*", "\\*").replace("_", "\\_")


def _cell(text: str) -> str:
    return _text(text).replace("|", "\\|")


def _index(rules) -> str:
    from truenorth.rules.docs import EXAMPLE_ORGANISATION
    from truenorth.rules.loading import LOAD_RULES

    out = [
        "# Rules",
        "",
        "`truenorth check` reports every problem it finds as a finding with a rule code, a location, a message and "
        "a hint. Each rule below has a page: what it checks and why, how to fix what it reports, and examples of "
        "goals files that pass it and fail it. `truenorth rules CODE` prints the same in a terminal.",
        "",
        "Every rule can be set to `\"error\"`, `\"warning\"` or `\"off\"` under `[tool.truenorth.severity]` in "
        "`pyproject.toml`, by code or by name; errors fail the check (exit code 1), warnings do not.",
    ]
    for heading, group in (("Reading the files", [r for r in rules if r.code in LOAD_RULES]),
                           ("The cascade", [r for r in rules if r.code not in LOAD_RULES and r.code < "TN200"]),
                           ("Goals worth having", [r for r in rules if r.code >= "TN200"])):
        out += ["", f"## {heading}", "", "| Code | Name | Default | What it flags |", "| --- | --- | --- | --- |"]
        out += [f"| [{r.code}]({r.code.lower()}.md) | {r.name} | {r.severity.value} | {_cell(r.summary)} |"
                for r in group]
    out += ["", "## About the examples", "", EXAMPLE_ORGANISATION.rstrip("\n"), ""]
    out += _health_definition()
    return "\n".join(out)


def _play(play: str, exists: Callable[[str], bool] | None) -> str:
    """The rule's play as a link from reference/rules/, or as text when the site has no such page."""
    page, _, anchor = play.partition("#")
    title = page.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ")
    title = title[:1].upper() + title[1:] + (f", {anchor.replace('-', ' ')}" if anchor else "")
    if exists is not None and not exists(page):
        return f"{_text(title)} (`{page}`, not in this playbook)"
    return f"[{_text(title)}](../../{play})"


def _health_definition() -> list[str]:
    """The alignment health score's definition, from its weights (analysis/health.py), on every site."""
    from truenorth.analysis.health import DEPARTMENT_POINTS, LABELS, POINTS

    out = ["## Alignment health score {#alignment-health-score}", "",
           "`truenorth check` ends its summary line with a score from 0 to 100, and the site's home and alignment "
           "pages show it, for the organisation and for each department (the site's from the public goals alone). "
           "Each part gives its points for the share of what it looks at that is as it should be (all of them "
           "when there is nothing to look at); the sum is rounded to a whole number.", "",
           "| Part | What is as it should be | Organisation | Department |", "| --- | --- | --- | --- |"]
    out += [f"| {name} | {_cell(LABELS[name])} | {points} | {DEPARTMENT_POINTS.get(name, '-')} |"
            for name, points in POINTS.items()]
    out += ["", "Goals are those not retired; a standalone goal (a reviewed `standalone_reason`) counts as traced; "
            "a goal with a key result, or a goal that is not retired supporting it, counts as measured. A "
            "department's goals are its own and its people's; its customer part is whole when one of them has a "
            "key result on a customer-outcome metric (`customer: true` in the catalogue), else nothing; a "
            "department with no goals has no score.", ""]
    return out


def _page(rule, codes: set[str], exists: Callable[[str], bool] | None = None) -> str:
    from truenorth.rules.docs import parse

    doc = parse(rule.doc)
    out = [
        f"# {rule.code} {rule.name}",
        "",
        _linked(_text(rule.summary), codes, rule.code),
        "",
        f"- Default severity: **{rule.severity.value}**",
    ]
    if rule.hint:
        out.append(f"- How to fix it: {_linked(_text(rule.hint), codes, rule.code)}")
    if rule.play:
        out.append(f"- Why it matters, in the playbook: {_play(rule.play, exists)}")
    out += [f"- Change it: `{rule.code} = \"warning\"` (or `\"error\"`, `\"off\"`) under "
            "`[tool.truenorth.severity]` in `pyproject.toml`", "", _linked(doc.body, codes, rule.code)]
    if doc.examples:
        out += ["", "## Examples", "",
                "Each example shows whole files written over the [example organisation](index.md#about-the-examples) "
                "(a file shown replaces that file; the rest stays as it is)."]
        for example in doc.examples:
            out += ["", _example(example, codes, rule.code)]
    out += ["", "[All rules](index.md)", ""]
    return "\n".join(out)


def _example(example, codes: set[str], this: str) -> str:
    """The example as written, its PASS/FAIL in bold and the codes it names linked."""
    lines = example.markdown.split("\n")
    fence = next((i for i, line in enumerate(lines) if line.startswith("```")), len(lines))
    text = "\n".join(lines[:fence])
    text = re.sub(r"\A(PASS|FAIL):", r"**\1**:", text)
    return "\n".join([_linked(text, codes, this), *lines[fence:]])


def _linked(markdown: str, codes: set[str], this: str) -> str:
    """Rule codes outside code (fenced blocks and `spans`) linked to their pages, except the page's own."""
    out = []
    in_fence = False
    for line in markdown.split("\n"):
        if line.startswith("```"):
            in_fence = not in_fence
        if in_fence or line.startswith("```"):
            out.append(line)
            continue
        parts = line.split("`")
        for i in range(0, len(parts), 2):  # the even parts are outside `code spans`
            parts[i] = _CODE.sub(lambda m: m.group(0) if m.group(0) == this or m.group(0) not in codes
                                 else f"[{m.group(0)}]({m.group(0).lower()}.md)", parts[i])
        out.append("`".join(parts))
    return "\n".join(out)
