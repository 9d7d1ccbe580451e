"""TN118 efficiency-without-outcome: a goal measured only by efficiency metrics (handle time, speed of answer).

Customer goals piled on top of legacy efficiency targets is a named failure mode
(see the playbook's "re-align efficiency KPIs" play): an efficiency key result
needs a customer-outcome key result beside it.
FAIL: key results on `aht` alone.  PASS: `aht` together with `fcr` or `csat`.
"""

from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN118", "efficiency-without-outcome", Severity.WARNING,
      "A goal's key results measure efficiency only, with no customer outcome beside them.",
      "Add a key result on an outcome metric (csat, fcr, nps...) to the same goal.")
def check(self, ctx):
    metrics = ctx.org.metrics
    for goal in ctx.org.goals.values():
        kinds = {metrics[kr.metric].kind for kr in goal.key_results if kr.metric in metrics}
        if "efficiency" in kinds and "outcome" not in kinds:
            names = sorted({kr.metric for kr in goal.key_results if kr.metric in metrics})
            yield self.finding(f"{goal.id!r} is measured only by efficiency metrics ({', '.join(names)})",
                               goal.key_results[0].location)
