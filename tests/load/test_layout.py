"""Which files are goals files, and in which order: the cache's fingerprint and the loader rely on it."""

from __future__ import annotations

import os

from truenorth.load import layout


def test_files_come_in_the_order_of_their_path_parts_with_their_stats(tmp_path):
    goals = tmp_path / "goals"
    names = ["vision.yaml", "corporate.yaml", "a.yaml", "a-b/x.yaml", "a/z.yaml", "a/b/c.yml", "a.b/y.yaml",
             "people/Zed.yaml", "people/ann.yaml", "people/team-1/bob.yaml", "people/team/carl.yaml",
             "people/team.yaml", "ünï/x.yaml", ".hidden/x.yaml", "people/.draft.yaml", "notes.txt", "people/x.md"]
    for name in names:
        (goals / name).parent.mkdir(parents=True, exist_ok=True)
        (goals / name).write_text(f"# {name}\n")
    (goals / "linked").symlink_to(goals / "a", target_is_directory=True)  # not followed
    (goals / "people" / "link.yaml").symlink_to(goals / "a.yaml")  # a link to a file is a file

    paths = layout.goal_file_paths(goals)
    expected = sorted([n for n in names if n.endswith((".yaml", ".yml")) and "/." not in "/" + n]
                      + ["people/link.yaml"], key=lambda rel: rel.split("/"))
    assert paths == expected
    stats = layout.goal_file_stats(goals)
    assert [rel for rel, _ in stats] == paths
    for rel, signature in stats:
        st = os.stat(goals / rel)
        assert signature == (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
