"""git behind one small interface, using a few plain plumbing calls (fast enough for hooks).

Every call inherits the environment, so inside a hook git's own variables are honoured: GIT_INDEX_FILE
(`git commit -a` stages into a temporary index), GIT_DIR, and the quarantine object directory that
pre-receive sees. Nothing here reads the working tree except `changed_paths` and the commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scr_cli.adapters import proc
from scr_cli.errors import EnvironmentProblem

ZERO = "0" * 40
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


@dataclass(frozen=True)
class Change:
    """One path changed between two trees (status: A added, M modified, D deleted), as git reports it."""

    path: str
    status: str
    old_path: str | None = None  # for a rename, where it came from


@dataclass(frozen=True)
class CommitInfo:
    """One commit a push brings, as the pre-receive hook judges it: its id, parents, author and dates."""

    sha: str
    parents: tuple[str, ...]
    author: str
    author_date: str  # ISO 8601 with the author's offset
    committer_date: str


def git(
    args: Sequence[str], cwd: Path | str | None = None, *, input: bytes | None = None, check: bool = True
) -> proc.Completed:
    return proc.run(["git", *args], cwd=cwd, input=input, check=check)


def toplevel(start: Path) -> Path:
    done = git(["rev-parse", "--show-toplevel"], start, check=False)
    if done.returncode != 0:
        raise EnvironmentProblem(
            f"{start} is not inside a git repository",
            hint="run `git init` there, or create the review with `scr new`",
        )
    return Path(done.out.strip())


def hooks_path(start: Path) -> Path:
    """Where git looks for hooks (honours core.hooksPath)."""
    done = git(["rev-parse", "--git-path", "hooks"], start)
    path = Path(done.out.strip())
    return path if path.is_absolute() else (start / path)


def head(cwd: Path | str | None = None) -> str | None:
    done = git(["rev-parse", "-q", "--verify", "HEAD^{commit}"], cwd, check=False)
    return done.out.strip() if done.returncode == 0 else None


def _parse_name_status(raw: bytes) -> list[Change]:
    fields = raw.decode("utf-8", "surrogateescape").split("\0")
    changes: list[Change] = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        kind = status[0]
        if kind in "RC":
            changes.append(Change(fields[i + 2], "A" if kind == "C" else "R", fields[i + 1]))
            i += 3
        else:
            changes.append(Change(fields[i + 1], kind))
            i += 2
    return changes


def staged_changes(cwd: Path | str | None = None, against: str | None = None) -> list[Change]:
    """What the next commit changes relative to HEAD (or to nothing, in a repository without commits).

    With `against`: relative to that commit instead (a merge's other parent).
    """
    # without a commit argument git compares with HEAD, or with nothing on an unborn branch
    done = git(["diff", "--cached", "-z", "--name-status", "-M", "--no-ext-diff", *([against] if against else [])],
               cwd)
    return _parse_name_status(done.stdout)


def merge_heads(cwd: Path | str | None = None) -> list[str]:
    """The other parents of the merge being committed (none outside a merge)."""
    done = git(["rev-parse", "--git-path", "MERGE_HEAD"], cwd, check=False)
    path = Path(done.out.strip())
    path = path if path.is_absolute() else Path(cwd or ".") / path
    try:
        return [ln.strip() for ln in path.read_text().splitlines() if ln.strip()]
    except OSError:
        return []


def commit_dates(revs: str, cwd: Path | str | None = None) -> list[str]:
    """Author and committer dates (ISO 8601) of the commits `git log REVS` lists."""
    done = git(["log", "--format=%aI %cI", revs], cwd, check=False)
    return done.out.split()


def tree_changes(old: str, new: str, cwd: Path | str | None = None) -> list[Change]:
    done = git(["diff-tree", "-r", "-z", "--name-status", "-M", "--no-commit-id", old, new], cwd)
    return _parse_name_status(done.stdout)


def cat_blobs(specs: Sequence[str], cwd: Path | str | None = None) -> dict[str, bytes | None]:
    """Read many objects (`:path`, `HEAD:path`, `<sha>:path`) with one `git cat-file --batch`."""
    wanted = [s for s in dict.fromkeys(specs) if "\n" not in s]
    result: dict[str, bytes | None] = {s: None for s in specs}
    if not wanted:
        return result
    request = "".join(s + "\n" for s in wanted).encode("utf-8", "surrogateescape")
    done = git(["cat-file", "--batch"], cwd, input=request)
    data = done.stdout
    pos = 0
    for spec in wanted:
        end = data.index(b"\n", pos)
        header = data[pos:end].split(b" ")
        pos = end + 1
        if len(header) == 3 and header[1] in (b"blob", b"tree", b"commit", b"tag"):
            size = int(header[2])
            if header[1] == b"blob":
                result[spec] = data[pos : pos + size]
            pos += size + 1
    return result


def list_entries(treeish: str | None, cwd: Path | str | None = None) -> dict[str, tuple[str, str]]:
    """Path -> (mode, object id) of a commit's tree, or of the index when treeish is None."""
    if treeish is None:
        done = git(["ls-files", "-s", "-z"], cwd)
        out: dict[str, tuple[str, str]] = {}
        for item in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if item:
                meta, path = item.split("\t", 1)
                mode, sha, _stage = meta.split(" ")
                out[path] = (mode, sha)
        return out
    done = git(["ls-tree", "-r", "-z", "--full-tree", treeish], cwd, check=False)
    out = {}
    for item in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if item:
            meta, path = item.split("\t", 1)
            mode, _kind, sha = meta.split(" ")
            out[path] = (mode, sha)
    return out


_FMT = "%H%x00%P%x00%an%x00%aI%x00%cI"


def _commits(out: str) -> list[CommitInfo]:
    found = []
    for line in out.splitlines():
        if line:
            sha, parents, author, adate, cdate = line.split("\0")
            found.append(CommitInfo(sha, tuple(parents.split()), author, adate, cdate))
    return found


def new_commits(new: str, cwd: Path | str | None = None) -> list[CommitInfo]:
    """Commits reachable from `new` that no existing ref reaches (what a push brings), oldest first."""
    done = git(
        [
            "rev-list",
            "--reverse",
            "--topo-order",
            f"--format={_FMT}",
            "--no-commit-header",
            new,
            "--not",
            "--all",
        ],
        cwd,
        check=False,
    )
    if done.returncode != 0:  # git < 2.33 has no --no-commit-header
        done = git(["log", "--reverse", "--topo-order", f"--format={_FMT}", new, "--not", "--all"], cwd)
    return _commits(done.out)


def path_history(path: str, cwd: Path | str | None = None) -> list[tuple[CommitInfo, str]]:
    """(commit, the path's name in it) for every commit that changed `path`, oldest first; follows renames."""
    done = git(
        ["log", "--reverse", "--follow", "--name-only", f"--format=%x01{_FMT}", "--", path], cwd, check=False
    )
    found: list[tuple[CommitInfo, str]] = []
    for chunk in done.out.split("\x01")[1:]:
        head_line, _, rest = chunk.partition("\n")
        names = [n for n in rest.splitlines() if n.strip()]
        commit = _commits(head_line)[0]
        found.append((commit, names[-1] if names else path))
    return found


def config_value(key: str, cwd: Path | str | None = None) -> str | None:
    done = git(["config", "--get", key], cwd, check=False)
    return done.out.strip() if done.returncode == 0 else None


# --- creating and committing a review (scr new, scr demo) ---

def require_identity() -> None:
    """Refuse before any work when git could not record who made a commit."""
    if not (config_value("user.name") and config_value("user.email")):
        raise EnvironmentProblem(
            "git does not know who you are, so it cannot record who made the first commit",
            hint='run git config --global user.name "Your Name" and git config --global user.email you@example.org',
        )


def init(root: Path) -> None:
    git(["init", "-q", "-b", "main", str(root)])


def set_identity(root: Path, name: str, email: str) -> None:
    git(["config", "user.name", name], root)
    git(["config", "user.email", email], root)


def commit_all(root: Path, message: str, *, date: str | None = None, no_verify: bool = False) -> str:
    """Stage everything git does not ignore and commit it; returns the new commit id."""
    git(["add", "-A"], root)
    return commit_staged(root, message, date=date, no_verify=no_verify)


def commit_staged(root: Path, message: str, *, date: str | None = None, no_verify: bool = False) -> str:
    """Commit what is staged (author and committer dated `date` when given); returns the new commit id."""
    import os

    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date is not None else None
    args = ["git", "commit", "-q", "-m", message, *(["--no-verify"] if no_verify else [])]
    proc.run(args, cwd=root, env=env)
    return git(["rev-parse", "HEAD"], root).out.strip()


def changed_paths(root: Path, paths: Sequence[str]) -> list[str]:
    """Which of these paths differ from the last commit, staged or not (new files count)."""
    done = git(["status", "--porcelain", "-z", "--untracked-files=all", "--", *paths], root)
    return sorted({entry[3:] for entry in done.out.split("\0") if len(entry) > 3})


def commit_paths(root: Path, message: str, paths: Sequence[str]) -> str:
    """Commit exactly these paths as they are in the work tree (the hooks run); returns the new commit id."""
    git(["add", "--", *paths], root)
    git(["commit", "-q", "-m", message, "--", *paths], root)
    return git(["rev-parse", "HEAD"], root).out.strip()
