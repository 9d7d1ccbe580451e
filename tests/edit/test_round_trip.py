"""Loading and dumping a goals file through the edit engine without a change gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FAILING, REPO_ROOT, VALID_ORG
from truenorth.edit import YamlDocument

SAMPLE = sorted((REPO_ROOT / "goals").rglob("*.yaml"))
FIXTURE_FILES = sorted([*(VALID_ORG / "goals").rglob("*.yaml"), *FAILING.glob("*/goals/**/*.yaml")])


@pytest.mark.parametrize("file", SAMPLE, ids=[p.relative_to(REPO_ROOT).as_posix() for p in SAMPLE])
def test_every_sample_file_dumps_to_the_same_bytes(file):
    document = YamlDocument.read(file.name, file)
    assert not document.changed
    # the dumper itself, not a cached copy of the input, reproduces the file byte for byte
    assert document.dump().encode() == file.read_bytes()


def test_the_sample_is_all_there():
    assert len(SAMPLE) >= 60


@pytest.mark.parametrize("file", FIXTURE_FILES, ids=[p.relative_to(REPO_ROOT).as_posix() for p in FIXTURE_FILES])
def test_fixture_files_dump_to_the_same_bytes_or_are_refused(file):
    """The fixtures include broken files: those the engine cannot parse are refused (NotEditable), and an
    empty file becomes an empty mapping (the only exception to the byte-for-byte round trip)."""
    from truenorth.edit import NotEditable

    try:
        document = YamlDocument.read(file.name, file)
    except NotEditable as exc:
        assert "cannot edit" in exc.message
        return
    raw = file.read_bytes()
    if not document.data:
        assert raw.strip() == b"" or all(line.startswith(b"#") for line in raw.strip().splitlines())
        return  # empty (or comments only): the one exception, an empty mapping to fill
    assert document.dump().encode() == raw
