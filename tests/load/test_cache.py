"""The content-keyed cache: reused only when nothing it depends on changed, and never changes an answer."""

from __future__ import annotations

import marshal

import os

import pytest
from click.testing import CliRunner

from tests.conftest import FAILING
from truenorth.cache import fingerprint as prints
from truenorth.cache import answer as quick_answer
from truenorth.cache import cache_root
from truenorth.cache.store import CheckCache
from truenorth.check import run_check
from truenorth.cli import cli
from truenorth.config import load_config
from truenorth.load import organisation


def found(result):
    return [(f.code, str(f.location), f.message, tuple(map(str, f.related))) for f in result.findings]


def cached_check(root):
    cache = CheckCache.open(root)
    return run_check(load_config(root), cache=cache), cache


def test_nothing_changed_answers_from_the_cache_with_the_same_findings(org_factory):
    root = org_factory(FAILING / "tn102-dangling-reference")
    first, _ = cached_check(root)
    assert first.findings
    key, report = CheckCache.open(root).cached_report()
    assert report is not None
    assert report.findings == first.findings and report.summary == first.summary


def test_one_changed_file_is_the_only_file_parsed_and_findings_stay_exact(org_factory):
    root = org_factory(FAILING / "tn102-dangling-reference")
    cached_check(root)
    person = root / "goals/people/ann.yaml"
    person.write_text(person.read_text().replace("supports: [ops-coaching]", "supports: [ops-coachin]"))
    cache = CheckCache.open(root)
    assert cache.cached_report().report is None
    loaded = organisation.load_organisation(root, cache=cache)
    assert loaded.parsed == 1 and loaded.files > 5
    again = run_check(load_config(root), cache=CheckCache.open(root))
    fresh = run_check(load_config(root))  # no cache at all
    assert found(again) == found(fresh)
    assert any("ops-coachin" in f.message for f in fresh.findings)


def test_an_edit_that_keeps_size_and_modification_time_is_still_seen(org_factory):
    """The racily-clean case: same size, same mtime (edited within one clock tick of the last check)."""
    root = org_factory()
    assert not cached_check(root)[0].findings
    person = root / "goals/people/ann.yaml"
    before = os.stat(person)
    text = person.read_text()
    person.write_text(text.replace("owner: ann", "owner: anx"))  # same length
    os.utime(person, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(person).st_size == before.st_size
    again, _ = cached_check(root)
    assert [f.code for f in again.findings] == ["TN107"]  # unknown owner


def test_an_old_unchanged_file_is_not_read_again(org_factory, monkeypatch):
    root = org_factory()
    cached_check(root)
    # Pretend the last run happened long after every file was written: their stat data can be trusted.
    cache = CheckCache.open(root)
    cache.recorded_at += 3600
    read = []
    real = prints._hash_file
    monkeypatch.setattr(prints, "_hash_file", lambda path: read.append(path) or real(path))
    key, report = cache.cached_report()
    assert report is not None and read == []


def test_changed_settings_do_not_reuse_the_report(org_factory):
    root = org_factory(FAILING / "tn102-dangling-reference")
    first, _ = cached_check(root)
    assert any(f.code == "TN102" for f in first.findings)
    (root / "pyproject.toml").write_text('[tool.truenorth.severity]\nTN102 = "off"\n')
    assert CheckCache.open(root).cached_report().report is None
    second, _ = cached_check(root)
    assert not any(f.code == "TN102" for f in second.findings)


def test_a_damaged_cache_is_ignored(org_factory):
    root = org_factory(FAILING / "tn102-dangling-reference")
    first, cache = cached_check(root)
    for name in ("run.marshal", "files.chunks"):
        (cache.folder / name).write_bytes(b"\x00garbage" * 10)
    again, _ = cached_check(root)
    assert found(again) == found(first)
    (cache.folder / "run.marshal").write_bytes(b"")
    chunks = (cache.folder / "files.chunks").read_bytes()
    (cache.folder / "files.chunks").write_bytes(chunks[: len(chunks) // 2])  # cut off mid-chunk
    assert found(cached_check(root)[0]) == found(first)
    assert sorted(p.name for p in cache.folder.iterdir()) == ["files.chunks", "report.marshal", "run.marshal"]  # no temporary left


def test_the_cache_lives_outside_the_repository(org_factory):
    root = org_factory()
    _, cache = cached_check(root)
    assert cache.folder.is_relative_to(cache_root())
    assert not cache.folder.is_relative_to(root)
    assert (cache.folder / "run.marshal").is_file()


def test_cli_check_twice_prints_the_same_and_exits_the_same(org_factory):
    root = org_factory(FAILING / "tn102-dangling-reference")
    runner = CliRunner()
    first = runner.invoke(cli, ["check", "--root", str(root)])
    second = runner.invoke(cli, ["check", "--root", str(root)])
    uncached = runner.invoke(cli, ["check", "--root", str(root), "--no-cache"])
    assert first.exit_code == second.exit_code == uncached.exit_code == 1
    assert first.output == second.output == uncached.output
    assert "TN102" in first.output


def use_worker_processes(monkeypatch) -> list[int]:
    """Worker processes even for a small folder (chunks of 2 files), even if a test left a thread running;
    returns the list that records each pool's size."""
    monkeypatch.setattr(organisation, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(organisation, "CHUNK_FILES", 2)
    monkeypatch.setattr(organisation, "can_fork", lambda: True)
    pools: list[int] = []
    import concurrent.futures

    real = concurrent.futures.ProcessPoolExecutor

    def pool(max_workers, **kwargs):
        pools.append(max_workers)
        return real(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", pool)  # the loader imports it when needed
    return pools


@pytest.mark.parametrize("case", ["tn104-duplicate-id", "tn001-invalid-yaml", "tn008-misspelt-key", "tn103-cycle"])
def test_worker_processes_give_the_same_result_as_one_process(org_factory, monkeypatch, case):
    root = org_factory(FAILING / case)
    serial = organisation.load_organisation(root, jobs=1)
    pools = use_worker_processes(monkeypatch)
    parallel = organisation.load_organisation(root, jobs=2)
    assert pools == [2]
    assert parallel.org == serial.org
    assert parallel.findings == serial.findings and parallel.duplicates == serial.duplicates
    assert parallel.invalid_goal_ids == serial.invalid_goal_ids
    assert found(run_check(load_config(root), jobs=2)) == found(run_check(load_config(root), jobs=1))


@pytest.mark.parametrize("jobs", [1, 2])
def test_cached_chunks_survive_edits_and_deletions(org_factory, monkeypatch, jobs):
    use_worker_processes(monkeypatch)
    root = org_factory(FAILING / "tn102-dangling-reference")

    def load():
        cache = CheckCache.open(root)
        cache.fingerprint()
        loaded = organisation.load_organisation(root, cache=cache, jobs=jobs)
        result = run_check(load_config(root), cache=cache, jobs=jobs)
        return loaded, result

    first, _ = load()
    assert first.parsed == first.files
    ann = root / "goals/people/ann.yaml"
    ann.write_text(ann.read_text() + "# an edit\n")
    (root / "goals/people/bob.yaml").unlink()
    second, result = load()
    assert second.parsed == 1 and second.files == first.files - 1
    third, again = load()
    assert third.parsed == 0
    assert found(again) == found(result) == found(run_check(load_config(root)))


def test_nothing_changed_path_imports_no_parser_validator_or_graph_library(org_factory):
    """The point of the nothing-changed path is to be instant: it must not even import them."""
    import subprocess
    import sys

    root = org_factory(FAILING / "tn102-dangling-reference")
    code = (
        "import os, sys\n"
        "leave = os._exit  # check ends with os._exit (no teardown): say what was imported just before\n"
        "os._exit = lambda code: (print('HEAVY', sorted(m for m in ('yaml', 'jsonschema', 'networkx', 'mkdocs')"
        " if m in sys.modules), flush=True), leave(code))\n"
        "from truenorth.cli import entry\n"
        f"sys.argv = ['truenorth', 'check', '--root', {str(root)!r}]\n"
        "entry()\n"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True) for _ in range(2)]
    assert [r.returncode for r in runs] == [1, 1]
    reports = [r.stdout.rsplit("HEAVY", 1) for r in runs]
    assert "networkx" in reports[0][1]  # the first run did the work (PyYAML too, where the accelerator is not built)
    assert reports[1][1].strip() == "[]"  # the second answered from the cache alone
    assert reports[0][0] == reports[1][0] and "TN102" in reports[0][0]  # with the same report


def test_worker_processes_are_not_forked_beside_other_threads(org_factory, monkeypatch):
    import threading

    monkeypatch.setattr(organisation, "PARALLEL_MIN_FILES", 1)
    started = threading.Event()
    stop = threading.Event()
    thread = threading.Thread(target=lambda: (started.set(), stop.wait(10)))
    thread.start()
    try:
        started.wait(5)
        assert not organisation.can_fork()
        assert organisation.load_organisation(org_factory(), jobs=2).files == 8  # read in this process
    finally:
        stop.set()
        thread.join()


def test_progress_counts_every_file_with_workers_and_with_the_cache(org_factory, monkeypatch):
    root = org_factory()
    use_worker_processes(monkeypatch)
    ticks: list[int] = []
    cache = CheckCache.open(root)
    run_check(load_config(root), progress=ticks.append, cache=cache, jobs=2)
    assert sum(ticks) == 8 and len(ticks) > 1  # chunk by chunk, as workers finish
    (root / "goals/people/ann.yaml").write_text((root / "goals/people/ann.yaml").read_text() + "# edit\n")
    ticks.clear()
    run_check(load_config(root), progress=ticks.append, cache=CheckCache.open(root), jobs=2)
    assert sum(ticks) == 8  # cached files counted at once, the edited one when read


def test_a_change_to_truenorth_itself_does_not_reuse_the_report(org_factory, monkeypatch):
    from truenorth.cache import store as cache_module

    root = org_factory(FAILING / "tn102-dangling-reference")
    cached_check(root)
    assert CheckCache.open(root).cached_report().report is not None
    monkeypatch.setattr(cache_module, "_code_digest", lambda: "a rule was edited")
    assert CheckCache.open(root).cached_report().report is None


def _answer(root, variant="json"):
    from truenorth import cache as check_cache

    return check_cache.replay(str(root), variant).answer


def test_the_recorded_answer_is_replayed_only_for_the_same_inputs_and_files(org_factory, monkeypatch):
    root = org_factory(FAILING / "tn102-dangling-reference")
    result, cache = cached_check(root)
    assert _answer(root) is None  # nothing printed yet, so nothing to replay
    cache.remember_answer("json", "the printed report", 1)
    assert _answer(root) == ("the printed report", 1) and _answer(root, "text") is None
    # anything the environment is made of changes: settings, plays, schemas, truenorth's code, files
    (root / "pyproject.toml").write_text("[tool.truenorth]\nmax_goals_per_person = 9\n", encoding="utf-8")
    assert _answer(root) is None
    (root / "pyproject.toml").unlink()
    assert _answer(root) == ("the printed report", 1)
    (root / "playbook" / "plays").mkdir(parents=True, exist_ok=True)
    (root / "playbook" / "plays" / "new-play.md").write_text("# New\n", encoding="utf-8")
    assert _answer(root) is None
    (root / "playbook" / "plays" / "new-play.md").unlink()
    assert _answer(root) == ("the printed report", 1)
    real = prints._files_signature
    monkeypatch.setattr(prints, "_files_signature", lambda folder, suffix: real(folder, suffix) + [("x", 1, 2)])
    assert _answer(root) is None
    monkeypatch.setattr(prints, "_files_signature", real)
    person = sorted((root / "goals" / "people").rglob("*.yaml"))[0]
    person.write_text(person.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    from truenorth import cache as check_cache

    replayed = check_cache.replay(str(root), "json")
    assert replayed.answer is None and replayed.walked is not None  # the fingerprint is kept for the full check
    resumed = check_cache.resume(replayed.walked)
    assert resumed.key == replayed.walked.key and resumed.cached_report().report is None  # which goes on from it


def test_no_answer_is_remembered_for_a_report_that_could_not_be_recorded(org_factory, monkeypatch):
    root = org_factory()
    real = CheckCache._write
    monkeypatch.setattr(CheckCache, "_write", lambda self, name, value: False if name == "run" else real(self, name, value))
    result, cache = cached_check(root)
    cache.remember_answer("json", "the printed report", 0)
    assert not (cache.folder / "answer.marshal").exists() and _answer(root) is None


def test_a_run_that_reuses_the_report_writes_its_edits_beside_the_run_record(org_factory):
    """run-edits: a progress update writes the changed files' state (kilobytes), not the whole record;
    it is read merged into the record it was made on, and never into another."""
    root = org_factory()
    first, _ = cached_check(root)
    cache = CheckCache.open(root)
    run_file, edits_file = cache.folder / "run.marshal", cache.folder / "run-edits.marshal"
    recorded = run_file.read_bytes()
    bob = root / "goals/people/bob.yaml"
    bob.write_text(bob.read_text(encoding="utf-8").replace("current: 8.5", "current: 8.6"), encoding="utf-8")
    cache.fingerprint()
    assert cache.report_after_unseen_edits() is not None  # a progress update: the report stands
    assert run_file.read_bytes() == recorded and edits_file.exists()
    edits = quick_answer.read(str(cache.folder), "run-edits")
    assert list(edits["stats"]) == ["people/bob.yaml"]  # the one file whose state changed
    again = CheckCache.open(root)
    assert again.stats["people/bob.yaml"][4] == cache.digests["people/bob.yaml"]
    key, report = again.cached_report()
    assert report is not None and report.findings == first.findings  # nothing changed since, from the merge
    # a full check writes the record whole; the edits made on the old one are gone, and ignored if put back
    stale = edits_file.read_bytes()
    bob.write_text(bob.read_text(encoding="utf-8").replace("current: 8.6", "current: 8.7") + "# moved\n",
                   encoding="utf-8")
    cached_check(root)
    assert not edits_file.exists() and run_file.read_bytes() != recorded
    edits_file.write_bytes(stale)
    merged = quick_answer.read_run(str(cache.folder))
    assert merged["stats"] == quick_answer.read(str(cache.folder), "run")["stats"]
    assert merged["report_key"] == quick_answer.read(str(cache.folder), "run")["report_key"]


def test_a_cache_file_larger_than_a_goals_file_may_be_is_still_read(tmp_path):
    """The cache's own cap on a whole file (1 GiB) is not the goals files' 5 MiB: a run record passes
    5 MiB at about 25,000 people, and must still be read (and read by its size, not by the cap)."""
    value = {"stats": "x" * (6 * 1024 * 1024)}
    (tmp_path / "run.marshal").write_bytes(quick_answer.pack(value))
    assert quick_answer.read(str(tmp_path), "run") == value


@pytest.mark.parametrize("damage", [
    lambda f: (*f[:4], (f[4][0], "one", f[4][2]), *f[5:]),  # a line that is no number
    lambda f: (*f[:4], (f[4][0],), f[5], [("x.yaml", 1, "2")]),  # a related place's column
    lambda f: (f[0], 7, *f[2:]),  # a name that is no text
    lambda f: f[:6],  # a part missing
    lambda f: (*f[:2], "fatal", *f[3:]),  # a severity there is none of
])
def test_a_recorded_report_of_another_shape_is_not_used(org_factory, damage):
    """A recorded report whose findings are not of the shape this version writes (a foreign or damaged record that
    passed its checksum): its report is not used, whichever step would use it, and the check answers as
    without cache, with no traceback."""
    root = org_factory(FAILING / "tn102-dangling-reference")
    first, cache = cached_check(root)
    stored = quick_answer.read(str(cache.folder), "report")
    summary, findings = stored["report"]
    stored["report"] = (summary, [damage(findings[0]), *findings[1:]])
    (cache.folder / "report.marshal").write_bytes(quick_answer.pack(stored))
    (cache.folder / "answer.marshal").unlink(missing_ok=True)
    assert CheckCache.open(root).cached_report().report is None
    result = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json"])
    fresh = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json", "--no-cache"])
    assert (result.exit_code, result.output) == (fresh.exit_code, fresh.output) == (1, result.output)
    assert found(cached_check(root)[0]) == found(first)


def test_the_report_file_of_another_run_is_not_used(org_factory):
    """The report is a file of its own, named by the run record (its id): put back the report file of an
    earlier run, and the check does not print that report; written before the run record, so a run
    record never names a report file that is not there yet."""
    root = org_factory()
    first, cache = cached_check(root)
    earlier = (cache.folder / "report.marshal").read_bytes()
    bob = root / "goals/people/bob.yaml"
    bob.write_text(bob.read_text(encoding="utf-8").replace("period: 2027-Q1", "period: 2028"), encoding="utf-8")
    second, _ = cached_check(root)
    assert found(second) != found(first)  # (a TN113 warning now)
    (cache.folder / "report.marshal").write_bytes(earlier)
    (cache.folder / "answer.marshal").unlink(missing_ok=True)
    assert CheckCache.open(root).cached_report().report is None
    result = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json"])
    fresh = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json", "--no-cache"])
    assert (result.exit_code, result.output) == (fresh.exit_code, fresh.output)
    assert '"TN113"' in result.output
