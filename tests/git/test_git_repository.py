"""truenorth.git on repositories the tests make: revisions, logs, file histories, blobs, trees at a revision."""

from __future__ import annotations

import datetime as _dt
import os

import pytest

from tests.git.helpers import GitRepo
from truenorth.git import Commit, GitError, Repository

UTC = _dt.timezone.utc


@pytest.fixture
def repo(tmp_path):
    return GitRepo(tmp_path / "repo")


def test_discover_finds_the_top_from_a_subfolder_and_names_paths_relative_to_it(repo):
    repo.commit("first", {"goals/people/ana.yaml": "a\n"})
    found = Repository.discover(repo.root / "goals" / "people")
    assert found.root.resolve() == repo.root.resolve()
    assert found.relative(repo.root / "goals" / "people" / "ana.yaml") == "goals/people/ana.yaml"
    assert found.relative(repo.root) == ""


def test_outside_a_repository_is_a_one_line_git_error(tmp_path):
    outside = tmp_path / "plain"
    outside.mkdir()
    with pytest.raises(GitError) as caught:
        Repository.discover(outside)
    assert str(caught.value) == f"not inside a git repository: {outside}"
    with pytest.raises(GitError, match="no such folder"):
        Repository.discover(tmp_path / "missing")


def test_git_missing_from_the_path_says_so(repo, monkeypatch):
    repo.commit("first", {"a": "1"})
    monkeypatch.setenv("PATH", str(repo.root / "no-bin-here"))
    with pytest.raises(GitError, match="^git is not installed"):
        Repository(repo.root).resolve("HEAD")


def test_resolve_gives_the_full_sha_and_refuses_unknown_revisions_without_taking_them_as_options(repo):
    first = repo.commit("first", {"a": "1"})
    repo.git("tag", "v1")
    repo.commit("second", {"a": "2"})
    git = Repository.discover(repo.root)
    assert git.resolve("v1") == first
    assert git.resolve("HEAD~1") == first
    assert len(git.resolve("HEAD")) == 40
    for bad in ("nope", "--output=/tmp/x", "HEAD~5", ""):
        with pytest.raises(GitError) as caught:
            git.resolve(bad)
        assert f"unknown revision {bad!r}" in str(caught.value)
        assert "\n" not in str(caught.value)
    assert not (repo.root / "--output=").exists()


def test_default_base_is_the_merge_base_with_main_on_a_branch(repo):
    base = repo.commit("on main", {"a": "1"})
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("on the branch", {"a": "2"})
    repo.commit("again", {"a": "3"})
    repo.git("checkout", "-q", "main")
    repo.commit("main moves on", {"b": "1"}, date="2027-01-05T09:00:00+00:00")
    repo.git("checkout", "-q", "feature")
    assert Repository.discover(repo.root).default_base() == base


def test_default_base_follows_origin_head_first(repo):
    first = repo.commit("first", {"a": "1"})
    repo.git("branch", "-m", "main", "work")
    repo.git("update-ref", "refs/remotes/origin/trunk", first)
    repo.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk")
    repo.commit("second", {"a": "2"})
    repo.commit("third", {"a": "3"})
    assert Repository.discover(repo.root).default_base() == first


def test_default_base_without_a_default_branch_is_the_parent_then_an_error(repo):
    with pytest.raises(GitError, match="has no commits yet"):
        Repository.discover(repo.root).default_base()
    repo.git("checkout", "-q", "-b", "work")
    only = repo.commit("first", {"a": "1"})
    git = Repository.discover(repo.root)
    with pytest.raises(GitError, match="no base to compare with"):
        git.default_base()
    repo.commit("second", {"a": "2"})
    assert git.default_base() == only


def test_log_lists_commits_newest_first_with_authors_aware_dates_subjects_and_paths(repo):
    repo.commit("Set up goals", {"goals/vision.yaml": "v\n", "README": "r"}, date="2027-01-04T09:00:00+01:00")
    repo.commit("Raise the target\n\nbecause", {"goals/people/ana lima.yaml": "x\n"},
                date="2027-02-01T10:30:00+00:00", author="Bo Chen", email="bo@example.org")
    repo.commit("Docs only", {"README": "r2"}, date="2027-03-01T08:00:00+00:00")
    git = Repository.discover(repo.root)
    everything = git.log()
    assert [c.subject for c in everything] == ["Docs only", "Raise the target", "Set up goals"]
    assert everything[2].date == _dt.datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
    assert everything[2].date.utcoffset() == _dt.timedelta(hours=1)
    assert everything[1].author == "Bo Chen" and everything[1].email == "bo@example.org"
    assert everything[1].short == everything[1].sha[:7] and len(everything[1].sha) == 40
    assert everything[0].committed == _dt.datetime(2027, 3, 1, 8, 0, tzinfo=UTC)

    goals = git.log(paths=["goals"])
    assert [c.subject for c in goals] == ["Raise the target", "Set up goals"]
    assert goals[0].paths == ("goals/people/ana lima.yaml",)
    assert goals[1].paths == ("goals/vision.yaml",)
    assert [c.subject for c in git.log(paths=["goals"], since=_dt.date(2027, 1, 5))] == ["Raise the target"]
    assert [c.subject for c in git.log(since=_dt.datetime(2027, 2, 1, 10, 30, tzinfo=UTC))] == [
        "Docs only", "Raise the target"]
    assert [c.subject for c in git.log(rev="HEAD~1")] == ["Raise the target", "Set up goals"]
    assert all(isinstance(c, Commit) for c in everything)


def test_versions_gives_every_files_history_from_one_log_with_renames_deletions_spaces_and_non_ascii(repo):
    names = ["goals/people/zoë o'neil.yaml", "goals/people/with space.yaml", "goals/people/日本.yaml"]
    one = repo.commit("one", {names[0]: "target: 80\n", names[1]: "a\n", names[2]: "n1\n", "other/x": "x"})
    two = repo.commit("two", {names[0]: "target: 75\n", names[2]: "n2\n"}, date="2027-02-01T00:00:00+00:00")
    three = repo.commit("move and delete", {"goals/people/renamed.yaml": "a\n"}, remove=(names[1],),
                        date="2027-03-01T00:00:00+00:00")
    git = Repository.discover(repo.root)
    history = git.versions("goals")
    assert set(history) == {*names, "goals/people/renamed.yaml"}
    assert [c.sha for c, _ in history[names[0]]] == [two, one]
    blobs = git.read_blobs(blob for c, blob in history[names[0]])
    assert [blobs[blob] for _, blob in history[names[0]]] == [b"target: 75\n", b"target: 80\n"]
    deleted = history[names[1]]
    assert [(c.sha, blob is None) for c, blob in deleted] == [(three, True), (one, False)]
    assert [c.sha for c, _ in history["goals/people/renamed.yaml"]] == [three]
    assert history[names[2]][0][0].paths == (names[0], names[2])  # the files the commit changed, in goals
    assert git.versions(["goals/people/日本.yaml"], rev=one)[names[2]][0][0].sha == one
    assert "other/x" not in history


def test_a_merge_lists_no_paths_and_the_merged_commits_theirs(repo):
    repo.commit("base", {"goals/a.yaml": "1\n"})
    repo.git("checkout", "-q", "-b", "side")
    side = repo.commit("side edit", {"goals/b.yaml": "1\n"})
    repo.git("checkout", "-q", "main")
    repo.commit("main edit", {"goals/a.yaml": "2\n"}, date="2027-01-05T00:00:00+00:00")
    repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side", date="2027-01-06T00:00:00+00:00")
    git = Repository.discover(repo.root)
    merge = git.log()[0]
    assert merge.subject == "merge side" and merge.paths == ()
    assert [c.sha for c, _ in git.versions("goals")["goals/b.yaml"]] == [side]


def test_read_blobs_leaves_out_unknown_ids_and_refuses_what_is_not_an_id(repo):
    repo.commit("one", {"a": "alpha", "empty": ""})
    git = Repository.discover(repo.root)
    entries = {path: blob for _, blob, path in git.files_at("HEAD", ["a", "empty"])}
    found = git.read_blobs([entries["a"], entries["empty"], "0" * 40])
    assert found == {entries["a"]: b"alpha", entries["empty"]: b""}
    with pytest.raises(GitError, match="not a blob id"):
        git.read_blobs(["HEAD\nmain"])


def test_show_gives_a_files_bytes_at_a_revision_or_none(repo):
    first = repo.commit("one", {"goals/a b.yaml": "old\n", "pyproject.toml": "x"})
    repo.commit("two", {"goals/a b.yaml": "new\n"}, remove=("pyproject.toml",))
    git = Repository.discover(repo.root)
    assert git.show(first, "goals/a b.yaml") == b"old\n"
    assert git.show("HEAD", "goals/a b.yaml") == b"new\n"
    assert git.show("HEAD", "pyproject.toml") is None
    assert git.show("HEAD", "goals") is None
    with pytest.raises(GitError, match="unknown revision 'nope'"):
        git.show("nope", "goals/a b.yaml")


def test_tree_at_holds_the_paths_as_they_were_and_is_removed_afterwards(repo):
    first = repo.commit("one", {"goals/vision.yaml": "v1\n", "goals/people/zoë x.yaml": "z\n",
                                "goals/link.yaml": "", "playbook/plays/a.md": "# A\n", "secret.txt": "no"})
    (repo.root / "goals" / "link.yaml").unlink()
    os.symlink("vision.yaml", repo.root / "goals" / "link.yaml")
    repo.commit("two", {"goals/vision.yaml": "v2\n"}, remove=("goals/people",))
    git = Repository.discover(repo.root)
    with git.tree_at(first, ["goals", "pyproject.toml", "playbook/plays"]) as folder:
        assert (folder / "goals" / "vision.yaml").read_text() == "v1\n"
        assert (folder / "goals" / "people" / "zoë x.yaml").read_text() == "z\n"
        assert (folder / "playbook" / "plays" / "a.md").is_file()
        assert not (folder / "secret.txt").exists() and not (folder / "pyproject.toml").exists()
        assert (folder / "goals" / "link.yaml").is_file() and not (folder / "goals" / "link.yaml").is_symlink()
    assert not folder.exists()
    with git.tree_at("HEAD", ["goals"]) as folder:
        assert (folder / "goals" / "vision.yaml").read_text() == "v2\n"
        assert not (folder / "goals" / "people").exists()
        assert os.readlink(folder / "goals" / "link.yaml") == "vision.yaml"


def test_tree_at_refuses_paths_that_lead_out_and_unknown_revisions(repo):
    repo.commit("one", {"a": "1"})
    git = Repository.discover(repo.root)
    for bad in ("../a", "/etc", "goals/../../x"):
        with pytest.raises(GitError, match="unsafe path"):
            with git.tree_at("HEAD", [bad]):
                pass
    with pytest.raises(GitError, match="unknown revision"):
        with git.tree_at("v9", ["a"]):
            pass


def test_update_tree_turns_one_revisions_folder_into_the_next_writing_only_what_differs(repo):
    one = repo.commit("one", {"goals/a.yaml": "a1\n", "goals/b.yaml": "b\n", "goals/gone.yaml": "g\n"})
    two = repo.commit("two", {"goals/a.yaml": "a2\n", "goals/new dir/n.yaml": "n\n"}, remove=("goals/gone.yaml",))
    git = Repository.discover(repo.root)
    first = git.files_at(one, ["goals"])
    with git.tree_of(first) as folder:
        untouched = (folder / "goals" / "b.yaml").stat().st_ino
        changed = git.update_tree(folder, first, git.files_at(two, ["goals"]))
        assert changed == {"goals/a.yaml", "goals/gone.yaml", "goals/new dir/n.yaml"}
        assert (folder / "goals" / "a.yaml").read_text() == "a2\n"
        assert not (folder / "goals" / "gone.yaml").exists()
        assert (folder / "goals" / "new dir" / "n.yaml").read_text() == "n\n"
        assert (folder / "goals" / "b.yaml").stat().st_ino == untouched
    assert not folder.exists()
