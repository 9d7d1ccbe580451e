"""Property (issue 18, item 4): whichever file of the valid organisation cannot be parsed, wherever the
damage is, every finding is in that file; and the note counts as many locations as it says."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import assume, given, strategies as st

from tests.conftest import VALID_ORG
from truenorth.check import run_check
from truenorth.config import load_config

FILES = sorted(p.relative_to(VALID_ORG).as_posix() for p in (VALID_ORG / "goals").rglob("*.yaml"))
DAMAGE = ["key: [unclosed", "\tkey: tab", "  - x\n y: {", "a: b: c", "!!python/object:os.system x"]
UNPARSED = {"TN001", "TN002", "TN003", "TN004", "TN005", "TN006"}


@given(rel=st.sampled_from(FILES), damage=st.sampled_from(DAMAGE), where=st.floats(0, 1))
def test_every_finding_is_in_the_file_that_cannot_be_read(rel, damage, where):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "org"
        shutil.copytree(VALID_ORG, root)
        path = root / rel
        lines = path.read_text(encoding="utf-8").splitlines()
        at = int(where * len(lines))
        path.write_text("\n".join([*lines[:at], damage, *lines[at:]]) + "\n", encoding="utf-8")
        result = run_check(load_config(root))
    assume(any(f.code in UNPARSED for f in result.findings))
    assert {f.location.path for f in result.findings} == {rel}, [str(f.location) + " " + f.code for f in result.findings]
    for finding in result.findings:
        said = re.search(r"their (\d+) findings|its (\d+) finding", finding.message)
        if said:
            assert int(said.group(1) or said.group(2)) == len(finding.related)
