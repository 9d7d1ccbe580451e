"""Codes for problems found while reading files (TN001-TN012: reported by the loader, not by a graph rule).

They are plain data here, so that the loader needs nothing from the rules package; the rules' registry
(rules/loading.py) lists them beside the graph rules, for `truenorth rules`, severities and the docs.

Each code's documentation is in the same layout as a rule module's docstring (rules/docs.py), with
PASS and FAIL examples wherever the problem can be written as a file. A file with one of these
problems is left out of the organisation (a goal with a schema error is left out alone), so what
depends on it is not reported again by the graph rules.
"""

from __future__ import annotations

from typing import NamedTuple

from truenorth.findings import Severity


class Problem(NamedTuple):
    """One load-time code: the same fields as a rule (rules/base.Rule) but for the check, which the loader does."""

    code: str
    name: str
    severity: Severity
    summary: str
    hint: str = ""
    doc: str = ""


E = Severity.ERROR

_DAN_PASS = """\
PASS: a well-formed person file with one goal.

```yaml
# goals/people/dan.yaml
person:
  id: dan
  name: Dan Example
  department: ops-team
goals:
  - id: dan-callbacks
    title: Call back within the hour
    supports: [team-callbacks]
    owner: dan
```
"""

_PROBLEMS = [
    Problem("TN001", "invalid-yaml", E, "The file is not valid YAML (syntax, indentation, tabs).",
         "Check the indentation and punctuation near the line shown.", doc="""\
TN001 invalid-yaml: the file is not valid YAML.

The file cannot be parsed: a key indented differently from its neighbours, a tab used for
indentation (YAML allows spaces only), an unclosed bracket or quote, a `key: value` with no space
after the colon where a mapping was expected. The message gives the parser's reason at the line and
column where it gave up; the mistake is often on the line before. Nothing in the file is read.

FAIL: `department` is indented one space more than the keys beside it.

```yaml
# goals/people/dan.yaml
person:
  id: dan
  name: Dan Example
   department: ops-team
goals:
  - id: dan-callbacks
    title: Call back within the hour
    supports: [team-callbacks]
    owner: dan
```

FAIL: an unclosed bracket.

```yaml
# goals/people/dan.yaml
person:
  id: dan
  name: Dan Example
  department: ops-team
goals:
  - id: dan-callbacks
    title: Call back within the hour
    supports: [team-callbacks
    owner: dan
```

""" + _DAN_PASS),
    Problem("TN002", "not-utf8", E, "The file is not UTF-8 text, or its name (or its folder's) is not UTF-8.",
         "Save the file as UTF-8.", doc="""\
TN002 not-utf8: the file is not UTF-8 text, or its name (or its folder's) is not UTF-8.

Goals files are UTF-8, so that names and titles in any language read the same on every machine.
A file saved in another encoding (Windows-1252, Latin-1, UTF-16) has bytes that are not UTF-8; the
message gives the line and column of the first. Most editors can re-save a file as UTF-8.

This problem cannot be shown as a text example: it is in the bytes of the file, not in its text.
"""),
    Problem("TN003", "empty-file", E, "The file has no content.", "Remove the file or fill it in.", doc="""\
TN003 empty-file: the file has no content.

A goals file with nothing in it (or only comments) declares nothing: usually a file created and
never filled in, or one whose content was lost. Remove it, or fill it in.

FAIL: a person file with nothing in it.

```yaml
# goals/people/dan.yaml
```

""" + _DAN_PASS),
    Problem("TN004", "duplicate-key", E, "A key appears twice in one mapping; YAML would silently keep the last.",
         "Remove one of the two keys.", doc="""\
TN004 duplicate-key: a key appears twice in one mapping.

YAML parsers silently keep the last of two equal keys, so a goal written with two `title:` lines,
or two `supports:` lines, would quietly lose one of them. truenorth refuses the file instead and
points at the second key.

FAIL: the goal has two titles.

```yaml
# goals/people/dan.yaml
person:
  id: dan
  name: Dan Example
  department: ops-team
goals:
  - id: dan-callbacks
    title: Call back within the hour
    supports: [team-callbacks]
    owner: dan
    title: Call back the same day
```

""" + _DAN_PASS),
    Problem("TN005", "unsafe-tag", E, "A YAML tag such as !!python/object; goals files hold plain data only.",
         "Remove the tag.", doc="""\
TN005 unsafe-tag: a YAML tag (`!!python/object`, `!custom`...) in a goals file.

Goals files hold plain data: mappings, lists, text, numbers, dates. A tag asks the YAML reader to
build something else, which in some readers means running code. truenorth never does, and refuses
any file that has one, at the tag.

FAIL: a tag asking for a Python object.

```yaml
# goals/people/dan.yaml
person:
  id: dan
  name: !!python/object/apply:os.system ["echo hello"]
  department: ops-team
goals:
  - id: dan-callbacks
    title: Call back within the hour
    supports: [team-callbacks]
    owner: dan
```

""" + _DAN_PASS),
    Problem("TN006", "alias", E, "An alias to a list or mapping (*name), or a merge key (<<): it could expand without bound.",
         "Write the values out in full.", doc="""\
TN006 alias: an alias to a list or mapping (`&name` ... `*name`), or a merge key (`<<`).

Aliases let one part of a YAML file repeat another. They make files hard to read in review (the
value is somewhere else) and, nested, can expand to billions of values from a few lines. Goals
files write every list and mapping out in full. (An alias to a single value, such as a name, is
harmless and allowed.)

FAIL: the second goal reuses the first one's `supports` list through an alias.

```yaml
# goals/people/dan.yaml
person:
  id: dan
  name: Dan Example
  department: ops-team
goals:
  - id: dan-callbacks
    title: Call back within the hour
    supports: &up [team-callbacks]
    owner: dan
  - id: dan-notes
    title: Write up every callback
    supports: *up
    owner: dan
```

FAIL: a merge key.

```yaml
# goals/people/dan.yaml
person:
  id: dan
  name: Dan Example
  department: ops-team
goals:
  - &callbacks
    id: dan-callbacks
    title: Call back within the hour
    supports: [team-callbacks]
    owner: dan
  - <<: *callbacks
    id: dan-notes
    title: Write up every callback
```

""" + _DAN_PASS),
    Problem("TN007", "misplaced-file", E,
         "A YAML file where truenorth does not read goals, or of the wrong kind for its place.",
         "Move it to the folder for its kind.", doc="""\
TN007 misplaced-file: a YAML file where truenorth does not look, or of the wrong kind for its place.

The goals folder has a fixed layout: goals/vision.yaml, goals/corporate.yaml, goals/metrics.yaml,
one file per department in goals/departments/ and one per person in goals/people/ (sub-folders
allowed). A YAML file anywhere else would be silently ignored, and a person file in the
departments folder read as the wrong kind; both are refused, so nothing is lost without a word.

FAIL: a person file in a folder truenorth does not read.

```yaml
# goals/teams/dan.yaml
person:
  id: dan
  name: Dan Example
  department: ops-team
goals:
  - id: dan-callbacks
    title: Call back within the hour
    supports: [team-callbacks]
    owner: dan
```

""" + _DAN_PASS),
    Problem("TN008", "schema", E,
         "A value does not match the file's JSON Schema (missing or misspelt key, wrong type, bad id).",
         "See the schema named on the file's first line.", doc="""\
TN008 schema: a value does not match the file's JSON Schema.

Each kind of file has a JSON Schema in schemas/ (editors that know the `# yaml-language-server:`
line check as you type): which keys are allowed, which are required, their types, the form of ids
(lower case, digits and hyphens). A goal with a schema error is left out, alone (the rest of its
file is read), and no other rule reports what follows from its absence; a file whose header is
wrong is left out whole.

FAIL: a misspelt key (`suports`).

```yaml
# goals/people/dan.yaml
person:
  id: dan
  name: Dan Example
  department: ops-team
goals:
  - id: dan-callbacks
    title: Call back within the hour
    suports: [team-callbacks]
    owner: dan
```

FAIL: `supports` must be a list, even of one id.

```yaml
# goals/people/dan.yaml
person:
  id: dan
  name: Dan Example
  department: ops-team
goals:
  - id: dan-callbacks
    title: Call back within the hour
    supports: team-callbacks
    owner: dan
```

""" + _DAN_PASS),
    Problem("TN009", "file-name-mismatch", E, "A department or person file whose name is not its id.",
         "Rename the file to <id>.yaml.", doc="""\
TN009 file-name-mismatch: a department or person file whose name is not its id.

A person's id is the name of their file (goals/people/ana-ortiz.yaml holds `id: ana-ortiz`), and
the same for departments: that is how an owner, a head or a department is found, and how its page
on the site is named. A file whose id differs has two names, and people will use the wrong one.

FAIL: goals/people/dan.yaml says its id is `daniel`.

```yaml
# goals/people/dan.yaml
person:
  id: daniel
  name: Dan Example
  department: ops-team
goals:
  - id: dan-callbacks
    title: Call back within the hour
    supports: [team-callbacks]
    owner: daniel
```

""" + _DAN_PASS),
    Problem("TN010", "missing-vision", E, "There is no goals/vision.yaml.", "Create goals/vision.yaml.", doc="""\
TN010 missing-vision: there is no goals/vision.yaml.

Every goal traces up to one customer vision, written in goals/vision.yaml; without it no goal can
trace anywhere, so no other rule about the cascade is checked. See the goals file format page for
what the file holds.

This problem cannot be shown as a text example written over an organisation: it is the absence
of a file.
"""),
    Problem("TN011", "file-too-large", E, "A goals file larger than 5 MB (refused by its size, never read).", "Split it: one file per department or person.",
         doc="""\
TN011 file-too-large: a goals file larger than 5 MB.

Goals files are written by people, one per department or person, and are a few kilobytes. A file
over 5 MB is almost certainly not one (a generated export, a file pasted in by mistake), and
reading it would slow down every check; it is refused without being read.

This problem cannot be shown as a text example: an example would have to be 5 MB long.
"""),
    Problem("TN012", "refused-path", E, "Something in the goals folder that is not read: a link out of it or to nothing, "
         "a pipe, socket or device, a folder that cannot be read or is nested over 100 deep.",
         "Keep plain files and folders in the goals folder.", doc="""\
TN012 refused-path: something in the goals folder that truenorth does not read.

The goals folder holds plain files and folders. Anything else is named and left unread:
- a symbolic link that leads out of the goals folder (it could make the check, and the published
  site, read a file that was never reviewed as a goals file, such as a secret), to nothing, or in a
  loop; a link to a file inside the goals folder is read like the file itself;
- a named pipe, socket or device (reading one could wait forever);
- a folder that cannot be read, or one nested more than 100 folders deep.

This problem cannot be shown as a text example: it is in the folder's structure, not in a file's text.
"""),
]

PROBLEMS = {problem.code: problem for problem in _PROBLEMS}
