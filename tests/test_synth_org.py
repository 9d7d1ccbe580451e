"""Tests for scripts/synth_org.py, the synthetic organisation generator."""

from __future__ import annotations

import functools
import importlib.util
import warnings
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "synth_org.py"
SCHEMAS = REPO / "schemas"
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same resolver, much faster
PERIOD_RANGE = {"H1": (1, 2), "H2": (3, 4), "Q1": (1, 1), "Q2": (2, 2), "Q3": (3, 3), "Q4": (4, 4)}


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def generate(root: Path, people: int, seed: int = 1, *extra: str) -> subprocess.CompletedProcess:
    return run("--people", str(people), "--out", str(root), "--seed", str(seed), *extra)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@functools.cache
def load_module():
    spec = importlib.util.spec_from_file_location("synth_org", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth_org"] = module  # dataclasses look the module up while the class body runs
    dont_write, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ in scripts/
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = dont_write
    return module


def period_range(period) -> tuple[int, int]:
    text = str(period)
    return PERIOD_RANGE[text[5:]] if "-" in text else (1, 4)


@pytest.fixture(scope="module")
def org200(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("org200")
    generate(root, 200, 1)
    return root


@pytest.fixture(scope="module")
def docs200(org200) -> dict[str, dict]:
    return {rel: yaml.load(text, Loader=Loader) for rel, text in tree(org200).items()}


# -- command line ---------------------------------------------------------------------------------


def test_help_describes_every_option():
    out = run("--help").stdout
    for option in ("--people", "--out", "--seed", "--force", "--history"):
        assert option in out


def test_summary_line_on_stderr(tmp_path):
    proc = generate(tmp_path, 50)
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    for word in ("50 people", "departments", "goals", "files", "bytes", " s "):
        assert word in lines[0]


def test_refuses_non_empty_goals_without_force(tmp_path):
    (tmp_path / "goals").mkdir()
    (tmp_path / "goals" / "stale.yaml").write_text("x: 1\n")
    proc = run("--people", "20", "--out", str(tmp_path), check=False)
    assert proc.returncode != 0
    assert "--force" in proc.stderr
    assert sorted(p.name for p in (tmp_path / "goals").iterdir()) == ["stale.yaml"]

    generate(tmp_path, 20, 1, "--force")
    assert not (tmp_path / "goals" / "stale.yaml").exists()
    assert (tmp_path / "goals" / "vision.yaml").is_file()


def test_force_leaves_the_rest_of_dir_alone(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    generate(tmp_path, 20)
    generate(tmp_path, 20, 2, "--force")
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_rejects_zero_people(tmp_path):
    proc = run("--people", "0", "--out", str(tmp_path), check=False)
    assert proc.returncode != 0
    assert not (tmp_path / "goals").exists()


# -- determinism ----------------------------------------------------------------------------------


def test_same_seed_gives_identical_files(org200, tmp_path):
    generate(tmp_path, 200, 1)
    assert tree(tmp_path) == tree(org200)


def test_output_does_not_depend_on_jobs(org200, tmp_path):
    generate(tmp_path, 200, 1, "--jobs", "3")
    assert tree(tmp_path) == tree(org200)


def test_different_seed_gives_different_files(org200, tmp_path):
    generate(tmp_path, 200, 2)
    assert tree(tmp_path) != tree(org200)


# -- files and schemas ----------------------------------------------------------------------------


def test_every_file_starts_with_its_schema_comment(org200):
    expected = {
        "goals/vision.yaml": "../schemas/vision.schema.json",
        "goals/metrics.yaml": "../schemas/metrics.schema.json",
        "goals/corporate.yaml": "../schemas/corporate.schema.json",
    }
    for rel, data in tree(org200).items():
        if rel.startswith("goals/departments/"):
            want = "../../schemas/department.schema.json"
        elif rel.startswith("goals/people/"):
            want = "../../../schemas/person.schema.json"
        else:
            want = expected[rel]
        first = data.decode("utf-8").split("\n", 1)[0]
        assert first == f"# yaml-language-server: $schema={want}", rel
        # as if DIR were the repository root, the reference names a real schema
        assert (REPO / "goals" / Path(rel).parent.relative_to("goals") / want).resolve().is_file()


def test_every_file_validates_against_its_schema(docs200):
    common = json.loads((SCHEMAS / "common.schema.json").read_text())
    ids = json.loads((SCHEMAS / "ids.schema.json").read_text())  # (truenorth's own copy: any well-formed id)
    registry = Registry().with_resources([("common.schema.json", Resource.from_contents(common)),
                                          ("ids.schema.json", Resource.from_contents(ids))])
    validators = {
        kind: Draft202012Validator(json.loads((SCHEMAS / f"{kind}.schema.json").read_text()), registry=registry)
        for kind in ("vision", "metrics", "corporate", "department", "person")
    }
    kinds = Counter()
    for rel, doc in docs200.items():
        if rel.startswith("goals/departments/"):
            kind = "department"
        elif rel.startswith("goals/people/"):
            kind = "person"
        else:
            kind = Path(rel).stem
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validators[kind].iter_errors(doc)]
        assert not errors, (rel, errors[:5])
        kinds[kind] += 1
    assert kinds["vision"] == kinds["metrics"] == kinds["corporate"] == 1
    assert kinds["person"] == 200
    assert 8 <= kinds["department"] <= 12


def test_files_read_back_as_the_generated_documents(org200):
    """The hand-written YAML emitter loses nothing: every file loads to the generator's document."""
    module = load_module()
    files = tree(org200)
    seen = 0
    for rel, kind, doc in module.Generator(200, 1).files():
        assert yaml.load(files[rel], Loader=Loader) == doc, rel
        assert module.render(kind, doc).encode("utf-8") == files[rel]
        seen += 1
    assert seen == len(files)


@pytest.mark.parametrize(
    "value",
    ["yes", "No", "on", "OFF", "null", "~", "", " lead", "trail ", "a: b", "a #b", "#x", "-x", "? x", "@x",
     "`x", "'x", "\"x\"", "x, y", "[x]", "{x}", "&a", "*a", "!x", "%x", "|", ">", "2027", "2027-01-01",
     "1e3", ".inf", "0x1F", "12:30", "O'Brien", "José Łukasz", "Bogotá – Kraków", "line\nbreak", "tab\there",
     "back\\slash", "2027-H1", "2027-Q4", "Answer in 100% of cases", "x\u2028y", "x\x85y", "=", "<<"],
)
def test_scalars_read_back_unchanged(value):
    module = load_module()
    text = module.yaml_scalar(value)
    assert yaml.safe_load(f"k: {text}\n") == {"k": value}
    assert yaml.safe_load(f"k: [{module._flow(value)}, z]\n") == {"k": [value, "z"]}


# -- cross-file integrity -------------------------------------------------------------------------


def test_cross_file_integrity(docs200):
    vision = docs200["goals/vision.yaml"]["vision"]
    metrics = {m["id"]: m for m in docs200["goals/metrics.yaml"]["metrics"]}
    corporate = docs200["goals/corporate.yaml"]["goals"]
    departments = {rel: d for rel, d in docs200.items() if rel.startswith("goals/departments/")}
    people = {rel: d for rel, d in docs200.items() if rel.startswith("goals/people/")}

    # the metric catalogue
    assert set(metrics) == {
        "csat", "nps", "fcr", "ces", "repeat-contacts", "complaints", "qa-score", "voc-actions", "internal-csat",
        "enps", "attrition", "time-to-proficiency", "coaching-coverage", "recognitions", "aht", "asa",
        "cost-per-contact", "backlog-age",
    }
    efficiency = {"aht", "asa", "cost-per-contact", "backlog-age"}
    assert {m for m, v in metrics.items() if v.get("kind") == "efficiency"} == efficiency
    lower = efficiency | {"attrition", "repeat-contacts", "complaints", "ces", "time-to-proficiency"}
    assert {m for m, v in metrics.items() if v["direction"] == "lower"} == lower

    # people and departments
    person_ids = [d["person"]["id"] for d in people.values()]
    assert len(person_ids) == len(set(person_ids)) == 200
    person_dept = {d["person"]["id"]: d["person"]["department"] for d in people.values()}
    dept_ids = [d["department"]["id"] for d in departments.values()]
    assert len(dept_ids) == len(set(dept_ids))
    depts = {d["department"]["id"]: d["department"] for d in departments.values()}
    for rel, d in departments.items():
        info = d["department"]
        assert rel == f"goals/departments/{info['id']}.yaml"
        assert person_dept[info["head"]] == info["id"], "the head works in their department"
        assert info.get("parent") is None or info["parent"] in depts
    heads = [d["head"] for d in depts.values()]
    assert len(heads) == len(set(heads))
    tops = [d for d in depts.values() if "parent" not in d]
    assert 1 <= len(tops) <= 8 and len(tops) < len(depts)
    for info in depts.values():  # the department tree has no cycles
        seen, node = set(), info
        while "parent" in node:
            assert node["id"] not in seen
            seen.add(node["id"])
            node = depts[node["parent"]]
    for rel, d in people.items():
        info = d["person"]
        assert rel == f"goals/people/{info['department']}/{info['id']}.yaml"
        assert info["department"] in depts

    # goals: where each lives, ids unique across the whole folder
    goals: dict[str, dict] = {}
    level: dict[str, str] = {}
    home: dict[str, str] = {}  # department of department and individual goals

    def add(goal, lvl, dept=None):
        assert goal["id"] not in goals, f"duplicate goal id {goal['id']}"
        goals[goal["id"]] = goal
        level[goal["id"]] = lvl
        home[goal["id"]] = dept

    for g in corporate:
        add(g, "corporate")
    for d in departments.values():
        assert 2 <= len(d["goals"]) <= 4
        for g in d["goals"]:
            add(g, "department", d["department"]["id"])
    private = 0
    for d in people.values():
        assert 3 <= len(d["goals"]) <= 5
        for g in d["goals"]:
            add(g, "individual", d["person"]["department"])
            assert g["owner"] == d["person"]["id"]
            private += g.get("visibility") == "private"
    assert 5 <= len(corporate) <= 8
    all_ids = set(goals) | set(depts) | set(person_dept) | {vision["id"]}
    assert len(all_ids) == len(goals) + len(depts) + len(person_dept) + 1, "ids are unique across kinds"
    assert 0 < private < 0.1 * sum(level[g] == "individual" for g in goals)

    def targets(goal):
        return [s if isinstance(s, str) else s["goal"] for s in goal["supports"]]

    supported = Counter()
    for gid, g in goals.items():
        assert g["owner"] in person_dept, f"{gid}: owner {g['owner']} is not a person"
        assert 1 <= len(g["supports"]) <= 20
        for t in targets(g):
            supported[t] += 1
            if level[gid] == "corporate":
                assert t == vision["id"]
                continue
            assert t in goals, f"{gid} supports unknown {t}"
            if level[gid] == "department":
                parent = depts[home[gid]].get("parent")
                assert level[t] == "corporate" or (level[t] == "department" and home[t] == parent), (gid, t)
            else:
                assert level[t] == "department" and home[t] == home[gid], (gid, t)
            # a goal's period never ends after (nor starts before) the goal it supports
            inner, outer = period_range(g["period"]), period_range(goals[t]["period"])
            assert outer[0] <= inner[0] and inner[1] <= outer[1], (gid, t)
        krs = g.get("key_results", [])
        assert krs, gid
        used = [kr["metric"] for kr in krs]
        assert all(m in metrics for m in used)
        if any(m in efficiency for m in used):
            assert any(m not in efficiency for m in used), f"{gid}: efficiency key result without an outcome"
        for kr in krs:
            assert {"baseline", "target", "current"} <= set(kr)
            if metrics[kr["metric"]]["direction"] == "higher":
                assert kr["target"] > kr["baseline"], (gid, kr)
            else:
                assert kr["target"] < kr["baseline"], (gid, kr)
        plays = g.get("plays", [])
        assert len(plays) == len(set(plays))

    # every goal traces to the vision
    memo = {vision["id"]: True}

    def traces(gid, path=()):
        if gid not in memo:
            assert gid not in path, f"cycle through {gid}"
            memo[gid] = any(traces(t, path + (gid,)) for t in targets(goals[gid]))
        return memo[gid]

    assert all(traces(gid) for gid in goals)
    # every corporate and department goal has someone working on it
    for gid, lvl in level.items():
        if lvl in ("corporate", "department"):
            assert supported[gid] > 0, f"nobody supports {gid}"
    assert all(any(level[s] == "department" for s in goals if gid in targets(goals[s])) for gid in
               (g["id"] for g in corporate))
    assert vision.get("owner") in person_dept


def test_small_organisations_are_still_valid(tmp_path):
    module = load_module()
    for people in (1, 2, 7, 45):
        docs = list(module.Generator(people, 3).files())
        persons = [d for _, kind, d in docs if kind == "person"]
        assert len(persons) == people
        ids = [g["id"] for _, _, d in docs for g in d.get("goals", [])]
        assert len(ids) == len(set(ids))


# -- the project's own checker ---------------------------------------------------------------------


@pytest.mark.skipif(importlib.util.find_spec("truenorth.cli") is None, reason="truenorth checker not installed")
def test_truenorth_check_passes(tmp_path):
    generate(tmp_path, 300, 5)
    if (REPO / "playbook" / "plays").is_dir():  # so that `plays:` ids are checked against real pages
        shutil.copytree(REPO / "playbook", tmp_path / "playbook")  # (a link out of the repository is refused)
    proc = subprocess.run(
        [sys.executable, "-m", "truenorth", "check", "--root", str(tmp_path), "--format", "json", "--quiet"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    report = json.loads(proc.stdout)
    errors = [f for f in report["findings"] if f.get("severity") == "error"]
    assert report["summary"]["errors"] == 0 and not errors, errors[:10]
    assert report["summary"]["traced_share"] == 1.0
    if report["findings"]:  # the generator aims for none at all; new rules may disagree
        warnings.warn(f"truenorth check reports {len(report['findings'])} warnings on a synthetic organisation, "
                      f"e.g. {report['findings'][0]}")


def test_history_gives_every_file_n_versions_with_fixed_dates(tmp_path):
    """--history N: a git repository in which each goals file has N versions, a week apart, and the key
    results' current values move in each (what truenorth reads trends from)."""
    from truenorth.git import Repository

    generate(tmp_path, 12, 1, "--history", "3")
    repo = Repository.discover(tmp_path)
    versions = repo.versions("goals")
    files = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "goals").rglob("*.yaml"))
    assert sorted(versions) == files
    assert {len(v) for v in versions.values()} == {3}
    dates = [c.date.date().isoformat() for c, _ in next(iter(versions.values()))]
    assert dates == ["2027-01-18", "2027-01-11", "2027-01-04"]
    person = next(p for p in files if "/people/" in p)
    texts = [repo.read_blobs([blob])[blob].decode() for _, blob in versions[person]]
    assert len(set(texts)) == 3 and all("current:" in t for t in texts)
    from truenorth.check import run_check
    from truenorth.config import load_config

    assert not run_check(load_config(tmp_path)).has_errors
