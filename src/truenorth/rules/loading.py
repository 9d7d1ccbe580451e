"""Codes for problems found while reading files (reported by the loader, not by a graph rule)."""

from __future__ import annotations

from truenorth.findings import Severity
from truenorth.rules.base import Rule

E = Severity.ERROR

_RULES = [
    Rule("TN001", "invalid-yaml", E, "The file is not valid YAML (syntax, indentation, tabs).",
         "Check the indentation and punctuation near the line shown."),
    Rule("TN002", "not-utf8", E, "The file is not UTF-8 text, or its name (or its folder's) is not UTF-8.",
         "Save the file as UTF-8."),
    Rule("TN003", "empty-file", E, "The file has no content.", "Remove the file or fill it in."),
    Rule("TN004", "duplicate-key", E, "A key appears twice in one mapping; YAML would silently keep the last.",
         "Remove one of the two keys."),
    Rule("TN005", "unsafe-tag", E, "A YAML tag such as !!python/object; goals files hold plain data only.",
         "Remove the tag."),
    Rule("TN006", "alias", E, "An alias or merge key (*name, <<) that could expand without bound.",
         "Write the values out in full."),
    Rule("TN007", "misplaced-file", E, "A YAML file where truenorth does not read goals, or of the wrong kind for its place.",
         "Move it to the folder for its kind."),
    Rule("TN008", "schema", E, "A value does not match the file's JSON Schema (missing or misspelt key, wrong type, bad id).",
         "See the schema named on the file's first line."),
    Rule("TN009", "file-name-mismatch", E, "A department or person file whose name is not its id.",
         "Rename the file to <id>.yaml."),
    Rule("TN010", "missing-vision", E, "There is no goals/vision.yaml.", "Create goals/vision.yaml."),
    Rule("TN011", "file-too-large", E, "A goals file larger than 5 MB (refused by its size, never read).",
         "Split it: one file per department or person."),
    Rule("TN012", "refused-path", E, "Something in the goals folder that is not read: a link out of it or to nothing, "
         "a pipe, socket or device, a folder that cannot be read or is nested over 100 deep.",
         "Keep plain files and folders in the goals folder."),
]

LOAD_RULES = {r.code: r for r in _RULES}
