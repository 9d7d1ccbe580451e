"""truenorth's one git layer: every git question any command asks goes through here.

It imports nothing else of truenorth (the bottom layer in pyproject.toml's import contracts). New
code runs git only through it (analysis/staleness.py's single `git log`, older, still runs its own).

    from truenorth.git import Commit, GitError, Repository

    repo = Repository.discover(path)        # the work tree holding path (git rev-parse --show-toplevel)
    repo.root                               # its top folder (a Path)
    repo.relative(path)                     # a path as the repository names it: "goals/people/ana.yaml"
    repo.resolve("v1.2")                    # the full sha of a revision
    repo.default_base()                     # merge base with origin/HEAD, main or master; else HEAD~1
    repo.show("HEAD~3", "pyproject.toml")   # a file's bytes at a revision, None if it was not there
    with repo.tree_at("v1.2", ["pyproject.toml", "goals"]) as folder:
        ...                                 # a temporary folder holding those paths as they were then
    repo.files_at("v1.2", ["goals"])        # [(mode, blob sha, path)] of the files there
    with repo.tree_of(entries) as folder:   # tree_at for entries files_at listed
        repo.update_tree(folder, entries, repo.files_at("v1.3", ["goals"]))   # now v1.3's files: only
                                            # what differs is written; returns the paths that differ
    repo.log(paths=["goals"], since=date(2027, 1, 1), rev="HEAD")   # [Commit], newest first
    repo.versions("goals")                  # {path: [(Commit, blob sha or None if deleted)]}, newest
                                            # first, for every file, from ONE git log process
    repo.read_blobs(shas)                   # {sha: bytes} through ONE git cat-file --batch process

Paths in and out are relative to `repo.root` and '/'-separated (non-UTF-8 names decoded as the file
system does, os.fsdecode). A Commit has `sha`, `short`, `author`, `email`, `date` (authored) and
`committed`, both timezone-aware datetimes, `subject`, and `paths` (the files it changed, among
those asked about). Renames are a deletion plus an addition; merge commits change no paths.

Every failure is a GitError whose message is one line a person can act on ("git is not installed",
"not inside a git repository: DIR", "unknown revision 'x': ..."); commands print it and exit 2.

Modules: runner (the one private runner: no shell, LC_ALL=C, GIT_TERMINAL_PROMPT=0, literal
pathspecs, core.quotepath=off, stderr -> GitError), repo (Repository), log (Commit, parsing `git log
-z --raw`), blobs (`git cat-file --batch`), tree (writing a revision's files into a folder safely).
"""

from truenorth.git.log import Commit
from truenorth.git.repo import Repository
from truenorth.git.runner import GitError

__all__ = ["Commit", "GitError", "Repository"]
