"""The console script's quick path (cli/quick.py): a check the use case answers short of the full check is
answered before click loads, exactly as the `check` command answers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FAILING
from truenorth.cli import quick
from truenorth.report import REPORTERS


def test_it_takes_only_check_with_root_format_and_quiet():
    assert quick.parse_check(["check"]) == (".", "text")
    assert quick.parse_check(["check", "--root", "a b", "-q", "--format", "json"]) == ("a b", "json")
    assert quick.parse_check(["check", "--root=x", "--quiet", "--format=github"]) == ("x", "github")
    for declined in (["trace", "x"], [], ["--version"], ["check", "--no-cache"], ["check", "-j", "2"],
                     ["check", "--jobs=2"], ["check", "--format", "xml"], ["check", "--root"], ["check", "--root="],
                     ["check", "-qv"], ["check", "--help"], ["check", "--", "x"], ["check", "extra"],
                     ["check", "--format"], ["check", "--form", "json"]):
        assert quick.parse_check(declined) is None, declined
    for fmt in REPORTERS:  # every format `check` offers
        assert quick.parse_check(["check", "--format", fmt]) == (".", fmt)
    from truenorth.report import FROM_REPOSITORY_TOP

    assert set(quick._FROM_REPOSITORY_TOP) == FROM_REPOSITORY_TOP  # (written out: the quick path imports no reporter)


def _check(root: Path, *args: str, env: dict, importtime: bool = False):
    """`python -m truenorth check` (the console script's path); (exit code, stdout, imported more than
    the quick path needs: click, the full cache with its dataclasses and TOML parser, or OpenSSL's hashes?)."""
    flags = ["-X", "importtime"] if importtime else []
    done = subprocess.run([sys.executable, *flags, "-m", "truenorth", "check", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=120)
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    return (done.returncode, done.stdout,
            bool({"click", "truenorth.cache.store", "dataclasses", "tomllib", "hashlib"} & set(imported)),
            "click" in imported)


@pytest.mark.parametrize("fixture", [None, "tn102-dangling-reference", "tn106-skipped-level"])
def test_nothing_changed_is_answered_without_click_and_as_the_full_check_answers(org_factory, tmp_path, fixture):
    root = org_factory(FAILING / fixture if fixture else None)
    env = {**os.environ, "TRUENORTH_CACHE_DIR": str(tmp_path / "cache")}
    for fmt in ("text", "json", "github"):
        full = _check(root, "--format", fmt, "--no-cache", env=env)
        assert full[2] is False  # (importtime off: nothing recorded)
        first = _check(root, "--format", fmt, "-q", env=env, importtime=True)
        again = _check(root, "--format", fmt, "-q", env=env, importtime=True)
        assert first[:2] == again[:2] == full[:2], fmt
        assert again[2] is False, f"{fmt}: the quick path did not answer"
        if fmt != "text":  # the report on record, not yet printed this way: answered without click too
            assert first[3] is False, fmt
    assert first[0] == (1 if fixture == "tn102-dangling-reference" else 0)


def test_a_changed_file_goes_to_the_full_check_which_reuses_the_quick_fingerprint(org_factory, tmp_path):
    root = org_factory()
    env = {**os.environ, "TRUENORTH_CACHE_DIR": str(tmp_path / "cache")}
    assert _check(root, env=env)[0] == 0
    person = sorted((root / "goals" / "people").rglob("*.yaml"))[0]
    person.write_text(person.read_text(encoding="utf-8").replace("supports:", "supports:\n      - not a link", 1),
                      encoding="utf-8")  # TN008: a link is a mapping
    # count the folder walks of that run: one, by the quick path, whose fingerprint the full check takes over
    driver = ("import os, sys\n"
              "from truenorth.load import files\n"
              "walks = []\n"
              "real = files.goal_file_stats\n"
              "def counted(*args, **kwargs):\n"
              "    walks.append(1)\n"
              "    return real(*args, **kwargs)\n"
              "files.goal_file_stats = counted\n"
              "real_exit = os._exit\n"
              "def leave(code):\n"
              "    sys.stderr.write(f'walks={len(walks)} click={\"click\" in sys.modules}\\n'); sys.stderr.flush()\n"
              "    real_exit(code)\n"
              "os._exit = leave\n"
              "sys.argv = ['truenorth', 'check', '--root', sys.argv[1], '--format', 'json']\n"
              "from truenorth.cli import entry\n"
              "entry()\n")
    done = subprocess.run([sys.executable, "-c", driver, str(root)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.stderr.strip().splitlines()[-1] == "walks=1 click=True"
    full = _check(root, "--format", "json", "--no-cache", env=env)
    assert (done.returncode, done.stdout) == full[:2] and done.returncode == 1 and '"TN008"' in done.stdout


def _checked_org_and_person_with(org_factory, tmp_path, key: str):
    """(root, env, a person file holding `key`), once a check has recorded the organisation."""
    import time

    root = org_factory()
    env = {**os.environ, "TRUENORTH_CACHE_DIR": str(tmp_path / "cache")}
    person = next(p for p in sorted((root / "goals" / "people").rglob("*.yaml")) if key in p.read_text())
    time.sleep(2.1)  # older than the cache's racy window, as files in a repository are
    assert _check(root, env=env)[0] == 0
    return root, env, person


def test_a_progress_update_is_answered_without_click_as_the_full_check_answers(org_factory, tmp_path):
    import re

    root, env, person = _checked_org_and_person_with(org_factory, tmp_path, "current:")
    person.write_text(re.sub(r"current: (\d+)", r"current: \g<1>1", person.read_text(encoding="utf-8"), count=1),
                      encoding="utf-8")  # a key result's current value: no rule reads it
    updated = _check(root, env=env, importtime=True)
    assert updated[3] is False  # answered before click loaded
    assert updated[:2] == _check(root, "--no-cache", env=env)[:2]
    again = _check(root, env=env, importtime=True)
    assert again[:2] == updated[:2] and again[2] is False  # and then recorded as the answer


def test_a_period_edit_is_answered_without_click_as_the_full_check_answers(org_factory, tmp_path):
    import re

    root, env, person = _checked_org_and_person_with(org_factory, tmp_path, "period:")
    person.write_text(re.sub(r"period: \S+", "period: 2031", person.read_text(encoding="utf-8"), count=1),
                      encoding="utf-8")  # now past its parent's end: a TN113 warning
    edited = _check(root, "--format", "json", env=env, importtime=True)
    assert edited[3] is False and '"TN113"' in edited[1]  # answered before click loaded
    assert edited[:2] == _check(root, "--format", "json", "--no-cache", env=env)[:2]


def test_the_cache_digests_are_sha1s():
    import hashlib

    from truenorth.load.digest import sha1

    for data in (b"", b"abc", "goals/people/ana.yaml\u00e9".encode(), bytes(range(256)) * 300):
        assert sha1(data).hexdigest() == hashlib.sha1(data).hexdigest()
    running = sha1()
    running.update(b"a")
    running.update(b"bc")
    assert running.hexdigest() == hashlib.sha1(b"abc").hexdigest()


def test_a_file_digest_is_the_same_before_and_after_a_process_switches_to_reading_many():
    """files.digest_many swaps Python's own SHA-1 for OpenSSL's: the cache's digests must not change with it."""
    import subprocess
    import sys

    script = ("import hashlib\n"
              "from truenorth.load import files\n"
              "data = [b'', b'abc', bytes(range(256)) * 300, 'title: caf\\u00e9'.encode()]\n"
              "before = [files.content_digest(d) for d in data]\n"
              "files.digest_many()\n"
              "after = [files.content_digest(d) for d in data]\n"
              "assert before == after == [hashlib.sha1(d).hexdigest() for d in data], (before, after)\n"
              "print('same')\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout == "same\n", run.stderr


def test_a_period_edit_that_leaves_a_check_in_outside_is_answered_as_the_full_check_answers(org_factory, tmp_path):
    """TN130 (check-in dates inside the goal's own period) is re-run on the edited goals by the period path."""
    root, env, person = _checked_org_and_person_with(org_factory, tmp_path, "period:")
    env["TRUENORTH_TODAY"] = "2027-05-15"  # (the check-in is not in the future)
    text = person.read_text(encoding="utf-8")
    assert "period: 2027-Q1" in text and "- metric: aht" in text
    person.write_text(text.replace("      - metric: aht\n", "      - metric: aht\n        check_ins:\n"
                                   "          - {date: 2027-02-01, value: 8.6}\n", 1), encoding="utf-8")
    assert _check(root, env=env)[0] == 0  # (a full check records it)
    import time

    time.sleep(2.1)
    person.write_text(person.read_text(encoding="utf-8").replace("period: 2027-Q1", "period: 2027-Q2", 1),
                      encoding="utf-8")  # the check-in of February is now outside the goal's period
    edited = _check(root, "--format", "json", env=env, importtime=True)
    assert edited[3] is False and '"TN130"' in edited[1]  # answered before click loaded
    assert edited[:2] == _check(root, "--format", "json", "--no-cache", env=env)[:2]
