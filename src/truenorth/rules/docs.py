"""A rule's documentation, written the way yamllint writes its rules': the rule module's docstring.

The layout of a docstring (Markdown; `truenorth rules CODE` prints it, the site has a page of it):

    TN103 cycle: one line saying what the rule flags.

    Paragraphs: what exactly counts, why it matters, its options.

    FAIL: what this example shows. Also reported: TN101.

    ```yaml
    # goals/departments/ops.yaml
    department:
      ...
    ```

    PASS: the same, fixed.

    ...

An example is a `PASS:` or `FAIL:` line and the fenced blocks after it. Each block starts with a
`# path` line naming a file (relative to the repository root: goals/..., playbook/..., schemas/...
or pyproject.toml); a block may hold several files, each under its own `# path` line. The files are
written over the example organisation (EXAMPLE_ORGANISATION): a FAIL example makes the rule report
at least one finding, a PASS example makes it report none, and neither makes any other rule report
anything, except the codes a FAIL line names after "Also reported:" (tests/rules/test_rule_examples.py
runs every example).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# What the examples are written over, for the reader (the rules index page and `truenorth rules CODE`);
# the tests write the examples over tests/fixtures/valid-org, which is exactly this, and check that
# every id named here is there.
EXAMPLE_ORGANISATION = """\
Each example is one or more whole files written over a small organisation that passes every rule:

- the vision `vision`, owned by `ann`;
- two corporate goals that support it: `corp-satisfaction` (a key result on `csat`) and `corp-people`;
- the department `ops` (head `ann`), with the goals `ops-first-contact` (supports `corp-satisfaction`,
  applies the play `voice`) and `ops-coaching` (supports `corp-people`);
- its team `ops-team` (head `bob`, parent `ops`), with the goal `team-callbacks` (supports `ops-first-contact`);
- three people: `ann` in `ops` (goal `ann-lead`), `bob` and `cat` in `ops-team` (goals `bob-callbacks` and
  `cat-empathy`, both supporting `team-callbacks`);
- the metrics `csat` (a customer outcome: `customer: true`) and `aht` (an efficiency metric), and one play page, `playbook/plays/voice.md`.

A file an example shows replaces that file of the organisation; everything else stays as it is.
"""

_EXAMPLE = re.compile(r"^(PASS|FAIL):[ \t]*(.*)$")
_FENCE = re.compile(r"^```")
_FILE = re.compile(r"^# ((?:goals|playbook|schemas)/\S+|pyproject\.toml)[ \t]*$")
_ALSO = re.compile(r"\s*Also reported: (TN\d{3}(?:, TN\d{3})*)\.?\s*$")


@dataclass(frozen=True, slots=True)
class Example:
    verdict: str  # "PASS" or "FAIL"
    text: str  # what it shows (without the "Also reported:" note)
    files: dict[str, str]  # path -> content
    also: tuple[str, ...] = ()  # other codes a FAIL example makes the check report (a side effect)
    markdown: str = ""  # the example as written: its line and its blocks


@dataclass(frozen=True, slots=True)
class RuleDoc:
    title: str  # the first line
    body: str  # the Markdown between the title and the first example
    examples: list[Example] = field(default_factory=list)


class DocError(ValueError):
    """A docstring that does not follow the layout above (a block without a `# path`, an unclosed fence)."""


def parse(doc: str) -> RuleDoc:
    lines = (doc or "").strip("\n").splitlines()
    title = lines[0].strip() if lines else ""
    rest = lines[1:]
    starts, in_fence = [], False
    for i, line in enumerate(rest):  # a PASS: or FAIL: line starts an example, unless it is inside a block
        in_fence = in_fence != bool(_FENCE.match(line))
        if not in_fence and _EXAMPLE.match(line):
            starts.append(i)
    body = "\n".join(rest[:starts[0]] if starts else rest).strip("\n")
    examples = [_example(rest[a:b]) for a, b in zip(starts, [*starts[1:], len(rest)])]
    return RuleDoc(title, body, examples)


def _example(lines: list[str]) -> Example:
    verdict, text = _EXAMPLE.match(lines[0]).groups()
    files: dict[str, str] = {}
    block: list[str] | None = None
    for line in lines[1:]:
        if _FENCE.match(line):
            if block is None:
                block = []
                continue
            _files_of(block, files, lines[0])
            block = None
        elif block is not None:
            block.append(line)
        elif line.strip():
            text += " " + line.strip()  # the example's sentence goes on over several lines
    if block is not None:
        raise DocError(f"unclosed ``` in the example {lines[0]!r}")
    if not files:
        raise DocError(f"the example {lines[0]!r} has no file")
    also: tuple[str, ...] = ()
    match = _ALSO.search(text)
    if match:
        also = tuple(match.group(1).split(", "))
        text = text[:match.start()]
    return Example(verdict, text.strip(), files, also, "\n".join(lines).strip("\n"))


def _files_of(block: list[str], files: dict[str, str], example: str) -> None:
    if not block or not _FILE.match(block[0]):
        raise DocError(f"a block of the example {example!r} does not start with a `# goals/...` line")
    starts = [i for i, line in enumerate(block) if _FILE.match(line)]
    for a, b in zip(starts, [*starts[1:], len(block)]):
        text = "\n".join(block[a + 1:b]).strip("\n")
        files[_FILE.match(block[a]).group(1)] = text + "\n" if text else ""
