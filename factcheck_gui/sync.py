"""Sharing a library through git: init, clone, sync, conflicts and a claim's history.

The git command line does the transport (any remote git understands: a bare repository
on a shared drive, GitHub, GitLab, Gitea over ssh or https, with the user's own
credentials and configuration). Article files are merged claim by claim by
``core.merge``, registered as git's merge driver for ``articles/*.json``
(:func:`merge_file`, run as ``python -m factcheck_gui.merge_driver``), so a plain
``git pull`` merges the same way. What the library keeps for this computer only
(backups, trash, corrupt/, locks, the search index, settings) is listed in the
``.gitignore`` a sync writes.

A field changed to different values on both sides is a conflict: the merged file keeps
*mine*, and the conflict (with *theirs*) is kept in ``.git/factcheck-conflicts.json``
until it is settled (:func:`resolve`). That file is not committed: a conflict is the
decision of the person whose sync met it, and inside ``.git`` no remote can write it.
Meanwhile the file everyone pulls holds that person's value, so the sync also commits a
record of each such conflict (``conflicts/``, :class:`SharedConflict`) that the other
copies show (:func:`waiting_conflicts`) until the choice or a later change settles it.

Everything pulled is untrusted: every article file a merge changed is read through
``store.library.Library.open``; one that cannot be read is set aside (the last good
version is put back when there is one) and the sync goes on.

A sync never sends the deletion of a file this library set aside as unreadable (in
``corrupt/``): only an article deleted through the app (``Library.delete``, which keeps it
in ``trash/``) is committed as a deletion. A set-aside article file is put back as last
committed (:func:`_keep_set_aside_files`), or, when that version cannot be read either,
left out of the commit so the others keep it; :attr:`SyncResult.set_aside` says which.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from factcheck_gui.core.clock import utc_now
from factcheck_gui.core.editing import resolve_claim_id, settle_conflict
from factcheck_gui.core.errors import FactcheckError, NotFoundError, StaleConflictError, StoreError
from factcheck_gui.core.merge import Conflict, is_settled, merge_articles
from factcheck_gui.core.model import Article
from factcheck_gui.core.schema import article_from_dict, article_to_dict
from factcheck_gui.core.versions import changed_claims
from factcheck_gui.store.articlefile import dumps_article_utf8, loads_document
from factcheck_gui.store.atomic import atomic_write_bytes
from factcheck_gui.store.library import MAX_ARTICLE_FILE_BYTES, Library, _file_lock, check_article_id
from factcheck_gui.store.safefile import RefusedFileError, read_regular_file

__all__ = [
    "EXIT_CONFLICTS",
    "HistoryEntry",
    "SetAsideFile",
    "SharedConflict",
    "SyncError",
    "SyncResult",
    "SyncStatus",
    "claim_history",
    "clone",
    "init",
    "is_shared",
    "local_remote",
    "merge_file",
    "open_conflicts",
    "pending_conflicts",
    "remote_url",
    "resolve",
    "shared_conflicts",
    "status",
    "sync",
    "waiting_conflicts",
]

EXIT_CONFLICTS = 3  # `factcheck sync` exits with it while conflicts wait to be settled
BRANCH = "main"
REMOTE = "origin"
DRIVER = "factcheck"
CONFLICTS_FILE = "factcheck-conflicts.json"  # in .git: local, never committed, never pulled
MERGE_LOG = "factcheck-merged.jsonl"  # what the merge driver did in the current merge
STATE_FILE = "factcheck-sync.json"  # when this library last synced
SHARED_CONFLICTS = "conflicts"  # committed: records of the conflicts met and not settled yet (SharedConflict)
MAX_LOCAL_FILE_BYTES = 16 * 1024 * 1024

GITIGNORE = """\
# Written by factcheck sync: what stays on this computer and is never shared.
/backups/
/trash/
/corrupt/
/index/
/settings.json
/settings.json.bad
/cache/
*.lock
*.tmp
.*.tmp
"""
GITATTRIBUTES = """\
# Written by factcheck sync: article files are merged claim by claim.
articles/*.json merge=factcheck
snapshots/* binary
"""

Progress = Callable[[float, str], None]
# git's answer when a push finds a lock file in the remote (a push killed half-way leaves one behind)
_REMOTE_LOCK = re.compile(r"Unable to create '([^']+\.lock)': File exists")


class SyncError(StoreError):
    """Sharing the library through git failed; the message says what to do."""


@dataclass(frozen=True)
class SetAsideFile:
    """A committed file this library set aside as unreadable, whose deletion the sync did not send."""

    path: str  # in the library: "articles/<id>.json" or "reviews.json"
    action: str  # "restored": the committed version is back in place; "kept": left out of the commit
    article_id: str = ""  # "" for reviews.json

    def to_json(self) -> dict[str, str]:
        return {"article_id": self.article_id, "path": self.path, "action": self.action}


@dataclass
class SyncResult:
    """What one sync did: article files pulled, pushed, merged claim by claim, conflicts waiting.

    ``to_json`` gives the issue's contract (pulled, pushed, merged, conflicts) and three additions:
    ``notes`` (sentences for people), ``set_aside`` (files set aside as unreadable that the sync
    restored or kept, never deleted for the others) and ``waiting`` (conflicts someone else's sync
    met, whose value is in the file until they choose).
    """

    pulled: int = 0
    pushed: int = 0
    merged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    set_aside: list[SetAsideFile] = field(default_factory=list)
    waiting: list[SharedConflict] = field(default_factory=list)  # met by someone else, theirs to settle

    def to_json(self) -> dict[str, Any]:
        return {"pulled": self.pulled, "pushed": self.pushed, "merged": self.merged,
                "conflicts": [c.to_json() for c in self.conflicts], "notes": list(self.notes),
                "set_aside": [f.to_json() for f in self.set_aside], "waiting": [w.to_json() for w in self.waiting]}


@dataclass
class SyncStatus:
    """Where the library stands against its remote, as of the last fetch."""

    shared: bool
    remote: str = ""
    ahead: int = 0  # commits here the remote has not seen
    behind: int = 0  # commits of the remote not merged here
    last_sync: str = ""  # UTC time of the last sync that completed, "" never
    conflicts: int = 0
    changed: bool = False  # local changes not committed yet
    open: list[Conflict] = field(default_factory=list)  # this library's conflicts, to settle here
    waiting: list[SharedConflict] = field(default_factory=list)  # conflicts the others met, theirs to settle


@dataclass(frozen=True)
class HistoryEntry:
    """One change of one field of a claim: who, when, from what, to what."""

    when: str
    author: str
    field: str
    old: Any
    new: Any


# -- running git -------------------------------------------------------------------------------


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    # GIT_OPTIONAL_LOCKS=0: a read such as `git status` (the window's status field, run while a sync may
    # be running) never takes the index lock, so it cannot make the sync's `git add` or `git commit` fail.
    env.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "LANGUAGE": "C", "GIT_MERGE_AUTOEDIT": "no",
                "GIT_OPTIONAL_LOCKS": "0"})
    return env


def _git(root: Path, *args: str, check: bool = True, author: tuple[str, str] | None = None,
         timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run git in *root*; SyncError with git's own message when it fails and *check*."""
    command = ["git", "-c", "core.quotepath=off", "-c", "core.autocrlf=false", "-c", "core.hooksPath=/dev/null"]
    if author is not None:
        command += ["-c", f"user.name={author[0]}", "-c", f"user.email={author[1]}"]
    try:
        done = subprocess.run([*command, *args], cwd=root, capture_output=True, text=True, encoding="utf-8",
                              errors="replace", env=_git_env(), timeout=timeout, check=False)
    except FileNotFoundError as exc:
        raise SyncError("Sharing a library needs git, which is not installed here. Install git "
                        "(https://git-scm.com/downloads) and try again; nothing else needs it.") from exc
    except subprocess.TimeoutExpired as exc:
        raise SyncError(f"git {args[0]} did not finish within {timeout:.0f} seconds. Check the connection to the "
                        "remote and try again; the library is unchanged.") from exc
    if check and done.returncode != 0:
        raise SyncError(f"git {args[0]} failed: {_git_message(done.stderr or done.stdout, done.returncode)}")
    return done


def _git_message(said: str, returncode: int) -> str:
    """The line of git's message that says what went wrong: its first "fatal:" or "error:" line (git adds
    advice after it, such as "and the repository exists."), else its last line."""
    lines = [line.strip() for line in said.strip().splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line.split(":", 1)[1].strip()
    return lines[-1] if lines else f"exit status {returncode}"


def _author(name: str, email: str) -> tuple[str, str]:
    """git needs a name and an address; the settings may give neither."""
    return (" ".join(name.split()) or "factcheck-gui user", "".join(email.split()) or "unknown@factcheck-gui.invalid")


def is_shared(root: Path) -> bool:
    """True if the library folder is a git repository of its own."""
    return (Path(root) / ".git").is_dir()


def remote_url(root: Path) -> str:
    """The address of the library's remote ("" when it has none or is not shared)."""
    if not is_shared(root):
        return ""
    return _git(Path(root), "remote", "get-url", REMOTE, check=False).stdout.strip()


def _git_dir(root: Path) -> Path:
    return Path(root) / ".git"


@contextlib.contextmanager
def _sync_lock(root: Path) -> Iterator[None]:
    """One sync at a time per library (the window and a command line may both try)."""
    with _file_lock(_git_dir(root) / "factcheck-sync.lock"):
        yield


def _recover(root: Path) -> list[str]:
    """Undo what a sync killed half-way left: git's stale lock files and an unfinished merge.

    Called only while holding the sync lock, so no sync of ours is running; git's own lock
    files are then leftovers of a killed git.
    """
    notes = []
    git_dir = _git_dir(root)
    stale = [git_dir / "index.lock", git_dir / "HEAD.lock", git_dir / "ORIG_HEAD.lock", git_dir / "config.lock",
             git_dir / "packed-refs.lock", git_dir / "MERGE_HEAD.lock", *(git_dir / "refs").rglob("*.lock")]
    for lock in stale:
        if lock.is_file():
            with contextlib.suppress(OSError):
                lock.unlink()
    if (git_dir / "MERGE_HEAD").exists():
        _git(root, "merge", "--abort", check=False)
        if (git_dir / "MERGE_HEAD").exists():
            _git(root, "reset", "--merge", check=False)
        notes.append("A sync that was interrupted during a merge was undone; this sync merges again.")
    return notes


def _write_if_changed(path: Path, text: str) -> None:
    try:
        current = read_regular_file(path, MAX_LOCAL_FILE_BYTES).decode("utf-8", "replace")
    except (OSError, RefusedFileError):
        current = None
    if current != text:
        if os.path.islink(path):
            os.unlink(path)
        atomic_write_bytes(path, text.encode("utf-8"))


def _configure(root: Path) -> None:
    """The library's .gitignore and .gitattributes, and the merge driver in .git/config."""
    _write_if_changed(Path(root) / ".gitignore", GITIGNORE)
    _write_if_changed(Path(root) / ".gitattributes", GITATTRIBUTES)
    driver = f'"{sys.executable}" -m factcheck_gui.merge_driver %O %A %B %P'
    _git(root, "config", f"merge.{DRIVER}.name", "factcheck-gui: merge article files claim by claim")
    _git(root, "config", f"merge.{DRIVER}.driver", driver)


# -- init, clone -------------------------------------------------------------------------------


def local_remote(remote: str) -> Path | None:
    """The folder *remote* names when it is a path on this computer (or a file:// URL); None for a URL
    such as https://... or ssh://..., or git's user@host:path form."""
    if remote.startswith("file://"):
        return Path(remote[len("file://"):])
    if "://" in remote or (re.match(r"^[^/\\]+:", remote) and not re.match(r"^[A-Za-z]:[/\\]", remote)):
        return None
    return Path(remote)


def _absolute_remote(remote: str) -> str:
    """A local remote as an absolute path: typed relative to where the user is, git would read it relative to
    the library folder."""
    remote = remote.strip()
    local = local_remote(remote)
    return str(Path(os.path.abspath(local))) if local is not None and not remote.startswith("file://") else remote


def _check_remote(root: Path, remote: str) -> None:
    """SyncError in one sentence if *remote* is no git repository that can be read; nothing is changed."""
    where = root if root.is_dir() else next((p for p in root.parents if p.is_dir()), Path.cwd())
    done = _git(where, "ls-remote", "--heads", "--", remote, check=False, timeout=120)
    if done.returncode == 0:
        return
    said = (done.stderr or done.stdout).strip()
    local = local_remote(remote)
    if local is not None:
        raise SyncError(f"No git repository at {remote}: check the address, or create one with `git init --bare {local}`. "
                        "The library is unchanged.")
    if "not appear to be a git repository" in said or "not found" in said.lower() or "could not read from remote" in said.lower():
        raise SyncError(f"No git repository at {remote}, or no access to it: check the address and your access "
                        "rights (ssh key, token). The library is unchanged.")
    raise SyncError(f"The git repository at {remote} cannot be reached ({_git_message(said, done.returncode)}). "
                    "Check the address and the connection; the library is unchanged.")


@contextlib.contextmanager
def _undone_on_failure(root: Path) -> Iterator[None]:
    """What init or clone set up (the repository, its files, the remote) is taken back if it fails."""
    was_shared = is_shared(root)
    had = {name: os.path.lexists(root / name) for name in (".gitignore", ".gitattributes")}
    old_remote = remote_url(root) if was_shared else ""
    try:
        yield
    except BaseException:
        if not was_shared:
            shutil.rmtree(_git_dir(root), ignore_errors=True)
            for name, existed in had.items():
                if not existed:
                    with contextlib.suppress(OSError):
                        os.unlink(root / name)
        elif old_remote:
            _git(root, "remote", "set-url", REMOTE, old_remote, check=False)
        else:
            _git(root, "remote", "remove", REMOTE, check=False)
        raise


def init(root: Path, remote: str, name: str = "", email: str = "", progress: Progress | None = None) -> SyncResult:
    """Make the library a git repository (if it is not one) with *remote*, and sync it (push it).

    SyncError when *remote* is no git repository; then, and whenever init fails, the library is left as it
    was (not a repository, or with its former remote)."""
    root = Path(root)
    remote = _absolute_remote(remote)
    _check_remote(root, remote)
    Library(root).ensure_folders()
    with _undone_on_failure(root):
        if not is_shared(root):
            _git(root, "init", "-q", "-b", BRANCH)
        _configure(root)
        remotes = _git(root, "remote").stdout.split()
        _git(root, "remote", "set-url" if REMOTE in remotes else "add", REMOTE, remote)
        return sync(root, name, email, progress)


def clone(root: Path, remote: str, progress: Progress | None = None) -> SyncResult:
    """Fill an empty library from *remote*. SyncError if the library has articles already, or if *remote* is
    no git repository (the library is then left as it was)."""
    root = Path(root)
    library = Library(root)
    if is_shared(root):
        raise SyncError(f"{root} is shared already; run `factcheck sync` to bring it up to date.")
    if library.article_ids():
        raise SyncError(f"The library {root} has articles already; clone into an empty library "
                        "(--data-dir NEW_FOLDER), or share this one with `factcheck sync init REMOTE`.")
    remote = _absolute_remote(remote)
    _check_remote(root, remote)
    library.ensure_folders()
    with _undone_on_failure(root):
        return _clone(root, library, remote, progress)


def _clone(root: Path, library: Library, remote: str, progress: Progress | None) -> SyncResult:
    _report(progress, 0.1, "Fetching the library")
    _git(root, "init", "-q", "-b", BRANCH)
    _git(root, "remote", "add", REMOTE, remote)
    _configure(root)
    _git(root, "fetch", "-q", REMOTE)
    result = SyncResult()
    if _has_ref(root, f"refs/remotes/{REMOTE}/{BRANCH}"):
        _git(root, "checkout", "-q", "-f", "-B", BRANCH, f"{REMOTE}/{BRANCH}")
        _git(root, "branch", "-q", f"--set-upstream-to={REMOTE}/{BRANCH}")
        _configure(root)
        changed = [f"articles/{i}.json" for i in library.article_ids()]
        result.pulled = len(changed)
        result.notes += _check_pulled(root, library, changed, None)
        result.waiting = waiting_conflicts(root)
    _save_state(root)
    _report(progress, 1.0, "Library cloned")
    return result


# -- sync --------------------------------------------------------------------------------------


def _report(progress: Progress | None, fraction: float, text: str) -> None:
    if progress is not None:
        progress(fraction, text)


def _has_ref(root: Path, ref: str) -> bool:
    return _git(root, "rev-parse", "-q", "--verify", f"{ref}^{{commit}}", check=False).returncode == 0


def _head(root: Path) -> str | None:
    done = _git(root, "rev-parse", "-q", "--verify", "HEAD^{commit}", check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def _commit_local(root: Path, author: tuple[str, str], message: str, result: SyncResult) -> bool:
    """Commit every change of the library (what .gitignore leaves in); True if there was one.

    Never the deletion of a file set aside as unreadable (:func:`_keep_set_aside_files`)."""
    left_out = _keep_set_aside_files(root, result)
    _git(root, "add", "-A")
    if left_out:
        _git(root, "reset", "-q", "HEAD", "--", *left_out)
    if _git(root, "diff", "--cached", "--quiet", check=False).returncode == 0:
        return False
    _git(root, "commit", "-q", "--no-verify", "-m", message, author=author)
    return True


SHARED_FILES = ("articles", "reviews.json")  # what the library reads and could set aside, among what is committed


def _git_blob(root: Path, revision: str, path: str) -> bytes | None:
    """The bytes of *path* at *revision* (None if it has none); bytes, so nothing is re-encoded."""
    done = subprocess.run(["git", "cat-file", "blob", f"{revision}:{path}"], cwd=root, capture_output=True,
                          env=_git_env(), timeout=120, check=False)
    return done.stdout if done.returncode == 0 else None


def _set_aside_times(library: Library, name: str) -> list[float]:
    """When the library set a file called *name* aside (the times in the names corrupt/ gives them)."""
    times = []
    with contextlib.suppress(OSError):
        if not os.path.islink(library.corrupt_dir):
            for entry in os.scandir(library.corrupt_dir):
                stamp = entry.name[len(name) + 1:] if entry.name.startswith(name + ".") else ""
                with contextlib.suppress(ValueError):
                    times.append(datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=timezone.utc).timestamp())
    return times


def _deleted_through_app(library: Library, path: str) -> bool:
    """True if the article file at *path* left the library through the app's delete (it is in the trash, put
    there after any set-aside copy of it); False for a file set aside as unreadable or gone otherwise."""
    name = Path(path).name
    if not path.startswith("articles/") or not name.endswith(".json"):
        return False  # reviews.json, snapshots, versions: the app never deletes them
    try:
        trashed = os.lstat(library.trash_dir / name).st_mtime
    except OSError:
        return False
    return not os.path.islink(library.trash_dir) and all(t < trashed for t in _set_aside_times(library, name))


def _readable(path: str, data: bytes) -> bool:
    """Whether *data* would be read by the library rather than set aside again."""
    try:
        document = loads_document(data, Path(path).name)
        if path.startswith("articles/"):
            article_from_dict(document, allow_newer=True)
            return True
        return isinstance(document, dict) and isinstance(document.get("reviews"), list)
    except Exception:  # noqa: BLE001 - any failure to read means the library would set it aside
        return False


def _deleted_shared_files(root: Path) -> list[str]:
    """Committed files (article files, reviews.json) missing from the folder, without a deletion committed.
    Links and submodules are not among them: a library never holds one (:func:`_check_pulled` removes them)."""
    if _head(root) is None:
        return []
    listed = _git(root, "diff", "--no-renames", "--raw", "-z", "--diff-filter=D", "HEAD", "--", *SHARED_FILES).stdout
    fields = listed.split("\0")
    # -z --raw: ":<old mode> <new mode> <old sha> <new sha> D", then the path, each ended by NUL
    return [path for status, path in zip(fields[::2], fields[1::2], strict=False)
            if status.startswith((":100644 ", ":100755 "))]


def _keep_set_aside_files(root: Path, result: SyncResult) -> list[str]:
    """Put back every committed file that is missing but was not deleted through the app (set aside in
    corrupt/ as unreadable, or removed by hand): the version last committed, so the others never lose it.
    One whose committed version cannot be read either is left as it is in the shared library; its path is
    returned, to leave out of the commit. Each is told in *result* (set_aside and a note)."""
    library = Library(root)
    left_out = []
    for path in _deleted_shared_files(root):
        if _deleted_through_app(library, path):
            continue
        article_id = Path(path).stem if path.startswith("articles/") else ""
        committed = _git_blob(root, "HEAD", path)
        where = f"article {article_id}" if article_id else path
        aside = "set aside in corrupt/" if _set_aside_times(library, Path(path).name) else "missing"
        if committed is not None and _readable(path, committed):
            with contextlib.suppress(OSError, StoreError):
                target = Path(root) / path
                library.own_folder(target.parent)
                atomic_write_bytes(target, committed)
                result.set_aside.append(SetAsideFile(path, "restored", article_id))
                result.notes.append(
                    f"{where} ({path}) was {aside} here but is not deleted for the others: the version last synced is "
                    "back in place" + (" (the unreadable copy stays in corrupt/)." if aside != "missing" else ".")
                    + " Only an article deleted in the app is deleted for everyone.")
                continue
        left_out.append(path)
        result.set_aside.append(SetAsideFile(path, "kept", article_id))
        result.notes.append(f"{where} ({path}) is {aside} here and cannot be read as it is in the shared library; "
                            "it is left there unchanged for the others (not deleted).")
    return left_out


def _changed_articles(root: Path, old: str | None, new: str | None) -> list[str]:
    if new is None:
        return []
    if old is None:
        listed = _git(root, "ls-tree", "-r", "--name-only", new, "--", "articles").stdout
    else:
        listed = _git(root, "diff", "--name-only", "--no-renames", old, new, "--", "articles").stdout
    return [line for line in listed.splitlines() if line.endswith(".json")]


def _local_changes(root: Path) -> str:
    """What `factcheck sync` would commit, as a short commit message."""
    lines = _git(root, "status", "--porcelain", "--untracked-files=all", "--", "articles").stdout.splitlines()
    count = len(lines)
    return f"factcheck sync: {count} article{'s' if count != 1 else ''} changed" if count else "factcheck sync"


def sync(root: Path, name: str = "", email: str = "", progress: Progress | None = None) -> SyncResult:
    """Commit local changes (as *name* <*email*>), fetch, merge claim by claim, push.

    Conflicts (the same field changed differently on both sides) keep mine in the file and
    wait in :func:`pending_conflicts`. SyncError when the library is not shared or git fails.
    """
    root = Path(root)
    if not is_shared(root):
        raise SyncError(f"The library {root} is not shared yet. Share it with `factcheck sync init REMOTE` "
                        "(REMOTE: the address or folder of a git repository).")
    library = Library(root)
    author = _author(name, email)
    result = SyncResult()
    with _sync_lock(root):
        result.notes += _recover(root)
        _configure(root)
        _report(progress, 0.1, "Saving your changes")
        _share_conflicts(root, author)
        _commit_local(root, author, _local_changes(root), result)
        for attempt in range(5):
            _report(progress, 0.3, "Fetching changes")
            if not _git(root, "remote").stdout.split():
                raise SyncError("The library has no remote to sync with. Add one with `factcheck sync init REMOTE`.")
            _git(root, "fetch", "-q", REMOTE)
            remote_ref = f"refs/remotes/{REMOTE}/{BRANCH}"
            before = _head(root)
            if _has_ref(root, remote_ref):
                _report(progress, 0.5, "Merging")
                _merge(root, library, author, remote_ref, before, result)
                _share_conflicts(root, author)
                _commit_local(root, author, "factcheck sync: conflicts waiting to be settled", result)
            _report(progress, 0.8, "Sending your changes")
            remote_before = _git(root, "rev-parse", "-q", "--verify", remote_ref, check=False).stdout.strip() or None
            if _head(root) is None or _head(root) == remote_before:
                break
            pushed = _changed_articles(root, remote_before, _head(root))
            done = _git(root, "push", "-q", REMOTE, f"HEAD:refs/heads/{BRANCH}", check=False)
            if done.returncode == 0:
                result.pushed += len(pushed)
                _point_remote_head(root)
                _git(root, "branch", "-q", f"--set-upstream-to={REMOTE}/{BRANCH}", check=False)
                _git(root, "update-ref", remote_ref, "HEAD", check=False)
                break
            locked = _REMOTE_LOCK.search(done.stderr)
            if locked:
                raise SyncError(f"The remote is locked: {locked.group(1)} exists, left by a sync or push that was "
                                "interrupted (or one running right now). If no one else is syncing, remove that file "
                                "and sync again. Your changes are kept here.")
            if attempt == 4 or ("rejected" not in done.stderr and "fetch first" not in done.stderr):
                detail = (done.stderr.strip().splitlines() or ["push failed"])[-1]
                raise SyncError(f"Your changes could not be sent to the remote ({detail}). They are kept here; "
                                "sync again later.")
        _drop_settled_conflicts(root)
        _save_state(root)
    result.conflicts = pending_conflicts(root)
    result.waiting = waiting_conflicts(root)
    _report(progress, 1.0, "Synced")
    return result


def _point_remote_head(root: Path) -> None:
    """A bare repository made with `git init --bare` names `master` as its default branch (its HEAD), but the
    library is pushed as `main`, so a plain `git clone` of it checked out nothing. Where the remote is a bare
    repository on this computer (or a shared drive) and its HEAD names a branch that does not exist, it is
    pointed at `main`. (A hosting service such as GitHub or Gitea takes the first branch pushed as its default.)"""
    local = local_remote(remote_url(root))
    if local is None or not local.is_dir():
        return
    remote_git = ["--git-dir", str(local)]
    if _git(root, *remote_git, "rev-parse", "--is-bare-repository", check=False).stdout.strip() != "true":
        return  # a working copy somewhere: its checked-out branch is its owner's business
    head = _git(root, *remote_git, "symbolic-ref", "-q", "HEAD", check=False).stdout.strip()
    if head != f"refs/heads/{BRANCH}" and not _has_ref_in(root, remote_git, head):
        _git(root, *remote_git, "symbolic-ref", "HEAD", f"refs/heads/{BRANCH}", check=False)


def _has_ref_in(root: Path, git_dir: list[str], ref: str) -> bool:
    return bool(ref) and _git(root, *git_dir, "rev-parse", "-q", "--verify", f"{ref}^{{commit}}",
                              check=False).returncode == 0


def _merge(root: Path, library: Library, author: tuple[str, str], remote_ref: str, before: str | None,
           result: SyncResult) -> None:
    log = _git_dir(root) / MERGE_LOG
    with contextlib.suppress(OSError):
        log.unlink()
    if before is None:
        _git(root, "checkout", "-q", "-f", "-B", BRANCH, remote_ref)
    else:
        done = _git(root, "merge", "-q", "--no-edit", "--no-verify", "--allow-unrelated-histories", "-m", "factcheck sync: merge",
                    remote_ref,
                    check=False, author=author)
        if done.returncode != 0:
            _settle_unmerged(root, author, result)
    result.merged += _read_merge_log(log, result)
    changed = _changed_articles(root, before, _head(root))
    result.pulled += len(changed)
    result.notes += _check_pulled(root, library, changed, before)
    _commit_local(root, author, "factcheck sync: files from the remote that could not be read", result)


def _settle_unmerged(root: Path, author: tuple[str, str], result: SyncResult) -> None:
    """Files git could not merge at all: mine is kept, theirs goes to backups/ (nothing lost)."""
    unmerged = _git(root, "diff", "--name-only", "--diff-filter=U").stdout.splitlines()
    if not unmerged:
        _git(root, "merge", "--abort", check=False)
        raise SyncError("The changes of the remote could not be merged; the library is as it was. Sync again, "
                        "and if this repeats, ask the others whether the remote holds something other than a library.")
    library = Library(root)
    for path in unmerged:
        theirs = _git(root, "show", f":3:{path}", check=False)
        if theirs.returncode == 0:
            target = library.own_folder(library.backups_dir) / f"{Path(path).name}.theirs-{utc_now().replace(':', '')}"
            atomic_write_bytes(target, theirs.stdout.encode("utf-8"))
            result.notes.append(f"{path} could not be merged; your version is kept and theirs is in {target}.")
        ours = _git(root, "checkout", "--ours", "--", path, check=False)
        if ours.returncode != 0:  # deleted here, changed there: keep theirs
            _git(root, "checkout", "--theirs", "--", path, check=False)
        _git(root, "add", "-A", "--", path, check=False)
    _git(root, "commit", "-q", "--no-verify", "--no-edit", author=author)


def _check_pulled(root: Path, library: Library, changed: list[str], before: str | None) -> list[str]:
    """Read every article file the merge brought in; one that cannot be read is set aside and the
    last good version (if any) put back. Links and other non-files in the tree are removed."""
    notes: list[str] = []
    links = [line.split("\t", 1)[1] for line in _git(root, "ls-files", "-s").stdout.splitlines()
             if line.startswith(("120000", "160000"))]
    for path in links:
        _git(root, "rm", "-q", "--cached", "--", path, check=False)
        with contextlib.suppress(OSError):
            os.unlink(Path(root) / path)
        notes.append(f"{path} is a link, which a library never holds; it was removed.")
    for path in changed:
        article_id = Path(path).stem
        if not os.path.lexists(Path(root) / path):
            continue  # deleted by the other side
        try:
            library.open(article_id)
        except NotFoundError:
            continue
        except FactcheckError as exc:
            note = f"{path} from the remote could not be read and was set aside: {exc}"
            previous = _git(root, "show", f"{before}:{path}", check=False) if before else None
            if previous is not None and previous.returncode == 0:
                atomic_write_bytes(Path(root) / path, previous.stdout.encode("utf-8"))
                note += " The version you had is kept."
            notes.append(note)
    return notes


def _read_merge_log(log: Path, result: SyncResult) -> int:
    try:
        lines = read_regular_file(log, MAX_LOCAL_FILE_BYTES).decode("utf-8", "replace").splitlines()
    except (OSError, RefusedFileError):
        return 0
    for line in lines:
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            entry = json.loads(line)
            result.notes.extend(str(note) for note in entry.get("notes", []))
    return len(lines)


def _save_state(root: Path) -> None:
    atomic_write_bytes(_git_dir(root) / STATE_FILE, json.dumps({"last_sync": utc_now()}).encode())


def status(root: Path, fetch: bool = False) -> SyncStatus:
    """Ahead/behind against the remote (as of the last fetch, or fetch now), the last sync, conflicts."""
    root = Path(root)
    if not is_shared(root):
        return SyncStatus(shared=False)
    remote = _git(root, "remote", "get-url", REMOTE, check=False).stdout.strip()
    if fetch and remote:
        _git(root, "fetch", "-q", REMOTE, check=False)
    ahead = behind = 0
    remote_ref = f"refs/remotes/{REMOTE}/{BRANCH}"
    if _head(root) and _has_ref(root, remote_ref):
        counts = _git(root, "rev-list", "--left-right", "--count", f"HEAD...{remote_ref}", check=False).stdout.split()
        if len(counts) == 2:
            ahead, behind = int(counts[0]), int(counts[1])
    elif _head(root):
        ahead = int(_git(root, "rev-list", "--count", "HEAD", check=False).stdout.strip() or 0)
    last = ""
    with contextlib.suppress(OSError, RefusedFileError, ValueError, AttributeError):
        last = str(json.loads(read_regular_file(_git_dir(root) / STATE_FILE, 4096)).get("last_sync", ""))
    changed = any(not _kept_aside(root, line) for line in
                  _git(root, "status", "--porcelain", "--", "articles", SHARED_CONFLICTS, check=False).stdout.splitlines())
    mine = open_conflicts(root)
    return SyncStatus(True, remote, ahead, behind, last, len(mine), changed, mine, waiting_conflicts(root))


def _kept_aside(root: Path, status_line: str) -> bool:
    """True for a `git status --porcelain` line of an article file set aside here, whose deletion no sync sends."""
    path = status_line[3:]
    return (status_line[:2].strip() == "D" and path.startswith("articles/")
            and not _deleted_through_app(Library(root), path) and bool(_set_aside_times(Library(root), Path(path).name)))


# -- conflicts ---------------------------------------------------------------------------------


def _conflicts_path(root: Path) -> Path:
    return _git_dir(root) / CONFLICTS_FILE


def pending_conflicts(root: Path) -> list[Conflict]:
    """The conflicts met by syncs of this library and not settled yet."""
    path = _conflicts_path(Path(root))
    try:
        data = json.loads(read_regular_file(path, MAX_LOCAL_FILE_BYTES))
    except (OSError, RefusedFileError, ValueError, RecursionError):
        return []
    conflicts = []
    for item in data.get("conflicts", []) if isinstance(data, dict) else []:
        with contextlib.suppress(KeyError, TypeError, AttributeError):
            conflicts.append(Conflict(str(item["article_id"]), str(item["claim_id"]), str(item["field"]),
                                      item["mine"], item["theirs"], item.get("base")))
    return conflicts


def open_conflicts(root: Path) -> list[Conflict]:
    """The pending conflicts whose field still holds *mine* as the merge left it. A conflict whose field
    was changed since (an edit here, or a later pull) or whose claim is gone was settled by that change:
    choosing an old value for it would overwrite a newer edit."""
    pending = pending_conflicts(root)
    if not pending:
        return []
    unsettled = _unsettled(Library(root))
    return [conflict for conflict in pending if unsettled(conflict)]


def _unsettled(library: Library) -> Callable[[Conflict], bool]:
    """A test of whether a conflict's field still holds its *mine* (the article files read once each)."""
    documents: dict[str, dict[str, Any] | None] = {}

    def unsettled(conflict: Conflict) -> bool:
        if conflict.article_id not in documents:
            # Read without Library.open's side effects: this runs beside a sync (the window's status field,
            # a command line), and a file caught half-written by git must not be set aside.
            try:
                path = library.path_of(conflict.article_id)
            except FactcheckError:
                documents[conflict.article_id] = None
            else:
                documents[conflict.article_id] = _read_side(path) if os.path.lexists(path) else {"claims": []}
        document = documents[conflict.article_id]
        return document is None or not is_settled(document, conflict)  # unreadable just now: it stays listed

    return unsettled


# -- conflicts shared with the others ------------------------------------------------------------
#
# A conflict is settled by whoever met it; meanwhile the file everyone pulls holds that person's value (the
# *mine* of the merge), and their sync shares a record of the conflict in conflicts/<article id>/, one file
# per conflict, so every other copy of the library can say which value is in the file and which one waits
# for a choice (`factcheck sync`, `show`, the window). The record goes when the conflict is settled: by the
# choice (`sync resolve` removes it) or by a later change of the field (any sync then removes it).


@dataclass(frozen=True)
class SharedConflict:
    """A conflict someone's sync met and has not settled yet, as every copy of the library sees it."""

    article_id: str
    claim_id: str
    field: str
    kept: Any  # the value in the file meanwhile (the "mine" of whoever met the conflict)
    other: Any  # the other value, waiting for their choice
    met_by: str  # "Name <e-mail>"
    met_at: str

    def to_json(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "claim_id": self.claim_id, "field": self.field, "kept": self.kept,
                "other": self.other, "met_by": self.met_by, "met_at": self.met_at}

    def as_conflict(self) -> Conflict:
        return Conflict(self.article_id, self.claim_id, self.field, self.kept, self.other)


def _record_path(root: Path, article_id: str, claim_id: str, field_name: str) -> Path:
    digest = hashlib.sha256(f"{claim_id}\0{field_name}".encode("utf-8", "replace")).hexdigest()[:24]
    return Path(root) / SHARED_CONFLICTS / check_article_id(article_id) / f"{digest}.json"


def shared_conflicts(root: Path) -> list[SharedConflict]:
    """Every conflict record the library holds (its own and those pulled from the others), unchecked."""
    folder = Path(root) / SHARED_CONFLICTS
    if os.path.islink(folder) or not folder.is_dir():
        return []
    records = []
    for path in sorted(folder.glob("*/*.json")):
        with contextlib.suppress(OSError, RefusedFileError, ValueError, RecursionError, TypeError, KeyError,
                                 AttributeError, FactcheckError):
            item = json.loads(read_regular_file(path, MAX_ARTICLE_FILE_BYTES))
            record = SharedConflict(str(item["article_id"]), str(item["claim_id"]), str(item["field"]),
                                    item["kept"], item["other"], str(item.get("met_by", "")),
                                    str(item.get("met_at", "")))
            if _record_path(root, record.article_id, record.claim_id, record.field) == path:
                records.append(record)
    return records


def waiting_conflicts(root: Path) -> list[SharedConflict]:
    """Conflicts met by someone else's sync and not settled yet: the file holds their value meanwhile, and the
    other value waits for their choice (a later change of the field settles it, as for one's own)."""
    root = Path(root)
    records = shared_conflicts(root)
    if not records:
        return []
    mine = {(c.article_id, c.claim_id, c.field) for c in pending_conflicts(root)}
    unsettled = _unsettled(Library(root))
    return [r for r in records if (r.article_id, r.claim_id, r.field) not in mine and unsettled(r.as_conflict())]


def _share_conflicts(root: Path, author: tuple[str, str]) -> None:
    """Write a record of each of this library's open conflicts that has none; remove the records a later change
    of their field settled (here, or in a pull). The sync then commits the records with the rest."""
    records = shared_conflicts(root)
    unsettled = _unsettled(Library(root))
    for record in records:
        if not unsettled(record.as_conflict()):
            _remove_record(root, record.article_id, record.claim_id, record.field)
    have = {(r.article_id, r.claim_id, r.field) for r in records}
    for conflict in open_conflicts(root):
        if (conflict.article_id, conflict.claim_id, conflict.field) in have:
            continue
        with contextlib.suppress(FactcheckError, OSError):
            path = _record_path(root, conflict.article_id, conflict.claim_id, conflict.field)
            Library(root).own_folder(path.parent.parent)
            Library(root).own_folder(path.parent)
            record = SharedConflict(conflict.article_id, conflict.claim_id, conflict.field, conflict.mine,
                                    conflict.theirs, f"{author[0]} <{author[1]}>", utc_now())
            atomic_write_bytes(path, (json.dumps(record.to_json(), indent=2, ensure_ascii=False) + "\n").encode())


def _remove_record(root: Path, article_id: str, claim_id: str, field_name: str) -> None:
    with contextlib.suppress(OSError, FactcheckError):
        path = _record_path(root, article_id, claim_id, field_name)
        path.unlink()
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # only when empty


def _drop_settled_conflicts(root: Path) -> None:
    """Forget the conflicts a later change settled (see :func:`open_conflicts`)."""
    pending = pending_conflicts(root)
    still_open = open_conflicts(root)
    if len(still_open) != len(pending):
        _write_conflicts(_git_dir(root), still_open)


def _write_conflicts(git_dir: Path, conflicts: list[Conflict]) -> None:
    data = {"conflicts": [{**c.to_json(), "base": c.base} for c in conflicts]}
    atomic_write_bytes(git_dir / CONFLICTS_FILE, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())


def _record_conflicts(git_dir: Path, article_id: str, found: list[Conflict]) -> None:
    """Add *found* to the pending conflicts; a newer conflict on the same field replaces the older."""
    keys = {(c.article_id, c.claim_id, c.field) for c in found}
    kept = [c for c in pending_conflicts(git_dir.parent) if (c.article_id, c.claim_id, c.field) not in keys]
    _write_conflicts(git_dir, kept + found)


def _full_ids(library: Library, pending: list[Conflict], article_id: str, claim_id: str) -> tuple[str, str]:
    """The full article and claim ids from unique prefixes, as every other verb reads them (``Library.resolve_id``,
    ``core.editing.resolve_claim_id``); InputError for an ambiguous prefix. An id that matches nothing is
    returned as given (the conflict may name a claim deleted since)."""
    if any(c.article_id == article_id for c in pending):
        full_article = article_id
    else:
        try:
            full_article = library.resolve_id(article_id)
        except NotFoundError:
            return article_id, claim_id
    if not claim_id or any(c.article_id == full_article and c.claim_id == claim_id for c in pending):
        return full_article, claim_id
    try:
        article = library.open(full_article).article
        return full_article, resolve_claim_id(article, claim_id)
    except NotFoundError:
        return full_article, claim_id


def resolve(root: Path, article_id: str, claim_id: str, field_name: str, take: str) -> bool:
    """Settle one pending conflict with "mine" or "theirs" through ``core.editing``; the next sync shares
    the choice. *article_id* and *claim_id* may be unique prefixes (InputError when one is ambiguous).
    Returns True if the article changed. NotFoundError when no such conflict waits."""
    root = Path(root)
    pending = pending_conflicts(root)
    article_id, claim_id = _full_ids(Library(root), pending, article_id, claim_id)
    wanted = [c for c in pending if c.article_id == article_id and c.claim_id == claim_id and c.field == field_name]
    if not wanted:
        raise NotFoundError(f"No conflict waits for {field_name} of claim {claim_id or '(the article)'} in article "
                            f"{article_id}. `factcheck sync --json` lists the conflicts.")
    conflict = wanted[0]
    library = Library(root)
    changed = False
    try:
        with library.edit(library.resolve_id(article_id)) as handle:
            changed = settle_conflict(handle.article, conflict, take)
    except StaleConflictError:
        _write_conflicts(_git_dir(root), [c for c in pending if c is not conflict])  # settled by a later change
        _remove_record(root, conflict.article_id, conflict.claim_id, conflict.field)
        raise
    except NotFoundError:
        changed = False  # the claim (or the article) is gone: nothing left to settle
    _write_conflicts(_git_dir(root), [c for c in pending if c is not conflict])
    _remove_record(root, conflict.article_id, conflict.claim_id, conflict.field)  # the next sync shares that too
    return changed


# -- the merge driver --------------------------------------------------------------------------


def _read_side(path: Path) -> dict[str, Any] | None:
    """One side of a merge as the article file's dict (validated, normalised), or None if unreadable."""
    try:
        data = read_regular_file(path, MAX_ARTICLE_FILE_BYTES)
        if not data.strip():
            return None
        return article_to_dict(article_from_dict(loads_document(data, path.name)))
    except Exception:  # noqa: BLE001 - a crafted file from a remote: any failure means "not an article"
        return None


def merge_file(base: Path, mine: Path, theirs: Path, name: str = "", git_dir: Path | None = None) -> int:
    """git's merge driver for an article file: merge *theirs* into *mine* (written in place).

    Returns 0 when the file was merged (conflicts are recorded and *mine* is kept for them),
    1 when it cannot be merged at all (neither side is a readable article).
    """
    article_id = Path(name or mine.name).stem
    git_dir = git_dir or _git_dir(Path.cwd())
    base_doc, mine_doc, theirs_doc = _read_side(base), _read_side(mine), _read_side(theirs)
    notes: list[str] = []
    conflicts: list[Conflict] = []
    if mine_doc is None and theirs_doc is None:
        return 1
    if theirs_doc is None:
        notes.append(f"{name or article_id}: the other side's version could not be read as an article; yours is kept.")
        merged_doc = mine_doc
    elif mine_doc is None:
        notes.append(f"{name or article_id}: your version could not be read as an article; theirs is taken.")
        merged_doc = theirs_doc
    else:
        result = merge_articles(base_doc, mine_doc, theirs_doc)
        merged_doc, conflicts, notes = result.merged, result.conflicts, result.notes
    assert merged_doc is not None
    try:
        data = dumps_article_utf8(article_from_dict(merged_doc))
    except Exception:  # noqa: BLE001 - the merge made something that is no article: keep mine
        if mine_doc is None:
            return 1
        data = dumps_article_utf8(article_from_dict(mine_doc))
        notes.append(f"{name or article_id}: the two versions could not be combined; yours is kept.")
    atomic_write_bytes(Path(mine), data)
    conflicts = [Conflict(article_id, c.claim_id, c.field, c.mine, c.theirs, c.base) for c in conflicts]
    if conflicts and git_dir.is_dir():
        _record_conflicts(git_dir, article_id, conflicts)
    if git_dir.is_dir():
        with open(git_dir / MERGE_LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps({"article_id": article_id, "conflicts": len(conflicts), "notes": notes}) + "\n")
    return 0


# -- history -----------------------------------------------------------------------------------

_HISTORY_FIELDS = ("verdict", "status", "rationale", "claimant", "restatement", "review_note")


def claim_history(root: Path, article_id: str, claim_id: str, limit: int = 200) -> list[HistoryEntry]:
    """Who changed the claim's verdict, status, rationale... and when, oldest first, from the git log of the
    article file (at most *limit* commits). Empty when the library is not shared."""
    root = Path(root)
    if not is_shared(root) or _head(root) is None:
        return []
    path = f"articles/{Library(root).path_of(article_id).name}"
    log = _git(root, "log", f"-n{limit}", "--format=%H%x1f%an%x1f%ae%x1f%aI", "--", path, check=False).stdout
    commits = [line.split("\x1f") for line in log.splitlines() if line.count("\x1f") == 3]
    commits.reverse()
    if not commits:
        return []
    batch = "".join(f"{h}:{path}\n" for h, *_ in commits)
    done = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input=batch.encode(), capture_output=True,
                          env=_git_env(), timeout=120, check=False)
    blobs = _split_batch(done.stdout)
    entries: list[HistoryEntry] = []
    previous: dict[str, Any] | None = None
    for (_, name, email, when), blob in zip(commits, blobs, strict=False):
        claim = None
        with contextlib.suppress(Exception):
            document = loads_document(blob, path) if blob is not None else {}
            claim = next((c for c in document.get("claims", []) if c.get("id") == claim_id), None)
        if not isinstance(claim, dict):
            continue
        who = f"{name} <{email}>"
        for key in _HISTORY_FIELDS:
            old = previous.get(key) if previous else None
            new = claim.get(key)
            if previous is None and new in (None, "", "draft"):
                continue
            if new != old:
                stamp = claim.get("status_by") if key == "status" else claim.get("updated_by")
                entries.append(HistoryEntry(when, stamp or who, key, old, new))
        previous = claim
    return entries


def fields_history(claim: Any, article: Article | None = None) -> list[HistoryEntry]:
    """What the article file itself says of a claim's history, for a library that is not shared:
    when it was made, who set its status, who made its last change, and (from the article's versions
    of the text, when *article* is given) how the last correction or re-fetch changed its wording."""
    entries = [HistoryEntry(claim.created, "", "created", None, None)] if claim.created else []
    if claim.status_at:
        entries.append(HistoryEntry(claim.status_at, claim.status_by, "status", None, claim.status.value))
    if claim.updated and claim.updated != claim.created:
        entries.append(HistoryEntry(claim.updated, claim.updated_by, "last change", None, claim.verdict))
    if article is not None and len(article.versions) > 1:
        version = article.versions[-1]
        for change in changed_claims(article):
            if change.claim.id == claim.id:
                entries.append(HistoryEntry(version.created, "", f"wording ({version.kind.label.lower()})",
                                            change.old, change.new or "(no longer in the text)"))
    return sorted(entries, key=lambda e: e.when)


def _split_batch(output: bytes) -> list[bytes | None]:
    """The objects of ``git cat-file --batch`` output, None for a missing one."""
    blobs: list[bytes | None] = []
    position = 0
    while position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) == 3:
            size = int(header[2])
            blobs.append(output[position : position + size])
            position += size + 1
        else:
            blobs.append(None)
    return blobs
