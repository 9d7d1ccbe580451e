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
