"""The edit engine: change goals files as a person would, and never write a change that breaks the cascade.

Every command that writes goals files (new, link, unlink, retire, rename, checkin, close, plan, import,
init) goes through here. Built on ruamel.yaml's round-trip mode (document.py): comments, key order,
quoting, flow lists, folded text (`>-`), dates, blank lines and the first-line
`# yaml-language-server: $schema=...` modeline survive; the file's own indentation is kept, long lines
are never re-wrapped, and an edit's diff shows only the lines it changes. Loading and dumping any file
of the sample organisation without a change gives the same bytes (tests/edit/test_round_trip.py); an
unchanged document is never rewritten whatever the dumper would make of it.

API (paths are as the check shows them: relative to the repository root, "goals/corporate.yaml"):

    from truenorth.edit import ChangeSet, EditError, EditRefused

    changes = ChangeSet(root)                    # root: the repository root; config=Config to pass settings;
                                                 # use_cache=False not to use the check's cache
    result = changes.before()                    # CheckResult of the repository as it is (org, graph, findings):
                                                 # loads the organisation (through the check cache)
    doc, goal = changes.goal("corp-x")           # the YamlDocument holding a goal, and its item (CommentedMap);
                                                 # found from the check cache's links index when there is one
                                                 # (checked in the file; else from before()), no load needed
    doc = changes.open("goals/corporate.yaml")   # any goals file (read once per change set)
    doc.data                                     # its content: CommentedMap/CommentedSeq, change them like dict/list
    doc.goals(create=False) / doc.goal(id)       # the `goals` list / one goal item (None when absent)
    doc.append_goal(new_map(("id", ...), ...))   # a goal at the end, after a blank line if the goals are spaced
    doc = changes.create("goals/people/it/ana.yaml", data)   # a new file, headed by its schema modeline
    changes.modeline(path)                       # that modeline's text for a path
    changes.changed() / rendered() / diff()      # documents that would change / path -> bytes / unified diff
    changes.changed_paths()                      # every path written: the documents, and a generated
                                                 # schemas/ids.schema.json that verify() found the change
                                                 # makes out of date (written with it, TN150 dropped)
    verdict = changes.verify()                   # check the organisation as it would be, or EditRefused:
                                                 # Verdict.new_errors ([]), .new_warnings, .before_findings,
                                                 # .after (CheckResult; None when no rule can see the change),
                                                 # .before (= changes.before(), loaded when asked for)
    changes.apply(dry_run=False, force=False)    # verify, then write each changed file atomically
    changes.write(force=False)                   # write without verifying (a caller that verified itself)

    new_map(*pairs, **items), flow_list(values)  # new content: ordered mapping; `[a, b]` on one line
    item.insert(position, key, value)            # a new key at a place (CommentedMap), e.g. `status` after `period`
    item.yaml_add_eol_comment("# why", key)      # a comment at the end of a key's line

Values: assign a datetime.date for a date (`updated: 2027-05-20`; a str "2027-05-20" would be written
quoted, unlike the dates around it), an int for a year period (2027) and a str for 2027-H1; numbers as
int or float. New strings are quoted only when YAML needs it.
    write_atomic(file, data, mode=None)          # one file: temp file in its folder, fsync, os.replace, mode kept
    write_new_files(root, {path: bytes|str}, force=False)   # a set of new files (init): FilesExist names every
                                                 # one that exists, nothing written

Checking (verify.py): the changed files are overlaid on the repository through the loader's KnownFiles
protocol (load/organisation.py): the check's cache supplies every other file's record, so nothing is
copied and only the changed files are parsed; the rules then run on the whole organisation as it would
be. The findings before the change are the check cache's report when it was made for the files as they
are (as `check` would answer); a change whose every file keeps the rule view on record (records.rule_view:
a key result's current value, a title, a description) cannot change a finding, and no check runs at all.
At 10,000 people (scripts/synth_org.py) a `link` costs about what `check` after an edit does (one load of
the organisation from the cache, every rule); an edit no rule sees, a third of a second.
Its error findings are compared with those of the check before the change (by code, file and message,
not line, which an edit moves): a new one refuses the change; errors that were there before do not stop
an unrelated edit. New warnings are returned in the Verdict and do not stop it.

Writing (writing.py): all files are checked before any is written: a file whose bytes differ from those
read raises FileChanged (exit 2, naming it), a new file that exists raises FilesExist (exit 2, naming
every one) unless forced. Each file is written to a hidden temporary file in its own folder, fsynced and
renamed over the target with os.replace, keeping its mode; should a later write of the set fail, those
already written get their old bytes back.

Errors (errors.py), each with `exit_code` and a one-line `message` (unescaped: escape when printing):

    EditError       exit 2: usage or I/O (the base class)
    NotEditable     exit 2: a file that cannot be read or parsed (file:line:col), an unknown id
    FileChanged     exit 2: `.path` changed since it was read
    FilesExist      exit 2: `.paths` exist already
    EditRefused     exit 1: `.findings` (the new errors) and `.report` (a Report of them, for
                    truenorth.report.text.render_text: printed as the check prints findings)
"""

from truenorth.edit.changeset import ChangeSet, Verdict
from truenorth.edit.document import CommentedMap, CommentedSeq, YamlDocument, flow_list, new_map
from truenorth.edit.errors import EditError, EditRefused, FileChanged, FilesExist, NotEditable
from truenorth.edit.writing import write_atomic, write_new_files

__all__ = ["ChangeSet", "CommentedMap", "CommentedSeq", "EditError", "EditRefused", "FileChanged", "FilesExist",
           "NotEditable", "Verdict", "YamlDocument", "flow_list", "new_map", "write_atomic", "write_new_files"]
