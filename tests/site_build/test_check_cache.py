"""The site's check uses the check cache: a rebuild after one edit re-reads only that file."""

from __future__ import annotations

from tests.conftest import make_org
from truenorth import site_build
from truenorth.load import organisation


def test_a_rebuild_after_one_edit_reads_only_the_edited_file(tmp_path, monkeypatch):
    root = make_org(tmp_path)
    first = site_build.check_root(root)
    read = []
    real = organisation.read_file
    monkeypatch.setattr(organisation, "read_file", lambda raw, rel, shown: read.append(shown) or real(raw, rel, shown))
    ann = root / "goals/people/ann.yaml"
    ann.write_text(ann.read_text().replace("Take calls one morning a month", "Take calls two mornings a month"))
    second = site_build.check_root(root)
    assert read == ["goals/people/ann.yaml"]
    assert second.org.goals["ann-lead"].title == "Take calls two mornings a month"
    assert [g.id for g in second.org.goals.values()] == [g.id for g in first.org.goals.values()]
    assert second.findings == first.findings == []


def test_after_check_reuses_its_report_for_a_progress_update_the_site_still_shows_the_update(tmp_path):
    """`check` records the edit without rewriting the per-file records; the site must not show the old title."""
    from click.testing import CliRunner

    from truenorth.cache import CheckCache
    from truenorth.cli.main import cli

    root = make_org(tmp_path)
    assert CliRunner().invoke(cli, ["check", "--root", str(root)]).exit_code == 0
    ann = root / "goals/people/ann.yaml"
    ann.write_text(ann.read_text().replace("Take calls one morning a month", "Take calls two mornings a month"))
    assert CheckCache.open(root).report_after_unseen_edits() is not None  # a title: no rule reads it
    assert CheckCache.open(root).cached_report()[1] is not None  # recorded: the next check is instant
    result = site_build.check_root(root)
    assert result.org.goals["ann-lead"].title == "Take calls two mornings a month"
    assert result.findings == []
