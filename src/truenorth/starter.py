"""What `truenorth init` writes: a new organisation repository that passes `check` and builds.

    files = starter_files("Acme Energy")        # {"goals/vision.yaml": "...", "mkdocs.yml": "...", ...}

A vision, one corporate goal, one department with its head, one person with a goal, the metric
catalogue, mkdocs.yml, a starter playbook (pages that link to truenorth's own plays, self-assessment
and guides),
pyproject.toml with [tool.truenorth], .pre-commit-config.yaml using the `truenorth-check` hook,
.github/workflows/truenorth.yml using the action, and CODEOWNERS (added by the command, from the
organisation these files make: truenorth.codeowners).

Where truenorth itself lives (the hook's `repo:`, the action's `uses:`) is REPOSITORY, at the tag of
this version; `truenorth init --repository` and `--rev` choose another (a fork, a mirror).
"""

from __future__ import annotations

import re

from truenorth import __version__
from truenorth.report.escape import json_text

REPOSITORY = "https://github.com/truenorth-goals/truenorth"
REV = f"v{__version__}"

_YEAR = "2027"


def yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON's escapes are YAML's): any name reads back as typed, and
    no character in it breaks a line (json_text escapes the ones YAML would read as line breaks)."""
    return json_text(text)


def action_name(repository: str) -> str:
    """The action's `uses:` name for a repository URL: "owner/name" of a github.com URL, else the URL's path."""
    match = re.match(r"^(?:https?://|git@)github\.com[/:]([^/]+/[^/]+?)(?:\.git)?/?$", repository)
    return match.group(1) if match else repository.rstrip("/").rsplit("/", 2)[-2] + "/" + repository.rstrip("/").rsplit("/", 1)[-1]


def starter_files(name: str, repository: str = REPOSITORY, rev: str = REV, year: str = _YEAR) -> dict[str, str]:
    """{path: text} of a new organisation named `name` (CODEOWNERS is added by the command)."""
    statement = yaml_string(f"{name} solves each customer's problem on the first contact, and every team knows "
                            "how its work helps.")
    return {
        "goals/vision.yaml": f"""\
# The customer vision: the one goal every other goal traces up to (truenorth check proves it).
vision:
  id: vision
  title: Every customer leaves with their problem solved
  statement: {statement}
  owner: alex-morgan
  values:
    - name: Own the outcome
      description: Whoever takes the contact sees it through.
""",
        "goals/corporate.yaml": f"""\
# Corporate goals: each supports the vision. Add a few more; keep them outcomes customers feel.
goals:
  - id: corp-solve-first-time
    title: Solve customers' problems on the first contact
    supports: [vision]
    owner: alex-morgan
    period: {year}
    key_results:
      - metric: fcr
        baseline: 70
        target: 80
      - metric: csat
        baseline: 75
        target: 85
""",
        "goals/metrics.yaml": """\
# The metric catalogue: key results name these ids. `kind: efficiency` marks a speed or volume
# measure, which the check wants balanced by an outcome; `kind: activity` a count of things done;
# `customer: true` a customer outcome, which every corporate goal's branch should be measured by.
metrics:
  - id: csat
    name: Customer satisfaction
    definition: Share of customers rating the contact 4 or 5 out of 5.
    unit: "%"
    direction: higher
    customer: true
  - id: fcr
    name: First-contact resolution
    definition: Share of contacts resolved without the customer having to come back within 7 days.
    unit: "%"
    direction: higher
    customer: true
""",
        "goals/departments/customer-care.yaml": f"""\
# A department: its head, and its goals, each supporting a corporate goal.
department:
  id: customer-care
  name: Customer Care
  head: alex-morgan
goals:
  - id: care-solve-first-time
    title: Give advisers what they need to solve it on the first contact
    supports: [corp-solve-first-time]
    owner: alex-morgan
    period: {year}
    key_results:
      - metric: fcr
        baseline: 70
        target: 80
""",
        "goals/people/customer-care/alex-morgan.yaml": f"""\
# A person: their department, and their own goals. Add `handle: "@their-user"` (their user on the
# code host) and `truenorth codeowners` makes them a reviewer of the files they own.
person:
  id: alex-morgan
  name: Alex Morgan
  department: customer-care
  role: Head of Customer Care
goals:
  - id: alex-morgan-floor-time
    title: Take customer contacts alongside the team one morning a month
    supports: [care-solve-first-time]
    owner: alex-morgan
    period: {year}
""",
        "goals/people/customer-care/sam-rivera.yaml": f"""\
person:
  id: sam-rivera
  name: Sam Rivera
  department: customer-care
  role: Customer service adviser
goals:
  - id: sam-rivera-first-contact
    title: Solve billing questions on the first call
    supports: [care-solve-first-time]
    owner: sam-rivera
    period: {year}-H1
    key_results:
      - metric: fcr
        baseline: 68
        target: 78
""",
        "playbook/plays/index.md": f"""\
---
title: The plays
---

# The plays

A play is one proven practice for building a customer-centred service culture: why it matters,
what to do, which metrics show it working, and how it usually goes wrong. truenorth's own
playbook has fifteen of them, from diagnosing your culture to keeping customer focus profitable:
read them at <{repository}/tree/{rev}/playbook/plays>.

To make a play your own, copy its page into this folder (`playbook/plays/<id>.md`). Goals then
name it in their `plays:` list, `truenorth check` knows the id, and the play's page lists the
goals that apply it.
""",
        "playbook/self-assessment.md": f"""\
---
title: Culture self-assessment
---

# Culture self-assessment

How customer-centred is your service culture today? truenorth's playbook has a self-assessment
to score it and find the plays behind your weakest answers:
<{repository}/blob/{rev}/playbook/self-assessment.md>. Copy it here to make it your own.
""",
        "playbook/getting-started/index.md": f"""\
---
title: Getting started
---

# Getting started

Every goal lives in `goals/` as YAML and traces up to one customer vision; `truenorth check`
proves it on every commit and pull request, and this site shows everyone their line of sight.

- Find your own goals under [People](../cascade/people/index.md).
- To change a goal, edit its file and open a pull request: the check runs, the job summary shows
  what the change does to the cascade, and the owners in `CODEOWNERS` review it.
- The guides for executives, managers, employees and maintainers are in truenorth's playbook:
  <{repository}/tree/{rev}/playbook/getting-started>.
""",
        "mkdocs.yml": f"""\
# The site: this playbook folder plus the cascade pages the truenorth plugin generates from goals/.
# Build with `truenorth build`, preview with `truenorth serve`.
site_name: {yaml_string(name + " - True North")}
docs_dir: playbook
site_dir: site

theme:
  name: material
  font: false            # system fonts: no request to Google Fonts
  features:
    - navigation.tabs
    - navigation.sections
    - search.highlight

extra:
  generator: false

plugins:
  - search
  - truenorth:
      on_error: fail     # errors in goals/ stop the build

markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true

nav:
  - Home: index.md
  - Cascade:
      - cascade/index.md
      - cascade/departments/index.md
      - cascade/people/index.md
      - cascade/alignment.md
      - cascade/metrics.md
  - Playbook:
      - plays/index.md
      - self-assessment.md
  - Getting started:
      - getting-started/index.md
""",
        "pyproject.toml": f"""\
# The goals repository's settings for truenorth (`pip install truenorth`, or see {repository}).
[tool.truenorth]
goals_dir = "goals"
playbook_dir = "playbook"
# max_goals_per_person = 7
# stale_after_days = 45

# Every rule code can be set to "error", "warning" or "off" (`truenorth rules` lists them):
[tool.truenorth.severity]
""",
        ".pre-commit-config.yaml": f"""\
# `pip install pre-commit && pre-commit install`: every commit is checked before it is made.
repos:
  - repo: {repository}
    rev: {rev}
    hooks:
      - id: truenorth-check
""",
        ".github/workflows/truenorth.yml": f"""\
# Every pull request: the check (annotations on the diff), a job summary with the findings and the
# cascade diff against the base branch, and CODEOWNERS kept in step with the organisation.
name: truenorth
on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0          # status and the cascade diff read the history
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - uses: {action_name(repository)}@{rev}
      - name: CODEOWNERS follows the organisation
        run: truenorth codeowners --check
""",
        ".gitignore": "site/\n",
    }

