"""Writing export files: atomically (a temporary file in the target folder, then a rename), and never over
a special file (a FIFO, socket or device is refused, before and after rendering)."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from dashboard.export.errors import ExportError

# --------------------------------------------------------------------------- files


def _special_file(out: Path) -> str | None:
    """What `out` is when it exists and is not a regular file (nor a link to one): a rename
    over it would replace a FIFO, socket or device node (`/dev/null` as root) with a file."""
    try:
        mode = os.stat(out).st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return None  # a dangling link or unreadable path: the write itself will say
    if stat.S_ISREG(mode):
        return None
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def refuse_special_file(out: Path) -> None:
    kind = _special_file(out)
    if kind is not None:
        raise ExportError(
            f"--out {out} is {kind}, not a regular file; exports only create or replace regular files: give a file name"
        )


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """Yield a temporary path beside `out`; rename it over `out` only on success, and never over
    anything but a regular file (see refuse_special_file)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as fh:  # on disk before the rename makes it visible
            os.fsync(fh.fileno())
        refuse_special_file(out)  # again: it may have appeared while the export ran
        try:  # mkstemp makes the file private (0600); give it the mode a new file would get
            os.chmod(tmp, out.stat().st_mode & 0o7777 if out.exists() else 0o666 & ~_umask())
        except OSError:
            pass
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@lru_cache(maxsize=1)
def _umask() -> int:
    """The process's umask, read without changing it where Linux allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_bytes_atomic(out: Path, data: bytes) -> None:
    with atomic_path(out) as tmp:
        tmp.write_bytes(data)


def check_writable(out: Path) -> None:
    """Raise ExportError unless `out` can be written (checked before a long export starts)."""
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"--out {out} is a folder; give a file name")
    refuse_special_file(out)
    if out.exists() and not os.access(out, os.W_OK):
        raise ExportError(f"cannot write {out}: permission denied")
    parent = out.parent
    while not parent.exists():
        if parent.parent == parent:
            break
        parent = parent.parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {out}: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {out}: the folder {parent} is not writable")
