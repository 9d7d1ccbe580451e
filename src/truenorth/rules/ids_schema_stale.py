"""TN150 ids-schema-stale: the generated schemas/ids.schema.json no longer lists the organisation's ids.

`truenorth schema ids` writes schemas/ids.schema.json: the organisation's goal, person, department
and metric ids (private goals left out), which the file schemas refer to for `supports`, `owner`,
`department`, `head`, `parent` and `metric`, so that an editor (VS Code with the YAML extension)
completes ids and flags an unknown one while you type. Once a goal, person, department or metric is
added, renamed or removed, the file lists the old ids: the editor offers ids that no longer exist and
flags new ones that do. This rule compares the file with the ids the organisation has now.

Only a file the command wrote is judged (its `$comment` says so): a repository that never ran it gets
no finding, nor does truenorth's own copy, which accepts any id. The checker itself never validates
with the generated file: an unknown id is reported by the rules for it (TN102, TN107, TN108, TN109,
TN110), with a did-you-mean. Run `truenorth schema ids` again and commit the file (in CI,
`truenorth schema ids --check` exits 1 while it is out of date).

The problem is in a generated JSON file, not in a goals file, so it cannot be shown as an example
written over the example organisation; tests/fixtures/failing/tn150-ids-schema-stale has one.
"""

from truenorth.findings import Severity
from truenorth.load.ids_schema import IDS_SCHEMA_PATH, staleness
from truenorth.model import Location
from truenorth.rules.base import rule


@rule("TN150", "ids-schema-stale", Severity.WARNING,
      "The generated schemas/ids.schema.json does not list the organisation's ids.",
      "Run `truenorth schema ids` and commit schemas/ids.schema.json.",
      reads=("goal.visibility",))
def check(self, ctx):
    problem = staleness(ctx.ids_schema, ctx.org)
    if problem is not None:
        yield self.finding(f"{IDS_SCHEMA_PATH} is out of date: {problem}; editors complete and flag ids from it",
                           Location(IDS_SCHEMA_PATH, 1, 1))
