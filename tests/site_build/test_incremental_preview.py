"""`truenorth serve` rebuilds only the pages whose Markdown changed, and serves the site a full build makes.

The preview's builds are run in this process (mkdocs_plugin/serve.py PreviewSite: what `truenorth
serve` runs on each save, without the HTTP server): after each edit the incrementally rebuilt site
is compared, file by file, search index included, with a fresh preview's full build of the same
files; and the files the rebuild wrote are the pages an edit changes, not the others.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site_build.helpers import TODAY, copy_repo, with_hooks
from truenorth.config import TODAY_ENV
from truenorth.mkdocs_plugin.serve import PreviewSite

PERSON = "goals/people/billing/ahmed-farouk.yaml"
OTHER_PAGE = "cascade/people/hannah-doyle/index.html"  # a person in another department
BANNER = 'class="tn-preview-errors"'


@pytest.fixture
def preview(tmp_path, monkeypatch):
    monkeypatch.setenv(TODAY_ENV, TODAY)
    root = copy_repo(tmp_path / "repo")
    site = PreviewSite(root / "mkdocs.yml", site_dir=tmp_path / "served")
    site.build(site.config)
    yield root, site
    site.close()


def _files(site_dir: Path) -> dict[str, tuple[int, bytes]]:
    return {path.relative_to(site_dir).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
            for path in sorted(site_dir.rglob("*")) if path.is_file()}


def _full_build(root: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    """A new preview's first build, in a process of its own (MkDocs keeps one plugin instance per process)."""
    site_dir = tmp_path / name
    code = ("import sys; from pathlib import Path; from truenorth.mkdocs_plugin.serve import PreviewSite\n"
            "site = PreviewSite(Path(sys.argv[1]), site_dir=Path(sys.argv[2])); site.build(site.config); site.close()")
    subprocess.run([sys.executable, "-c", code, str(root / "mkdocs.yml"), str(site_dir)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    return {rel: content for rel, (_, content) in _files(site_dir).items()}


def _rebuild(site: PreviewSite) -> tuple[dict[str, bytes], set[str]]:
    """Build again after a save: the site's files, and those the build wrote."""
    before = _files(site.site_dir)
    site.build()
    after = _files(site.site_dir)
    written = {rel for rel, (mtime, _) in after.items() if rel not in before or before[rel][0] != mtime}
    return {rel: content for rel, (_, content) in after.items()}, written


def _same_site(served: dict[str, bytes], full: dict[str, bytes]) -> None:
    assert sorted(served) == sorted(full)
    differ = [rel for rel in full if served[rel] != full[rel]]
    assert differ == []


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_saved_person_rebuilds_only_the_pages_it_changed_and_the_site_is_a_full_builds(preview, tmp_path):
    root, site = preview
    _edit(root / PERSON, "title: Clear the refund backlog", "title: Clear the Zanzibar refund backlog")
    served, written = _rebuild(site)

    pages = {rel for rel in written if rel.endswith("index.html")}
    assert "cascade/people/ahmed-farouk/index.html" in pages
    assert "Zanzibar" in served["cascade/people/ahmed-farouk/index.html"].decode()
    assert OTHER_PAGE not in written  # unchanged Markdown: left as it was
    assert len(pages) < 10, sorted(pages)  # of the sample's 127 pages
    assert "search/search_index.json" in written
    index = json.loads(served["search/search_index.json"])
    assert any("Zanzibar" in entry["title"] + entry["text"] for entry in index["docs"])

    _same_site(served, _full_build(root, tmp_path, "full"))


def test_the_banner_comes_and_goes_on_every_page_and_each_step_is_a_full_builds_site(preview, tmp_path):
    root, site = preview
    person = root / PERSON
    good = person.read_text(encoding="utf-8")
    person.write_text(re.sub(r"supports: \[[^\]]*\]", "supports: [nowhere-at-all]", good, count=1), encoding="utf-8")
    served, written = _rebuild(site)
    assert BANNER in served[OTHER_PAGE].decode() and OTHER_PAGE in written  # every page shows the errors
    _same_site(served, _full_build(root, tmp_path, "broken"))

    # still broken, another edit: the banner is the same, so again only what changed
    _edit(person, "title: Clear the refund backlog", "title: Clear the Zanzibar refund backlog")
    served, written = _rebuild(site)
    assert OTHER_PAGE not in written and BANNER in served[OTHER_PAGE].decode()
    _same_site(served, _full_build(root, tmp_path, "still-broken"))

    person.write_text(good, encoding="utf-8")
    served, written = _rebuild(site)
    assert BANNER not in served[OTHER_PAGE].decode()
    _same_site(served, _full_build(root, tmp_path, "fixed"))


def test_a_new_person_and_an_edited_playbook_page_give_a_full_builds_site(preview, tmp_path):
    root, site = preview
    newcomer = (root / PERSON).read_text(encoding="utf-8").replace("ahmed-farouk", "zoe-newcomer")
    newcomer = newcomer.replace("Ahmed Farouk", "Zoe Newcomer")
    (root / "goals/people/billing/zoe-newcomer.yaml").write_text(newcomer, encoding="utf-8")
    served, _ = _rebuild(site)
    assert "cascade/people/zoe-newcomer/index.html" in served
    _same_site(served, _full_build(root, tmp_path, "newcomer"))

    # a hand-written page's title is in the nav of every page that has the site-wide nav (the pages in the
    # nav; goal, person and play pages have a sidebar of their own)
    page = root / "playbook/self-assessment.md"
    text = page.read_text(encoding="utf-8")
    assert "Culture self-assessment" in text and "Zanzibar" not in text
    page.write_text(text.replace("Culture self-assessment", "Zanzibar self-check"), encoding="utf-8")
    served, _ = _rebuild(site)
    assert "Zanzibar self-check" in served["index.html"].decode()
    _same_site(served, _full_build(root, tmp_path, "playbook"))


def test_after_a_failed_build_the_next_one_is_a_full_builds_site(tmp_path, monkeypatch):
    monkeypatch.setenv(TODAY_ENV, TODAY)
    root = with_hooks(copy_repo(tmp_path / "repo"),
                      "from pathlib import Path\n"
                      "def on_post_build(config, **kwargs):\n"
                      f"    if Path({str(tmp_path / 'fail')!r}).exists():\n"
                      "        raise RuntimeError('this build fails at its end')\n")
    site = PreviewSite(root / "mkdocs.yml", site_dir=tmp_path / "served")
    try:
        site.build(site.config)
        person = root / PERSON
        good = person.read_text(encoding="utf-8")
        _edit(person, "title: Clear the refund backlog", "title: Clear the Zanzibar refund backlog")
        (tmp_path / "fail").touch()
        with pytest.raises(RuntimeError):
            site.build()
        (tmp_path / "fail").unlink()
        person.write_text(good, encoding="utf-8")  # the edit undone: its page is what it was
        served, _ = _rebuild(site)
        assert "Zanzibar" not in served["cascade/people/ahmed-farouk/index.html"].decode()
        _same_site(served, _full_build(root, tmp_path, "full"))
    finally:
        site.close()


def test_in_team_mode_a_saved_person_rebuilds_their_departments_page_and_the_site_is_a_full_builds(tmp_path,
                                                                                                 monkeypatch):
    """people_pages: team: the person's goals are on their department's page, which is rebuilt; the other
    departments' pages are not, and no page of their own appears."""
    monkeypatch.setenv(TODAY_ENV, TODAY)
    root = copy_repo(tmp_path / "repo")
    yml = root / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    text, n = re.subn(r"^(\s+)on_error: (\w+)", r"\1on_error: \2\n\1people_pages: team", text, count=1, flags=re.M)
    assert n == 1
    yml.write_text(text, encoding="utf-8")
    site = PreviewSite(yml, site_dir=tmp_path / "served")
    try:
        site.build(site.config)
        _edit(root / PERSON, "title: Clear the refund backlog", "title: Clear the Zanzibar refund backlog")
        served, written = _rebuild(site)
        pages = {rel for rel in written if rel.endswith("index.html")}
        assert "cascade/departments/billing/index.html" in pages  # ahmed-farouk's department
        assert "Zanzibar" in served["cascade/departments/billing/index.html"].decode()
        assert "cascade/departments/contact-centre-home/index.html" not in written  # another department's
        assert not [rel for rel in served if rel.startswith("cascade/people/") and rel != "cascade/people/index.html"]
        assert len(pages) < 10, sorted(pages)
        index = json.loads(served["search/search_index.json"])
        assert any("Zanzibar" in entry["title"] + entry["text"] for entry in index["docs"])
        _same_site(served, _full_build(root, tmp_path, "full"))
    finally:
        site.close()


def _pages_written(written: set[str]) -> set[str]:
    return {rel for rel in written if rel.endswith("index.html")}


def test_a_corporate_goal_a_goal_added_and_removed_a_person_renamed_and_moved(preview, tmp_path):
    """Each step's served site is a full build's; the pages made again are those the edit reaches (site/reach.py)."""
    root, site = preview
    all_pages = len(_pages_written(set(_files(site.site_dir))))

    _edit(root / "goals/corporate.yaml", "title: Solve customers' problems the first time they contact us",
          "title: Solve Zanzibar problems the first time they contact us")
    served, written = _rebuild(site)
    reaching = [rel for rel in _pages_written(written) if rel.startswith("cascade/people/")]
    assert len(reaching) > 5 and all("Zanzibar" in served[rel].decode() for rel in reaching)  # lines of sight
    _same_site(served, _full_build(root, tmp_path, "corporate"))

    person = root / PERSON
    added = ("  - id: ahmed-farouk-zanzibar\n    title: A Zanzibar goal\n    supports: [bill-refunds-on-time]\n"
             "    owner: ahmed-farouk\n    period: 2027-H1\n")
    _edit(person, "goals:\n", "goals:\n" + added)
    served, written = _rebuild(site)
    assert "A Zanzibar goal" in served["cascade/people/ahmed-farouk/index.html"].decode()
    assert OTHER_PAGE not in written and len(_pages_written(written)) < all_pages // 2
    _same_site(served, _full_build(root, tmp_path, "added"))
    _edit(person, added, "")
    served, written = _rebuild(site)
    assert "A Zanzibar goal" not in served["cascade/people/ahmed-farouk/index.html"].decode()
    _same_site(served, _full_build(root, tmp_path, "removed"))

    _edit(person, "name: Ahmed Farouk", "name: Zanzibar Farouk")
    served, written = _rebuild(site)
    assert "Zanzibar Farouk" in served["cascade/people/joanna-kowalska/index.html"].decode()  # a teammate's nav
    assert OTHER_PAGE not in written
    _same_site(served, _full_build(root, tmp_path, "renamed"))

    _edit(person, "department: billing", "department: it")
    served, written = _rebuild(site)
    assert "Zanzibar Farouk" in served["cascade/departments/it/index.html"].decode()
    assert "Zanzibar Farouk" not in served["cascade/departments/billing/index.html"].decode()
    _same_site(served, _full_build(root, tmp_path, "moved"))


def test_a_key_results_current_rolls_up_to_its_parents_status(tmp_path, monkeypatch):
    """The small organisation (tests/fixtures/valid-org) in the sample's site: a team goal's status comes from
    one person's key result."""
    monkeypatch.setenv(TODAY_ENV, TODAY)
    root = copy_repo(tmp_path / "repo")
    import shutil

    shutil.rmtree(root / "goals")
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures/valid-org/goals", root / "goals")
    site = PreviewSite(root / "mkdocs.yml", site_dir=tmp_path / "served")
    try:
        site.build(site.config)
        team = "cascade/departments/ops-team/index.html"
        before = _files(site.site_dir)[team][1].decode()
        _edit(root / "goals/people/bob.yaml", "current: 8.5", "current: 8")
        served, written = _rebuild(site)
        after = served[team].decode()
        assert before.count("tn-status--on-track") < after.count("tn-status--on-track")  # Call back every ... case
        assert team in written and "cascade/corporate/corp-people/index.html" not in written
        _same_site(served, _full_build(root, tmp_path, "rolled-up"))
    finally:
        site.close()


def test_a_period_moved_and_a_score_changed_give_a_full_builds_site(preview, tmp_path):
    """The view after a save is made from the last one (site/view_update.py) and the reviews of the periods
    are taken from the last build's where they can: a goal moved to another period (out of one review, into
    another's count) and then a key result's current value changed (its score in the year's review) still
    serve a full build's site."""
    root, site = preview
    person = root / PERSON
    _edit(person, "period: 2027-H1", "period: 2027")
    served, written = _rebuild(site)
    assert OTHER_PAGE not in written
    _same_site(served, _full_build(root, tmp_path, "moved-period"))

    text = person.read_text(encoding="utf-8")
    person.write_text(re.sub(r"(?m)^(        current: ).*$", r"\g<1>1", text, count=1), encoding="utf-8")
    served, written = _rebuild(site)
    assert "cascade/reviews/2027/index.html" in written and OTHER_PAGE not in written
    _same_site(served, _full_build(root, tmp_path, "scored"))
