"""The MkDocs adapter: the only package that imports mkdocs, markdown or jinja2.

* plugin.py: the `truenorth` MkDocs plugin (entry point `truenorth.mkdocs_plugin:TruenorthPlugin`),
  on MkDocs' public API: plugin events, `File.generated`, typed config.
* build.py: running MkDocs for `truenorth build` and `serve` (config file, log, errors).
* serve.py, incremental.py: `truenorth serve`, whose rebuilds after a save build only the pages whose
  Markdown changed (MkDocs' dirty build, on public API) and serve the site a full build makes.
* html_stash.py: raw HTML of the generated pages kept out of Markdown and search (public API only).
* speedups/: each optional shortcut that needs a private MkDocs, Markdown or Jinja name, one a
  module, each switched in mkdocs.yml (`speedups:` of the plugin), each checking itself at run time
  against the plain path and switching itself off at a difference.

Importing this package imports no MkDocs: the plugin class is loaded when it is asked for (the
command line imports build.py, which imports MkDocs only when a build runs).
"""

from __future__ import annotations


def __getattr__(name: str):
    if name in ("TruenorthPlugin", "TruenorthPluginConfig"):
        from truenorth.mkdocs_plugin import plugin

        return getattr(plugin, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["TruenorthPlugin", "TruenorthPluginConfig"]
