"""`mkdocs serve` must rebuild when a goals file changes: the plugin asks the server to watch goals/."""

from __future__ import annotations

from mkdocs.config import load_config as load_mkdocs_config

from tests.conftest import REPO_ROOT
from truenorth.mkdocs_plugin import TruenorthPlugin


class RecordingServer:
    def __init__(self):
        self.watched = []

    def watch(self, path, *args, **kwargs):
        self.watched.append(path)


def test_serve_watches_the_goals_folder_and_the_settings():
    config = load_mkdocs_config(str(REPO_ROOT / "mkdocs.yml"))
    plugin = config.plugins["truenorth"]
    assert isinstance(plugin, TruenorthPlugin)
    plugin.on_config(config)
    server = RecordingServer()
    assert plugin.on_serve(server, config=config, builder=lambda: None) is server
    assert str((REPO_ROOT / "goals").resolve()) in server.watched
    assert str((REPO_ROOT / "pyproject.toml").resolve()) in server.watched
