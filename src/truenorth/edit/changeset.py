"""A change set: documents opened and changed together, checked as a whole before any is written."""

from __future__ import annotations

import difflib
import posixpath
from pathlib import Path, PurePosixPath

from truenorth.config import Config, ConfigError, load_config
from truenorth.edit.document import CommentedMap, YamlDocument
from truenorth.edit.errors import EditError, EditRefused, FilesExist, NotEditable
from truenorth.edit.verify import Overlay, new_findings
from truenorth.edit.writing import write_files
from truenorth.findings import CheckResult, Finding, Report, Severity, Summary
from truenorth.load import layout
from truenorth.report.escape import terminal

__all__ = ["ChangeSet", "Verdict"]

SCHEMA_OF_KIND = {"vision": "vision", "corporate": "corporate", "metrics": "metrics", "department": "department",
                  "person": "person"}


class Verdict:
    """What `ChangeSet.verify` found: the findings the change brings (new warnings do not stop a change;
    new errors do, raising EditRefused instead), and the check of the organisation as it would be
    (`after`: None when the change is one no rule can see, such as a key result's current value: the
    findings are then those before it, and no check ran). `before` is the check before the change
    (ChangeSet.before(), loaded when first asked for); `before_findings` its findings."""

    __slots__ = ("_changes", "after", "new_errors", "new_warnings", "before_findings")

    def __init__(self, changes: "ChangeSet", after: CheckResult | None, new_errors: list[Finding],
                 new_warnings: list[Finding], before_findings: list[Finding]) -> None:
        self._changes, self.after = changes, after
        self.new_errors, self.new_warnings, self.before_findings = new_errors, new_warnings, before_findings

    @property
    def before(self) -> CheckResult:
        return self._changes.before()


class ChangeSet:
    """Documents of one repository, opened, changed and written together.

        changes = ChangeSet(root)                      # the repository root (load_config(root))
        org = changes.before().org                     # the check of the repository as it is now
        doc, goal = changes.goal("corp-solve-first-time")
        goal["supports"].append("vision")
        print(changes.diff())                          # unified diff of every file that would change
        changes.apply()                                # check, then write; EditRefused / FileChanged / ...

    Paths are as the check shows them, relative to the repository root: "goals/corporate.yaml".
    Nothing is written before `apply` (or `write`), and `apply` writes only when the organisation as it
    would be has no error finding it has not now.
    """

    def __init__(self, root: Path, config: Config | None = None, *, use_cache: bool = True) -> None:
        self.root = Path(root)
        if config is None:
            try:
                config = load_config(self.root)
            except ConfigError as exc:
                raise EditError(str(exc)) from None
        self.config = config
        self.use_cache = use_cache
        self._documents: dict[str, YamlDocument] = {}
        self._before: CheckResult | None = None
        self._before_report: Report | None = None
        self._report_current = False  # whether the cache's report was made for the files as they are
        self._cache = None  # the check cache; False when there is none
        self._index: dict[str, str | None] | None = None
        self._verdict: tuple[dict, Verdict] | None = None
        # files outside the goals folder that the change keeps in step: shown path -> (file, bytes read, new
        # bytes); today only the generated schemas/ids.schema.json, when the change adds, renames or drops an id
        self._companions: dict[str, tuple[Path, bytes | None, bytes]] = {}

    # -- where things are ----------------------------------------------------------------------
    @property
    def goals_dir(self) -> str:
        return PurePosixPath(self.config.goals_dir).as_posix()

    def _rel(self, path: str) -> str:
        """`path` (root-relative) relative to the goals folder; NotEditable when it is not inside it."""
        pure = PurePosixPath(str(path).replace("\\", "/"))
        prefix = PurePosixPath(self.goals_dir)
        try:
            rel = pure.relative_to(prefix)
        except ValueError:
            raise NotEditable(f"{path}: not a file in the goals folder ({self.goals_dir}/)") from None
        if ".." in rel.parts or not rel.parts:
            raise NotEditable(f"{path}: not a file in the goals folder ({self.goals_dir}/)")
        return rel.as_posix()

    def file(self, path: str) -> Path:
        """The file on disk of a root-relative path."""
        return self.root / self.goals_dir / self._rel(path)

    def path_of(self, rel: str) -> str:
        """The root-relative path of a path relative to the goals folder."""
        return f"{self.goals_dir}/{rel}"

    def modeline(self, path: str, kind: str | None = None) -> str:
        """`yaml-language-server: $schema=...` for a file at `path` (its kind from its place, or `kind`),
        the schema path relative to the file as the sample writes it."""
        kind = kind or layout.kind_of(PurePosixPath(self._rel(path)))
        schema = f"schemas/{SCHEMA_OF_KIND[kind]}.schema.json"
        relative = posixpath.relpath(schema, posixpath.dirname(PurePosixPath(path).as_posix()) or ".")
        return f"yaml-language-server: $schema={relative}"

    # -- the organisation as it is -------------------------------------------------------------
    def _check_cache(self):
        """The check's cache (truenorth.cache), fingerprinted, or None (use_cache=False, or it cannot serve)."""
        if self._cache is None and self.use_cache:
            from truenorth import cache as check_cache

            if not self.config.goals_path.is_dir():
                raise NotEditable(f"no goals folder at {self.config.goals_path} (use --root to point at the repository)")
            try:
                cache = check_cache.open(self.root)
                if cache is not None and not cache.key:
                    cache.fingerprint()
            except OSError as exc:
                where = f" {exc.filename}" if exc.filename else ""
                raise NotEditable(f"cannot read{where}: {exc.strerror or exc}") from None
            self._cache = cache if cache is not None else False
        return self._cache or None

    def before(self) -> CheckResult:
        """The check of the repository as it is on disk (computed once; through the check's cache, which
        it brings up to date, unless use_cache=False). NotEditable when the goals folder cannot be read."""
        if self._before is None:
            from truenorth.check import run_check

            if not self.config.goals_path.is_dir():
                raise NotEditable(f"no goals folder at {self.config.goals_path} (use --root to point at the repository)")
            cache = self._check_cache()
            try:
                self._before = run_check(self.config, cache=cache, reuse_report=True)
            except OSError as exc:
                where = f" {exc.filename}" if exc.filename else ""
                raise NotEditable(f"cannot read{where}: {exc.strerror or exc}") from None
            self._before_report = Report(self._before.findings, self._before.summary)
        return self._before

    def _report_before(self) -> Report:
        """The findings before the change: the check cache's report when it was made for the files as they
        are (or brought up to date from it, as `check` would), else those of before()."""
        if self._before_report is None:
            cache = self._check_cache()
            if cache is not None:
                _key, report = cache.cached_report()
                self._report_current = report is not None
                if report is None:
                    from truenorth import cache as check_cache

                    found = check_cache.report_after_edits(cache, self.config)
                    report = found[1] if found is not None else None
                self._before_report = report
            if self._before_report is None:
                self.before()
        return self._before_report

    def _goal_index(self) -> dict[str, str | None]:
        """goal id -> the path of its file, from the check cache's links frames (read without the records),
        None for an id in two files; empty when there is no cache. A hint: `goal` checks it in the file."""
        if self._index is None:
            self._index = {}
            cache = self._check_cache()
            if cache is not None:
                from truenorth.cache.records import links_files

                for frame in cache.stored_links():
                    if frame is None:
                        self._index = {}
                        break
                    for rel, _view, ids, _periods, _links in links_files(frame):
                        for goal_id in ids or ():
                            self._index[goal_id] = None if goal_id in self._index else self.path_of(rel)
        return self._index

    def goal(self, goal_id: str) -> tuple[YamlDocument, CommentedMap]:
        """(the document, the goal's item in it) for a goal id; NotEditable when there is no such goal.
        Found from the check cache's index when it has one (no load of the organisation), else from before()."""
        if self._before is None:
            path = self._goal_index().get(goal_id)
            if path is not None and self.file(path).is_file():
                document = self.open(path)
                item = document.goal(goal_id)
                if item is not None:
                    return document, item
        org = self.before().org
        goal = org.goals.get(goal_id)
        if goal is None:
            raise NotEditable(f"no goal with the id {goal_id!r}" + _did_you_mean(goal_id, org.goals))
        document = self.open(goal.location.path)
        item = document.goal(goal_id)
        if item is None:  # (the file changed since the check read it)
            raise NotEditable(f"{goal.location.path}: the goal {goal_id!r} is no longer in the file")
        return document, item

    # -- documents -----------------------------------------------------------------------------
    def open(self, path: str) -> YamlDocument:
        """The document at `path` (root-relative), read once per change set."""
        rel = self._rel(path)
        shown = self.path_of(rel)
        document = self._documents.get(shown)
        if document is None:
            document = YamlDocument.read(shown, self.root / self.goals_dir / rel)
            self._documents[shown] = document
        return document

    def create(self, path: str, data: CommentedMap, kind: str | None = None, header: str | None = None) -> YamlDocument:
        """A new file at `path` holding `data`, headed by the schema modeline (or `header`: comment text).
        Written by `apply` only if the file still does not exist then (FilesExist otherwise)."""
        rel = self._rel(path)
        shown = self.path_of(rel)
        file = self.root / self.goals_dir / rel
        if shown in self._documents or file.exists() or file.is_symlink():
            raise FilesExist([shown])
        if kind is None and layout.kind_of(PurePosixPath(rel)) is None:
            raise NotEditable(f"{shown}: not a place truenorth reads goals from ({layout.PLACES})")
        document = YamlDocument.new(shown, file, data, self.modeline(shown, kind) if header is None else header)
        self._documents[shown] = document
        return document

    def documents(self) -> list[YamlDocument]:
        return list(self._documents.values())

    def changed(self) -> list[YamlDocument]:
        """The documents whose bytes would change (new files included), in the order they were opened."""
        return [d for d in self._documents.values() if d.changed]

    def rendered(self) -> dict[str, bytes]:
        """path -> the bytes that would be written, for every changed document."""
        return {d.path: d.render() for d in self.changed()}

    def changed_paths(self) -> list[str]:
        """The paths the change writes: the changed documents, then the files kept in step with them
        (schemas/ids.schema.json, known once `verify` has run)."""
        return [d.path for d in self.changed()] + list(self._companions)

    def diff(self) -> str:
        """The unified diff of every file the change set would write (`--dry-run`); each line's user text
        escaped for a terminal (report.escape.terminal), so no content can forge a line."""
        out = []
        writes = [(d.path, d.original, d.render()) for d in self.changed()]
        writes += [(path, original, data) for path, (_file, original, data) in self._companions.items()]
        for path, original, data in writes:
            before = "/dev/null" if original is None else f"a/{path}"
            for line in difflib.unified_diff(_lines(original), _lines(data), before, f"b/{path}", lineterm=""):
                out.append(terminal(line))
        return "\n".join(out) + ("\n" if out else "")

    # -- checking and writing ------------------------------------------------------------------
    def verify(self) -> Verdict:
        """Check the organisation as it would be after the change (the changed files overlaid on the
        repository) against the check before it. EditRefused when the change brings an error finding
        that was not there before; errors that were there before do not stop an unrelated change.

        The findings before come from the check cache's report when it was made for the files as they
        are; a change to what no rule reads (the rule view of every changed file as on record: a
        key result's current value, say) brings no finding, and no check runs (Verdict.after is None)."""
        rendered = self.rendered()
        if self._verdict is not None and self._verdict[0] == rendered:
            return self._verdict[1]
        self._companions = {}
        before = self._report_before()
        if not rendered:
            verdict = Verdict(self, self._before, [], [], before.findings)
        elif self._unseen(rendered):
            verdict = Verdict(self, None, [], [], before.findings)
        else:
            from truenorth.check import run_check

            changes = {self._rel(path): data for path, data in rendered.items()}
            cache = self._check_cache()
            overlay = Overlay(self.config.goals_path, self.goals_dir, changes, cache if cache is not None and cache.key else None)
            try:
                after = run_check(self.config, cache=overlay)
            except OSError as exc:
                where = f" {exc.filename}" if exc.filename else ""
                raise NotEditable(f"cannot read{where}: {exc.strerror or exc}") from None
            warnings = self._keep_ids_schema(after, new_findings(before.findings, after.findings, Severity.WARNING))
            verdict = Verdict(self, after, new_findings(before.findings, after.findings), warnings, before.findings)
        self._verdict = (rendered, verdict)
        if verdict.new_errors:
            errors = verdict.new_errors
            s = verdict.after.summary
            summary = Summary(s.files, s.goals, s.traced, len(errors), 0, s.standalone, s.skipped)
            raise EditRefused(errors, Report(errors, summary))
        return verdict

    def _keep_ids_schema(self, after: CheckResult, new_warnings: list[Finding]) -> list[Finding]:
        """When the change makes a generated schemas/ids.schema.json out of date (a new TN150: it listed the
        organisation's ids before the change), the file is written again with the change, so an editor keeps
        completing the ids and no warning follows; the new warnings without that TN150."""
        self._companions = {}
        stale = [f for f in new_warnings if f.code == "TN150"]
        if not stale or after.org is None:
            return new_warnings
        from truenorth.load.ids_schema import GENERATED, IDS_SCHEMA_PATH, ids_schema_text

        file = self.root / IDS_SCHEMA_PATH
        try:
            original = file.read_bytes()
        except OSError:
            return new_warnings
        if GENERATED.encode("utf-8") not in original:
            return new_warnings
        self._companions[PurePosixPath(IDS_SCHEMA_PATH).as_posix()] = (file, original,
                                                                       ids_schema_text(after.org).encode("utf-8"))
        return [f for f in new_warnings if f.code != "TN150"]

    def _unseen(self, rendered: dict[str, bytes]) -> bool:
        """Whether every changed file is one the cache's current report was made for, read as recorded, and
        its new content has the rule view on record (records.rule_view): then no finding can change."""
        cache = self._check_cache()
        if cache is None or not self._report_current or self._before_report is not cache.report:
            return False
        from truenorth.load.files import content_digest
        from truenorth.load.organisation import read_file
        from truenorth.load.records import encode_file

        for path, data in rendered.items():
            document = self._documents[path]
            rel = self._rel(path)
            recorded = cache.stats.get(rel)
            if (document.original is None or recorded is None or not recorded[-1]
                    or cache.digests.get(rel) != recorded[-2] or content_digest(document.original) != recorded[-2]):
                return False
            record = encode_file(read_file(data, PurePosixPath(rel), path))
            if cache.view_of(record) != recorded[-1]:
                return False
        return True

    def write(self, force: bool = False) -> list[str]:
        """Write every changed document, each atomically, without checking the organisation (`apply`
        checks first). FileChanged when a file's bytes changed since it was read; FilesExist when a new
        file exists (unless `force`). Returns the paths written."""
        writes = [(d.path, d.file, d.original, d.render()) for d in self.changed()]
        writes += [(path, file, original, data) for path, (file, original, data) in self._companions.items()]
        return write_files(writes, force=force)

    def apply(self, dry_run: bool = False, force: bool = False) -> Verdict:
        """verify(), then (unless `dry_run`) write(). Raises what they raise; nothing is written then."""
        verdict = self.verify()
        if not dry_run:
            self.write(force=force)
        return verdict


def _lines(data: bytes | None) -> list[str]:
    if not data:
        return []
    text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _did_you_mean(wanted: str, known) -> str:
    close = difflib.get_close_matches(wanted, list(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


