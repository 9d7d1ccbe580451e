"""What an edit can fail with. Every error carries the exit code the command line gives it and a
one-line `message` (user text in it is not escaped here: the command line escapes what it prints)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from truenorth.findings import Finding, Report


class EditError(Exception):
    """An edit that cannot be made: a usage or I/O problem (exit 2), one line naming what."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotEditable(EditError):
    """A file the edit needs cannot be read or parsed (its place and the parser's words), or an id
    the edit names does not exist (exit 2)."""


class FileChanged(EditError):
    """A file changed on disk after the change set read it: nothing was written (exit 2)."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path} changed since it was read; nothing was written (run the command again)")
        self.path = path


class FilesExist(EditError):
    """New files would overwrite existing ones (without `force`): nothing was written (exit 2)."""

    def __init__(self, paths: list[str]) -> None:
        named = ", ".join(paths)
        super().__init__(f"{'this file already exists' if len(paths) == 1 else 'these files already exist'}: "
                         f"{named}; nothing was written")
        self.paths = list(paths)


class EditRefused(EditError):
    """The change would introduce error findings (a cycle, a wrong-direction link, a dangling or
    duplicate id, a schema error...): nothing was written (exit 1). `findings` are the new errors,
    located in the files as they would be; `report` is them with the summary of the organisation as
    it would be, for the check's reporters (truenorth.report.text.render_text)."""

    exit_code = 1

    def __init__(self, findings: list[Finding], report: Report) -> None:
        n = len(findings)
        super().__init__(f"the change would introduce {n} error{'s' if n != 1 else ''}; nothing was written")
        self.findings = findings
        self.report = report
