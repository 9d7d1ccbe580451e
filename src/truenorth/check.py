"""The check use case: load the goals folder, build the graph, run every rule, apply severities."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from truenorth.config import Config, playbook_plays
from truenorth.findings import CheckResult, Finding, Report, Severity, Summary
from truenorth.load.organisation import LoadResult, ProgressCallback, load_organisation

if TYPE_CHECKING:
    from truenorth.cache.store import CheckCache

__all__ = ["CheckResult", "READS", "Summary", "check_loaded", "context_of", "counts_of", "fields_read", "finished",
           "playbook_plays", "run_check"]

READS = frozenset({"goal.status", "goal.standalone_reason", "goal.supports", "goal.person", "goal.visibility",
                   "goal.level", "goal.department", "key_result.metric", "metric.customer", "goal.suppressions"})
"""What the check reads itself, besides its rules' declarations (rules/base.py READABLE): the summary
counts the goals that are not retired and those traced (along their links) or standalone, and gives the
alignment health score (analysis/health.py: levels, departments, customer-outcome key results); the
inline suppressions leave findings out (goal.suppressions); and the
loader's merge names the person of a duplicated goal among those whose goals were left out; absence.py folds
findings into a broken file's note through public goals only (visibility), so the site cannot depend on private ones."""


def fields_read() -> frozenset[str] | None:
    """Every field of the model a check reads: its own (READS) and its rules' (None when a rule did
    not say: it may read anything). The cache keeps exactly these of each file (cache/records.py)."""
    from truenorth.rules import GRAPH_RULES

    declared = [getattr(rule, "reads", None) for rule in GRAPH_RULES]  # (none declared: any field)
    return None if None in declared else READS.union(*declared)


def run_check(config: Config, progress: ProgressCallback | None = None, cache: "CheckCache | None" = None,
              jobs: int | None = None, *, reuse_report: bool = False) -> CheckResult:
    """Load, build the graph, run every rule. With a `cache`, unchanged files are not parsed again
    and the report is recorded for the next run; the findings are the same either way.

    reuse_report: for a caller that needs the organisation and its graph too (the site build): when
    the cache's report was made for these very files and settings, its findings stand and the rules
    do not run again (`check` itself answers that case without loading anything: truenorth.incremental)."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the model is large and lives until exit; cyclic collection would only re-scan it
    try:
        if cache is not None and not cache.key and cache.stats:
            cache.fingerprint()  # which files are unchanged (mostly from their stat data, without reading them)
        loaded: LoadResult = load_organisation(config.root, config.goals_dir, progress, cache=cache, jobs=jobs,
                                               while_parsing=_import_analysis)
        # The key of the bytes parsed (not of those the fingerprint read before: a file edited between the two,
        # and the edit later undone, must not find this report recorded for its old content).
        key = cache.key_of(loaded) if cache is not None else ""
        recorded = cache.report if cache is not None and reuse_report and key == cache.report_key else None
        result = _evaluate(config, loaded, recorded, jobs)
        if cache is not None:
            cache.save(loaded, key, Report(result.findings, result.summary))
        return result
    finally:
        if gc_was_enabled:
            gc.enable()


def _import_analysis() -> None:
    """The graph library and the rules: imported while worker processes parse, not before."""
    from truenorth.analysis import graph  # noqa: F401
    from truenorth.rules import GRAPH_RULES  # noqa: F401


def _evaluate(config: Config, loaded: LoadResult, recorded: Report | None = None, jobs: int | None = None) -> CheckResult:
    from truenorth.analysis.graph import build_graph, traced_to_vision
    from truenorth.rules import GRAPH_RULES

    org = loaded.org
    graph = build_graph(org)
    traced = traced_to_vision(graph, org)
    if recorded is not None:  # the report on record for these files and settings (see run_check)
        return CheckResult(org, graph, traced, list(recorded.findings), recorded.summary,
                           loaded.people_with_dropped_goals, config.status_thresholds)
    ctx = context_of(config, loaded, graph, traced)
    rules = [rule for rule in GRAPH_RULES if config.severity.get(rule.code) != Severity.OFF]
    by_rule, counts = _run_rules(rules, ctx, jobs)
    findings = list(loaded.findings)
    for found in by_rule:
        findings.extend(found)
    return finished(config, loaded, graph, traced, findings, counts)


RULES_FORK_MIN_GOALS = 5000
"""From this many goals the rules run on two cores: a forked child runs every other rule and works out the
summary's counts while this process runs the rest (10,000 people: 0.47 s of rules and counts in one process,
about 0.3 s so; 4 ms to fork). Below it, one process: the fork costs more than it saves."""


def _run_rules(rules: list, ctx, jobs: int | None) -> tuple[list[list[Finding]], tuple[int, int, int, int]]:
    """(each rule's findings, in the order of `rules`; counts_of(ctx)), the same on one core or two. On two,
    the child sends its findings encoded as the cache keeps them (load/records.py); should it fail, this
    process runs its rules too (and raises what they raise, as on one core)."""
    from truenorth.load.organisation import can_fork, default_jobs

    workers = default_jobs() if jobs is None else jobs
    if workers < 2 or len(ctx.org.goals) < RULES_FORK_MIN_GOALS or len(rules) < 2 or not can_fork():
        return [list(rule.check(ctx)) for rule in rules], counts_of(ctx)
    import marshal

    from truenorth.load.records import decode_finding, encode_finding
    from truenorth.processes import ChildStream

    theirs = rules[1::2]

    def produce(send) -> None:
        send(marshal.dumps(([[encode_finding(f) for f in rule.check(ctx)] for rule in theirs], counts_of(ctx))))

    child = ChildStream(produce)
    try:
        found: dict[int, list[Finding]] = {index: list(rule.check(ctx)) for index, rule in enumerate(rules) if index % 2 == 0}
        frame = child.read()
    except BaseException:  # a rule failed here, or the check is stopped: the child's share is not wanted
        child.kill()
        raise
    finally:
        child.close()
    if frame is None:  # the child failed: its share is done here
        found.update((index, list(rules[index].check(ctx))) for index in range(1, len(rules), 2))
        counts = counts_of(ctx)
    else:
        encoded, counts = marshal.loads(frame)
        found.update((index, [decode_finding(f) for f in fs]) for index, fs in zip(range(1, len(rules), 2), encoded))
    return [found[index] for index in range(len(rules))], tuple(counts)


def context_of(config: Config, loaded: LoadResult, graph, traced: set[str]):
    """What the rules look at (rules/base.py Context) for this organisation, its graph and the settings."""
    from truenorth.load.ids_schema import read_ids_schema
    from truenorth.rules import Context

    return Context(org=loaded.org, graph=graph, traced=traced, duplicates=loaded.duplicates,
                   invalid_goal_ids=loaded.invalid_goal_ids, people_with_dropped_goals=loaded.people_with_dropped_goals,
                   plays=playbook_plays(config.playbook_path), max_goals_per_person=config.max_goals_per_person,
                   today=_today(config), ids_schema=read_ids_schema(config.root),
                   key_results_per_goal=config.key_results_per_goal, output_words=config.output_words)


def counts_of(ctx) -> tuple[int, int, int, int]:
    """What the summary counts of the organisation (READS): (goals not retired, of them traced, of them
    standalone, the alignment health score)."""
    from truenorth.analysis.coverage import is_standalone
    from truenorth.analysis.health import alignment_health
    from truenorth.rules.base import skipped_level_links

    org, traced = ctx.org, ctx.traced
    counted = [g for g in org.goals.values() if g.status != "retired"]
    return (len(counted), sum(1 for g in counted if g.id in traced),
            sum(1 for g in counted if is_standalone(g, traced)),
            alignment_health(org, ctx.graph, traced, skipped_level_links(ctx)).score)


def finished(config: Config, loaded: LoadResult, graph, traced: set[str], findings: list[Finding],
             counts: tuple[int, int, int, int]) -> CheckResult:
    """The check's result from the findings as the loader and the rules gave them: severities, the inline
    suppressions, the notes on broken files and the summary (`counts`: counts_of)."""
    org = loaded.org
    findings = [with_severity(f, config) for f in findings]
    findings = sorted((f for f in findings if f.severity != Severity.OFF), key=Finding.sort_key)
    findings, suppressed, period_suppressions = _suppress(findings, org)
    if loaded.findings:  # a file that could not be read: what follows only from that waits, noted on it
        from truenorth.absence import fold_absences

        findings = fold_absences(findings, org, config.goals_dir, graph, traced)
    goals, traced_count, standalone, health = counts
    summary = Summary(
        files=loaded.files,
        goals=goals,
        traced=traced_count,
        errors=sum(1 for f in findings if f.severity == Severity.ERROR),
        warnings=sum(1 for f in findings if f.severity == Severity.WARNING),
        standalone=standalone,
        skipped=len(loaded.invalid_goal_ids),
        suppressed=suppressed,
        period_suppressions=period_suppressions,
        health=health,
    )
    return CheckResult(org, graph, traced, findings, summary, loaded.people_with_dropped_goals, config.status_thresholds)


def _suppress(findings: list[Finding], org) -> tuple[list[Finding], int, int]:
    """(the findings no inline suppression leaves out, how many it left out, how many suppressions name a rule
    that reads periods: the period re-check, cache/period_edits.py, re-runs such a rule without them).

    A suppression (`# truenorth: ignore[CODE] reason` on a goal's first line: load/suppressions.py) leaves
    out the findings of CODE located inside the goal's item, when CODE is a warning rule's
    (rules/invalid_suppression.py; TN210 reports the others, and a missing reason, but the suppression
    still counts: the reason is asked for, not required for it to work)."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for goal in org.goals.values():
        if goal.suppressions:
            for s in goal.suppressions:
                spans.setdefault(goal.location.path, []).append((goal.location.line, s.last_line, s.code))
    if not spans:
        return findings, 0, 0
    from truenorth.rules import ALL_RULES
    from truenorth.rules.invalid_suppression import suppressible_codes

    allowed = suppressible_codes()
    period_codes = {r.code for r in ALL_RULES if r.reads is None or "goal.period" in r.reads}
    count = sum(1 for where in spans.values() for _first, _last, code in where if code in period_codes)
    kept = []
    for f in findings:
        where = spans.get(f.location.path)
        if where and f.code in allowed and any(code == f.code and first <= f.location.line <= last
                                               for first, last, code in where):
            continue
        kept.append(f)
    return kept, len(findings) - len(kept), count


def _today(config: Config):
    """The date check-ins must not be after: the one every command judges status on; None when
    $TRUENORTH_TODAY is no date (the commands that use it say so)."""
    from truenorth.config import ConfigError, resolve_today

    try:
        return resolve_today(config)
    except ConfigError:
        return None


def with_severity(finding: Finding, config: Config) -> Finding:
    """The finding at the severity the settings give its code ([tool.truenorth] severity), itself when unchanged."""
    wanted = config.severity.get(finding.code)
    if wanted is None or wanted == finding.severity:
        return finding
    return Finding(finding.code, finding.name, wanted, finding.message, finding.location, finding.hint, finding.related)


def check_loaded(config: Config, loaded: LoadResult) -> CheckResult:
    """The check of an organisation loaded already (truenorth.live assembles it from the files it keeps
    in memory): the graph and every rule, as run_check does after its load."""
    return _evaluate(config, loaded)
