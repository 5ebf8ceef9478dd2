"""The reports folder and how files get into it: atomically, so a reader never sees half a report."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .project import current

# held while a temporary file of write_atomic exists: a process stopping at once (stopping.py, a worker's SIGTERM)
# takes it before it removes its temporary files, so a thread writing a report cannot leave one after that
WRITING = threading.RLock()


def reports_dir() -> Path:
    """Where reports go: the folder the project's reports variable names (e.g. $SCO_REPORTS_DIR), or reports/ in the
    project."""
    project = current()
    return Path(os.environ.get(project.reports_variable, project.root / "reports")).resolve()


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary name in the same folder, then rename: readers never see half a file."""
    write_together({path: text})


def write_together(texts: dict[Path, str]) -> None:
    """Write several files so that all of them land or none does: each to a temporary name beside it, and only when
    every one is written (a full disk fails here) are they renamed, in the order given (a report's page last)."""
    temporaries: list[Path] = []
    with WRITING:
        try:
            for path, text in texts.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                temporaries.append(path.with_name(f".{path.name}.{os.getpid()}.tmp"))
                try:
                    temporaries[-1].write_text(text, encoding="utf-8")
                except OSError as exc:  # a failed write() names no file: name the one that was being written
                    if exc.filename is not None:
                        raise
                    raise OSError(exc.errno, exc.strerror, str(path)) from exc
            for tmp, path in zip(temporaries, texts, strict=True):
                os.replace(tmp, path)
        except BaseException:
            for tmp in temporaries:
                tmp.unlink(missing_ok=True)
            raise


def explain(exc: OSError) -> str:
    """An operating-system error as a message that names the file and the fix."""
    where = f"{exc.filename}: " if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"{where}no space left on the device; free some space (temporary files were removed) and build again."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        variable = current().reports_variable
        return f"{where}cannot write here ({exc.strerror}); make the folder writable or set {variable} elsewhere."
    if exc.errno == errno.ENAMETOOLONG:
        return f"{where}file name too long; give fewer or shorter parameter values."
    return f"{where}{exc.strerror or exc}"


def temporary_notebook(name: str) -> Path:
    """Where this process has papermill write a report's notebook while it runs (named so _temporaries finds it)."""
    return reports_dir() / ".tmp" / f"{name}-{os.getpid()}.ipynb"


def _temporaries(pid: int | None = None) -> list[Path]:
    """The running notebooks (temporary_notebook) and half-written files (write_atomic) in the reports folder: of
    every process, or of process `pid` only."""
    root = reports_dir()
    running = "*" if pid is None else f"*-{pid}.ipynb"
    partial = ".*.tmp" if pid is None else f".*.{pid}.tmp"
    return [*(root / ".tmp").glob(running), *root.glob(f"**/{partial}")]


def _remove(path: Path) -> None:
    """Remove a leftover of any kind: a file, a link or a folder (whatever is in .tmp never blocks a build)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


# the lock's file descriptor while this process (or the build that forked it) holds the reports folder
_HELD: list[int] = []


@contextlib.contextmanager
def _writer(wait: Callable[[], None] | None) -> Iterator[bool]:
    """Hold the reports folder (a lock on .cache/writer.lock) inside the block; yields whether this process holds
    it. Without `wait`, a folder another command holds is not waited for (False); with it, `wait()` is called and
    the lock waited for. A folder nobody may write to has nothing to guard (True: the command says what it cannot
    write)."""
    if _HELD:
        yield True
        return
    folder = reports_dir() / ".cache"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / "writer.lock", os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        yield True
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if wait is None:
                yield False
                return
            wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        _HELD.append(fd)
        try:
            yield True
        finally:
            _HELD.remove(fd)
    finally:
        os.close(fd)  # and the lock with it, once no process forked meanwhile keeps it open


@contextlib.contextmanager
def only_writer(say: Callable[[str], None]) -> Iterator[None]:
    """Make this command the only one writing the reports folder: a second build, run or clean waits for the first
    to end, saying so (two at once would write the same index and remove each other's temporary files)."""

    def wait() -> None:
        say(f"waiting for the other build writing {reports_dir()} to end (^C stops waiting)")

    with _writer(wait):
        yield


def clean_interrupted() -> int | None:
    """Remove temporary files an interrupted build left behind (finished reports are never touched); how many, or
    None while another command is writing the folder (they are its own)."""
    with _writer(None) as mine:
        if not mine:
            return None
        stale = _temporaries()
        for path in stale:
            _remove(path)
        return len(stale)


def clean_own(pid: int) -> None:
    """Remove the temporary files process `pid` was writing: a worker stopping because the build was killed
    outright leaves nothing behind, since no build is left to clean up after it."""
    for path in _temporaries(pid):
        _remove(path)


def clean(configured: list[Any]) -> list[str]:
    """Remove what the clean command removes: ad-hoc reports (runs the config does not list) with their cache
    records and exports, failed notebooks and temporary files. Returns one line per thing removed."""
    root = reports_dir()
    keep = {f"{run.report}/{run.slug}" for run in configured}
    removed = []
    for record in sorted((root / ".cache").glob("*/*.json")):
        report, stem = record.parent.name, record.name.removesuffix(".failed.json").removesuffix(".json")
        if f"{report}/{stem}" in keep:
            continue
        for path in [record, *(root / report).glob(f"{stem}.*")]:
            path.unlink(missing_ok=True)
        removed.append(f"removed ad-hoc {report}/{stem}")
    for failed in sorted((root / "_failed").glob("*/*.ipynb")):
        failed.unlink()
        removed.append(f"removed failed notebook {failed.relative_to(root)}")
    count = clean_interrupted()
    if count:
        removed.append(f"removed {count} temporary files")
    return removed or ["nothing to clean"]
