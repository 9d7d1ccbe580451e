"""`truenorth trace PERSON` and `trace DEPARTMENT`: an employee knows their name, not a goal id (issue 18, item 2)."""

from __future__ import annotations

from click.testing import CliRunner

from truenorth.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _chains(output: str) -> list[list[str]]:
    """The goal ids of each printed chain (chains are separated by blank lines; the header line is dropped)."""
    chains, current = [], []
    for line in output.splitlines()[1:]:
        if not line.strip():
            if current:
                chains.append(current)
            current = []
            continue
        if "supports" in line or line.startswith(("individual goal", "department goal", "corporate goal")):
            current.append(line.split(":")[0].split()[-1])
    if current:
        chains.append(current)
    return chains


def test_a_person_by_id_gets_the_line_of_sight_of_each_of_their_goals(org_factory):
    root = org_factory(files={"goals/people/cat.yaml": (
        "person:\n  id: cat\n  name: Cat Example\n  department: ops-team\ngoals:\n"
        "  - id: cat-empathy\n    title: Listen first\n    supports: [team-callbacks]\n    owner: cat\n"
        "  - id: cat-coach\n    title: Coach a colleague\n    supports: [ops-coaching]\n    owner: cat\n")})
    out = run("trace", "cat", "--root", str(root))
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[0] == "cat: Cat Example (ops-team), 2 goals"
    assert _chains(out.output) == [["cat-coach", "ops-coaching", "corp-people", "vision"],
                                   ["cat-empathy", "team-callbacks", "ops-first-contact", "corp-satisfaction", "vision"]]


def test_a_person_by_name_in_any_case(org_factory):
    root = str(org_factory())
    by_id = run("trace", "bob", "--root", root)
    by_name = run("trace", "  bob   EXAMPLE ", "--root", root)
    assert by_id.exit_code == by_name.exit_code == 0
    assert by_name.output == by_id.output
    assert _chains(by_id.output) == [["bob-callbacks", "team-callbacks", "ops-first-contact", "corp-satisfaction",
                                      "vision"]]


def test_a_department_by_id_or_name_traces_its_department_goals(org_factory):
    root = str(org_factory())
    out = run("trace", "ops", "--root", root)
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[0].startswith("ops: Operations (department, head ann), 2 department goals")
    assert _chains(out.output) == [["ops-coaching", "corp-people", "vision"],
                                   ["ops-first-contact", "corp-satisfaction", "vision"]]
    assert run("trace", "operations FRONT line", "--root", root).output == run("trace", "ops-team", "--root", root).output


def test_a_goal_id_still_traces_that_goal_alone(org_factory):
    out = run("trace", "bob-callbacks", "--root", str(org_factory()))
    assert out.exit_code == 0 and _chains("header\n" + out.output) == [
        ["bob-callbacks", "team-callbacks", "ops-first-contact", "corp-satisfaction", "vision"]]


def test_a_person_with_a_goal_that_does_not_trace_exits_1(org_factory):
    root = org_factory(files={"goals/people/cat.yaml": (
        "person:\n  id: cat\n  name: Cat Example\n  department: ops-team\ngoals:\n"
        "  - id: cat-empathy\n    title: Listen first\n    supports: [team-callbakcs]\n    owner: cat\n")})
    out = run("trace", "Cat Example", "--root", str(root))
    assert out.exit_code == 1
    assert "cat-empathy" in out.output and "does not trace to the vision" in out.output


def test_an_ambiguous_name_asks_for_the_id(org_factory):
    root = org_factory(files={"goals/people/cat2.yaml": (
        "person:\n  id: cat2\n  name: cat example\n  department: ops-team\ngoals:\n"
        "  - id: cat2-empathy\n    title: Listen\n    supports: [team-callbacks]\n    owner: cat2\n")})
    out = run("trace", "Cat Example", "--root", str(root))
    assert out.exit_code == 2
    assert "person 'cat'" in out.output and "person 'cat2'" in out.output


def test_a_miss_suggests_ids_and_names(org_factory):
    root = str(org_factory())
    out = run("trace", "bobb", "--root", root)
    assert out.exit_code == 2 and "no goal, person or department" in out.output and "'bob'" in out.output
    out = run("trace", "Bob Exampel", "--root", root)
    assert out.exit_code == 2 and "'Bob Example' (bob)" in out.output
    assert "Traceback" not in out.output
