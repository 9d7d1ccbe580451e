"""A tiny organisation on disk with private goals at fixed places, whose contents the privacy tests vary.

Over tests/fixtures/valid-org it adds:

* `corp-cost`, a public corporate goal without key results whose one supporter is the private
  department goal `ops-zz-secret` (written between two public goals of ops.yaml): a public goal fed
  only by a private one;
* `ann-under-secret`, a public individual goal that supports `ops-zz-secret` (its line of sight runs
  through a private goal, and it has no period of its own);
* `cat-zz-secret`, a private individual goal, first in cat.yaml, supporting the public team goal.

What stays fixed of a private goal is what it is: its id, its place and what it supports. Everything
in it is given by the test (`private_items`), valid or not.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

VALID_ORG = Path(__file__).resolve().parents[1] / "fixtures" / "valid-org"
TODAY = "2027-06-01"

# id -> (its file, what it supports)
PRIVATE_GOALS = {
    "ops-zz-secret": ("goals/departments/ops.yaml", ["corp-cost"]),
    "cat-zz-secret": ("goals/people/cat.yaml", ["team-callbacks"]),
}

MKDOCS_YML = """\
site_name: Small
docs_dir: playbook
theme:
  name: material
  font: false
plugins:
  - search
  - truenorth:
      on_error: warn
"""


def default_item(goal_id: str) -> dict:
    """A valid private goal with the usual keys (the baseline the varied ones are compared with)."""
    return {"title": f"Pelargonium {goal_id}", "owner": "ann", "visibility": "private", "period": "2027",
            "key_results": [{"metric": "csat", "baseline": 70, "target": 90, "current": 71}]}


def _item(goal_id: str, contents: dict | None) -> dict:
    """The goal item: its fixed id and links, then the given contents (with no `visibility`, the
    contents say how it is private, e.g. a misspelt key)."""
    contents = default_item(goal_id) if contents is None else contents
    return {"id": goal_id, "supports": PRIVATE_GOALS[goal_id][1], **contents}


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def org_files(private_items: dict[str, dict | None] | None = None) -> dict[str, str]:
    """The files written over valid-org: private_items maps a private goal's id to its contents."""
    items = {gid: _item(gid, (private_items or {}).get(gid)) for gid in PRIVATE_GOALS}
    corporate = yaml.safe_load((VALID_ORG / "goals/corporate.yaml").read_text(encoding="utf-8"))
    corporate["goals"].append({"id": "corp-cost", "title": "Costs under control", "supports": ["vision"],
                               "owner": "ann", "period": 2027})
    ops = yaml.safe_load((VALID_ORG / "goals/departments/ops.yaml").read_text(encoding="utf-8"))
    ops["goals"].insert(1, items["ops-zz-secret"])
    ann = yaml.safe_load((VALID_ORG / "goals/people/ann.yaml").read_text(encoding="utf-8"))
    ann["goals"].append({"id": "ann-under-secret", "title": "Help with the plan", "supports": ["ops-zz-secret"],
                         "owner": "ann",
                         "key_results": [{"metric": "csat", "baseline": 70, "target": 80, "current": 79}]})
    cat = yaml.safe_load((VALID_ORG / "goals/people/cat.yaml").read_text(encoding="utf-8"))
    cat["goals"].insert(0, items["cat-zz-secret"])
    return {"goals/corporate.yaml": _dump(corporate), "goals/departments/ops.yaml": _dump(ops),
            "goals/people/ann.yaml": _dump(ann), "goals/people/cat.yaml": _dump(cat)}


def write_org(root: Path, private_items: dict[str, dict | None] | None = None,
              extra: dict[str, str] | None = None) -> Path:
    """The organisation at root (replaced if there), with a mkdocs.yml whose plugin builds despite errors."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(VALID_ORG, root)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for rel, text in {**org_files(private_items), **(extra or {})}.items():
        (root / rel).write_text(text, encoding="utf-8")
    return root


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by its relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
