"""A small organisation with check-ins for the progress tests: tests/fixtures/valid-org with Cat's and
Bob's goals rewritten and team-callbacks running in 2027-H1 (dated 2027, judged on 2027-05-15)."""

CAT = """person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: [team-callbacks]
    owner: cat
    key_results:
      - metric: csat
        baseline: 70
        target: 80
        check_ins:
          - date: 2027-01-15
            value: 72
            confidence: high
            by: bob
          - date: 2027-03-15
            value: 71
            confidence: medium
            note: "Rota change <script>alert(1)</script> hurt"
          - date: 2027-05-10
            value: 70
            confidence: high
  - id: cat-forgotten
    title: Answer the backlog
    supports: [team-callbacks]
    owner: cat
    updated: 2027-02-01
    key_results:
      - metric: csat
        baseline: 70
"""

BOB = """person:
  id: bob
  name: Bob Example
  department: ops-team
goals:
  - id: bob-callbacks
    title: Same-day callbacks
    supports: [team-callbacks]
    owner: bob
    period: 2027-Q1
    key_results:
      - metric: aht
        baseline: 9
        target: 8
        check_ins:
          - date: 2027-01-10
            value: 8.8
          - date: 2027-02-10
            value: 8.6
          - date: 2027-03-10
            value: 8.5
"""

OPS_TEAM = """department:
  id: ops-team
  name: Operations front line
  head: bob
  parent: ops
goals:
  - id: team-callbacks
    title: Call back every unresolved case
    supports: [ops-first-contact]
    owner: bob
    period: 2027-H1
"""

FILES = {"goals/departments/ops-team.yaml": OPS_TEAM, "goals/people/cat.yaml": CAT, "goals/people/bob.yaml": BOB,
         "pyproject.toml": "[tool.truenorth]\ntoday = 2027-05-15\n[tool.truenorth.severity]\nTN115 = \"warning\"\n"}
