"""The sample site under ProperDocs (the maintained continuation of MkDocs 1.x, run from the same venv as MkDocs:
it aliases `mkdocs.*` to its own modules only inside its own process, and reads plugins from the
`mkdocs.plugins` entry points, so the truenorth plugin and Material run unchanged) is MkDocs' own site.

Every page and file is compared with the session's MkDocs build of the sample. The one line that differs is
the page head's `<meta name="generator">`, which names the builder ("mkdocs-1.6.1, ..." against
"mkdocs-ProperDocs 1.6.7, ..."); it is removed from both before comparing. Nothing else is normalised.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site_build.helpers import REPO_ROOT, TODAY, site_text

pytestmark = pytest.mark.site

GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def _properdocs() -> str:
    found = shutil.which("properdocs", path=os.path.dirname(sys.executable)) or shutil.which("properdocs")
    if not found:
        pytest.skip("ProperDocs is not installed (pip install properdocs; the test extras have it)")
    return found


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("properdocs") / "site"
    env = {**os.environ, "TRUENORTH_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1",
           "TRUENORTH_CACHE_DIR": str(site.parent / "cache")}
    done = subprocess.run([_properdocs(), "build", "--strict", "-f", str(REPO_ROOT / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, timeout=600, env=env, cwd=site.parent)
    assert done.returncode == 0, done.stderr[-4000:]
    return site


def test_properdocs_builds_the_sample_as_mkdocs_does(properdocs_site, sample_site):
    ours = dict(site_text(sample_site))
    theirs = dict(site_text(properdocs_site))
    assert sorted(theirs) == sorted(ours)
    pages = [name for name in ours if name.endswith(".html")]
    assert len([name for name in pages if name.startswith("cascade/people/")]) >= 50  # every person's page
    assert [name for name in pages if name.startswith("cascade/corporate/")]  # and the goals'
    differing = [name for name in ours if ours[name] != theirs[name]]
    assert all(name.endswith(".html") for name in differing)
    generators = {GENERATOR.search(theirs[name]).group(0) for name in differing}
    assert generators and all("ProperDocs" in g for g in generators)  # the builder's name, as the docstring says
    assert [name for name in differing if GENERATOR.sub("", ours[name]) != GENERATOR.sub("", theirs[name])] == []
    binary = sorted(p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*") if p.is_file())
    assert binary == sorted(p.relative_to(properdocs_site).as_posix() for p in properdocs_site.rglob("*") if p.is_file())
