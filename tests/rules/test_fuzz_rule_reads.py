"""A rule reads nothing it does not declare (`@rule(..., reads=...)`): every field of the model that a
rule does not declare (besides ids and places, which every rule may read) is changed at random, and
the rule, run alone through the registry, must give the same findings. The check's cache relies on it:
it reuses a report after edits to fields no rule declares (truenorth/cache/records.py)."""

from __future__ import annotations

import copy
import datetime as dt
import random
import shutil
import tempfile
from dataclasses import fields
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import FAILING, make_org
from truenorth.analysis.graph import build_graph, traced_to_vision
from truenorth.config import load_config, playbook_plays
from truenorth.load import load_organisation
from truenorth.model import Level
from truenorth.rules import GRAPH_RULES, RULES_BY_KEY, Context
from truenorth.rules.base import READABLE, rule

GRAPH_FIXTURES = sorted(p.name for p in FAILING.iterdir() if p.name.startswith(("tn1", "tn2")))
ORGS = ["valid-org", "every-graph-failure", *GRAPH_FIXTURES]


@lru_cache(maxsize=None)
def _loaded(name: str):
    """(the loaded organisation, the config) of the valid organisation with a failing overlay (or all)."""
    where = Path(tempfile.mkdtemp(prefix="truenorth-reads-"))
    try:
        root = make_org(where, None if name in ("valid-org", "every-graph-failure") else FAILING / name)
        if name == "every-graph-failure":
            for overlay in GRAPH_FIXTURES:
                shutil.copytree(FAILING / overlay, root, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("expected.txt"))
        config = load_config(root)
        return load_organisation(root, config.goals_dir), config
    finally:
        shutil.rmtree(where, ignore_errors=True)


def _context(loaded, config, org) -> Context:
    graph = build_graph(org)
    return Context(org=org, graph=graph, traced=traced_to_vision(graph, org), duplicates=loaded.duplicates,
                   invalid_goal_ids=loaded.invalid_goal_ids, people_with_dropped_goals=loaded.people_with_dropped_goals,
                   plays=playbook_plays(config.playbook_path), max_goals_per_person=config.max_goals_per_person)


def _items(org):
    """(kind, item) for every record of the model a rule may read, key results and links included."""
    if org.vision is not None:
        yield "vision", org.vision
    for kind, table in (("metric", org.metrics), ("department", org.departments), ("person", org.people)):
        for item in table.values():
            yield kind, item
    for goal in org.goals.values():
        yield "goal", goal
        for kr in goal.key_results:
            yield "key_result", kr


def _undeclared(kind: str, reads: frozenset[str]):
    """The fields of a kind of record this rule did not declare (ids and places are always read; a goal's
    key results, each in its place, are changed field by field)."""
    for f in fields(READABLE[kind]):
        if f.name == "id" or f.name == "location" or f.name.endswith("_location") or f.name == "key_results":
            continue
        if f"{kind}.{f.name}" not in reads:
            yield f


def _another(value, annotation: str, pool: list, rng: random.Random):
    """A value of the field's type: one another record has, or a new one (None where the field may be)."""
    choices = list(pool)
    if "None" in annotation:
        choices.append(None)
    if "Level" in annotation:
        choices += list(Level)
    elif "list[Support]" in annotation:
        targets = [s.target for s in value or ()] + [x for x in pool if isinstance(x, str)] + ["no-such-goal"]
        return [type(s)(rng.choice(targets), s.location, rng.choice([1.0, 0.5, 2.0])) for s in value or ()]
    elif "list" in annotation:
        return [f"x{rng.randrange(1000)}" for _ in range(rng.randrange(3))] if "Value" not in annotation else []
    elif "date" in annotation:
        choices.append(dt.date(2020 + rng.randrange(10), 1 + rng.randrange(12), 1 + rng.randrange(28)))
    elif "float" in annotation or "int" in annotation:
        choices += [0.0, 1.0, rng.uniform(-100, 100)]
    else:
        choices += ["", "active", "retired", "achieved", "outcome", "efficiency", "higher", "lower", "on-track",
                    "off-track", "private", "internal", "2027", "2027-Q1", "2026-H2", f"random-{rng.randrange(10**6)}"]
    return rng.choice(choices)


def _changed(org, reads: frozenset[str], rng: random.Random):
    """A copy of the organisation with every field the rule did not declare set at random."""
    org = copy.deepcopy(org)
    items = list(_items(org))
    pools: dict[tuple[str, str], list] = {}
    for kind, item in items:
        for f in _undeclared(kind, reads):
            pools.setdefault((kind, f.name), []).append(getattr(item, f.name))
    ids = list(org.goals) + list(org.people) + list(org.departments) + list(org.metrics)
    for kind, item in items:
        for f in _undeclared(kind, reads):
            pool = pools[(kind, f.name)] + (ids if isinstance(getattr(item, f.name), str) else [])
            setattr(item, f.name, _another(getattr(item, f.name), str(f.type), pool, rng))
    return org


@pytest.mark.parametrize("code", [r.code for r in GRAPH_RULES])
@given(name=st.sampled_from(ORGS), seed=st.integers(0, 2**32 - 1))
def test_a_rule_gives_the_same_findings_whatever_the_fields_it_does_not_declare(code, name, seed):
    checked = RULES_BY_KEY[code]
    assert checked.reads is not None, f"{code} declares no reads"
    loaded, config = _loaded(name)
    before = list(checked.check(_context(loaded, config, loaded.org)))
    changed = _changed(loaded.org, checked.reads, random.Random(seed))
    assert list(checked.check(_context(loaded, config, changed))) == before


def test_the_changes_reach_what_a_rule_reads_when_it_does_not_say_so():
    """The test above can fail: a rule that reads a goal's status without declaring it is caught."""
    loaded, config = _loaded("tn114-supports-retired")
    honest = RULES_BY_KEY["TN114"]

    @rule("TN999", "sly", honest.severity, "reads the status, declares only the links", reads=("goal.supports",))
    def sly(self, ctx):
        return honest.check(ctx)

    before = list(sly.check(_context(loaded, config, loaded.org)))
    assert before
    differs = [seed for seed in range(20)
               if list(sly.check(_context(loaded, config, _changed(loaded.org, sly.reads, random.Random(seed)))))
               != before]
    assert differs


def test_a_rule_cannot_declare_a_field_the_model_does_not_have():
    with pytest.raises(ValueError, match="goal.colour"):
        rule("TN998", "colour", RULES_BY_KEY["TN101"].severity, "x", reads=("goal.colour",))
