"""The site's check uses the check cache: a rebuild after one edit re-reads only that file."""

from __future__ import annotations

from tests.conftest import make_org
from truenorth import export
from truenorth.load import organisation


def test_a_rebuild_after_one_edit_reads_only_the_edited_file(tmp_path, monkeypatch):
    root = make_org(tmp_path)
    first = export.check_root(root)
    read = []
    real = organisation.read_file
    monkeypatch.setattr(organisation, "read_file", lambda raw, rel, shown: read.append(shown) or real(raw, rel, shown))
    ann = root / "goals/people/ann.yaml"
    ann.write_text(ann.read_text().replace("Take calls one morning a month", "Take calls two mornings a month"))
    second = export.check_root(root)
    assert read == ["goals/people/ann.yaml"]
    assert second.org.goals["ann-lead"].title == "Take calls two mornings a month"
    assert [g.id for g in second.org.goals.values()] == [g.id for g in first.org.goals.values()]
    assert second.findings == first.findings == []


def test_after_check_reuses_its_report_for_a_progress_update_the_site_still_shows_the_update(tmp_path):
    """`check` records the edit without rewriting the per-file records; the site must not show the old value.
    (A key result's current value: titles are read by rules TN205 and TN208.)"""
    from click.testing import CliRunner

    from truenorth.cache.store import CheckCache
    from truenorth.cli import cli

    root = make_org(tmp_path)
    assert CliRunner().invoke(cli, ["check", "--root", str(root)]).exit_code == 0
    bob = root / "goals/people/bob.yaml"
    bob.write_text(bob.read_text().replace("current: 8.5", "current: 8.25"))
    assert CheckCache.open(root).report_after_unseen_edits() is not None  # a current value: no rule reads it
    assert CheckCache.open(root).cached_report().report is not None  # recorded: the next check is instant
    result = export.check_root(root)
    assert result.org.goals["bob-callbacks"].key_results[0].current == 8.25
    assert result.findings == []


def test_the_site_build_reuses_the_report_recorded_for_the_same_files(tmp_path, monkeypatch):
    """The rules do not run again for files and settings the cache's report was made for; after an
    edit they do, and the findings are those of a check without cache."""
    from tests.site_build import helpers
    from truenorth import rules
    from truenorth.check import run_check
    from truenorth.config import load_config

    root = helpers.copy_repo(tmp_path / "repo")
    ran = []

    class Counted:
        def __init__(self, rule):
            self.rule, self.code = rule, rule.code

        def check(self, ctx):
            ran.append(self.code)
            return self.rule.check(ctx)

    monkeypatch.setattr(rules, "GRAPH_RULES", [Counted(rule) for rule in rules.GRAPH_RULES])
    first = export.check_root(root)
    assert ran
    times = len(ran)
    second = export.check_root(root)
    assert len(ran) == times  # the recorded report
    assert (second.findings, second.summary, second.traced) == (first.findings, first.summary, first.traced)
    person = sorted((root / "goals" / "people").rglob("*.yaml"))[0]
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("supports: [", "supports: [no-such-goal, ", 1), encoding="utf-8")
    third = export.check_root(root)
    assert len(ran) > times
    fresh = run_check(load_config(root))
    assert third.findings == fresh.findings != first.findings and third.summary == fresh.summary
