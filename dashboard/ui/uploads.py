"""Datasets uploaded by a viewer: unpacked safely into that session's own folder.

An upload is a YAML file or a zip of a dataset folder (with its seeds and
GeoJSON). Nothing is written outside a per-session folder under
`upload_root()`, which the app removes when the session ends; folders left by a
crashed server are removed at the next start (`sweep_stale`). Zip entries are
checked before anything is extracted: count, sizes, compression ratio, no
absolute paths, no '..', no links.

An upload holds at most 5 MB of dataset files however it is sent: a YAML file of
at most MAX_UPLOAD_BYTES, or a zip (itself at most that size) whose files unpack
to at most MAX_UNPACKED_BYTES in all, the same 5 MB (counted while unpacking too,
since a zip's headers can lie).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import threading
import time
import uuid
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from dashboard.core.paths import REPO_ROOT
from dashboard.core.problems import DatasetError, Problem

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ZIP_ENTRIES = 200
MAX_UNPACKED_BYTES = MAX_UPLOAD_BYTES  # all files of a zip together, once unpacked
MAX_RATIO = 100  # unpacked / packed size of one entry (zip bombs)
ALLOWED_SUFFIXES = {".yaml", ".yml", ".txt", ".geojson", ".json", ".md"}
# Other tools' files, turned into a dataset by `python -m dashboard import` (dashboard.interchange).
IMPORT_SUFFIXES = (".csv", ".tsv", ".xlsx", ".ods", ".geojson", ".json", ".kml", ".kmz", ".czml")
IMPORT_TIMEOUT = 120.0
STALE_SECONDS = 24 * 3600
PREFIX = "deploymap-upload-"


def upload_root() -> Path:
    root = Path(os.environ.get("DEPLOYMAP_UPLOAD_DIR") or Path(tempfile.gettempdir()) / "deploymap-uploads")
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


@dataclass
class Upload:
    """An unpacked upload: `dataset` is the path to load, `folder` the session folder to remove,
    `shown` the name the viewer uploaded it under."""

    folder: Path
    dataset: Path
    shown: str = "upload"
    notices: tuple[Problem, ...] = ()  # what an import of another tool's file could not take, row by row
    imported: bool = False  # made by `python -m dashboard import` from the uploaded file

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def display(self, file: str) -> str:
        """A problem's file as the viewer knows it: the uploaded name (and the path inside a
        zip), never the server's folder."""
        path = Path(file)
        inside = self.folder / "dataset"
        for candidate in (path, Path.cwd() / path):
            try:
                rel = candidate.resolve().relative_to(inside.resolve())
            except (OSError, ValueError):
                continue
            if self.imported:  # the problem's line is in the YAML the import wrote, not in the upload
                return f"{self.shown} (imported as {rel.as_posix()})"
            return (
                self.shown if PurePosixPath(self.shown).suffix.lower() != ".zip" else f"{self.shown}: {rel.as_posix()}"
            )
        return self.hide_folder(file)

    def hide_folder(self, text: str) -> str:
        for prefix in (
            str(self.folder / "dataset") + os.sep,
            str(self.folder.resolve() / "dataset") + os.sep,
            str(self.folder),
            str(self.folder.resolve()),
        ):
            text = text.replace(prefix, "")
        return text

    def for_viewer(self, error: DatasetError) -> DatasetError:
        """The same problems, with file names and messages in the viewer's terms."""
        problems = [replace(p, file=self.display(p.file), message=self.hide_folder(p.message)) for p in error.problems]
        problems += [replace(n, message=self.hide_folder(n.message)) for n in self.notices]
        return DatasetError(problems)


def _problem(name: str, message: str) -> DatasetError:
    return DatasetError([Problem(name, None, None, None, message)])


def new_session_folder() -> Path:
    folder = upload_root() / f"{PREFIX}{os.getpid()}-{uuid.uuid4().hex}"
    folder.mkdir(mode=0o700)
    return folder


def receive(name: str, data: bytes) -> Upload:
    """Unpack an uploaded file into a fresh session folder, or raise DatasetError saying why not."""
    shown = PurePosixPath(name.replace("\\", "/")).name or "upload"
    if len(data) > MAX_UPLOAD_BYTES:
        raise _problem(shown, f"is {len(data):,} bytes, over the upload limit of {MAX_UPLOAD_BYTES:,} bytes")
    suffix = PurePosixPath(shown).suffix.lower()
    folder = new_session_folder()
    try:
        if suffix in (".yaml", ".yml"):
            target = folder / "dataset" / ("dataset" + suffix)
            target.parent.mkdir()
            target.write_bytes(data)
            return Upload(folder, target, shown)
        if suffix == ".zip":
            root = _unzip(shown, data, folder / "dataset")
            return Upload(folder, root, shown)
        if suffix in IMPORT_SUFFIXES:
            return _import(shown, data, folder)
        raise _problem(
            shown,
            "is neither a YAML file (.yaml), a zip of a dataset folder (.zip), nor a file to import "
            f"({', '.join(IMPORT_SUFFIXES)})",
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _unzip(shown: str, data: bytes, dest: Path) -> Path:  # noqa: C901 (one refusal per zip-entry rule, each with its own message)
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _problem(shown, "is not a valid zip file") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise _problem(shown, f"holds {len(infos)} entries, over the limit of {MAX_ZIP_ENTRIES}")
        total = 0
        plan: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
        for info in infos:
            raw = info.filename
            p = PurePosixPath(raw.replace("\\", "/"))
            if raw.startswith(("/", "\\")) or (len(raw) > 1 and raw[1] == ":") or p.is_absolute():
                raise _problem(shown, f"entry '{raw[:100]}' has an absolute path")
            if ".." in p.parts:
                raise _problem(shown, f"entry '{raw[:100]}' leaves the archive folder ('..')")
            mode = (info.external_attr >> 16) & 0o170000
            if mode and stat.S_ISLNK(mode):
                raise _problem(shown, f"entry '{raw[:100]}' is a symbolic link, which is not allowed")
            if info.is_dir():
                continue
            if p.suffix.lower() not in ALLOWED_SUFFIXES:
                raise _problem(
                    shown, f"entry '{raw[:100]}' is not a dataset file ({', '.join(sorted(ALLOWED_SUFFIXES))})"
                )
            if info.flag_bits & 0x1:
                raise _problem(shown, f"entry '{raw[:100]}' is encrypted")
            total += info.file_size
            if total > MAX_UNPACKED_BYTES:
                raise _problem(shown, _too_big_unpacked())
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                raise _problem(shown, f"entry '{raw[:100]}' is compressed suspiciously well (a zip bomb?)")
            plan.append((info, p))
        if not plan:
            raise _problem(shown, "is empty")
        dest.mkdir(parents=True)
        base = dest.resolve()
        remaining = MAX_UNPACKED_BYTES  # for all entries together
        for info, p in plan:
            target = (dest / Path(*p.parts)).resolve()
            if base not in target.parents:
                raise _problem(shown, f"entry '{info.filename[:100]}' leaves the archive folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as src, open(target, "wb") as out:
                    while chunk := src.read(65536):
                        remaining -= len(chunk)
                        if remaining < 0:  # sizes in the header can lie
                            raise _problem(shown, _too_big_unpacked())
                        out.write(chunk)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
                raise _problem(
                    shown,
                    f"is damaged: entry '{info.filename[:100]}' cannot be unpacked "
                    f"({str(exc)[:200] or type(exc).__name__})",
                ) from None
    return _dataset_in(dest, shown)


def _import(shown: str, data: bytes, folder: Path) -> Upload:
    """Another tool's file (CSV, XLSX, GeoJSON, KML, ...) made a dataset by `python -m dashboard import`, in
    a child process (a hostile file that crashes or hangs a reader takes down only the child, within
    IMPORT_TIMEOUT). What the import could not take is kept as the upload's notices."""
    import subprocess
    import sys

    incoming = folder / "incoming"
    incoming.mkdir()
    source = incoming / shown
    source.write_bytes(data)
    target = folder / "dataset"
    cmd = [sys.executable, "-m", "dashboard", "import", str(source), "--out", str(target), "--json"]
    try:
        done = subprocess.run(
            cmd,
            cwd=REPO_ROOT,
            capture_output=True,
            timeout=IMPORT_TIMEOUT,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
    except subprocess.TimeoutExpired:
        raise _problem(shown, f"took more than {IMPORT_TIMEOUT:.0f} s to import and was refused") from None
    lines = done.stderr.decode("utf-8", "replace").splitlines()
    hidden = Upload(folder, target, shown)
    notices: tuple[Problem, ...] = ()
    for out_line in done.stdout.decode("utf-8", "replace").splitlines():
        if out_line.startswith('{"problems"'):
            try:
                notices = tuple(Problem(**p) for p in json.loads(out_line)["problems"])
            except (ValueError, KeyError, TypeError):
                notices = ()
    if done.returncode not in (0, 1) or not target.is_dir():
        why = next((hidden.hide_folder(line) for line in reversed(lines) if line.strip()), "it could not be read")
        detail = "; ".join(hidden.hide_folder(n.message) for n in notices[:3])
        raise _problem(
            shown, f"could not be imported: {why.removeprefix('error: ')}" + (f" ({detail})" if detail else "")
        )
    return Upload(folder, target, shown, notices, imported=True)


def _too_big_unpacked() -> str:
    return (
        f"unpacks to more than {MAX_UNPACKED_BYTES / 1024 / 1024:g} MB ({MAX_UNPACKED_BYTES:,} bytes), "
        "the limit for an uploaded dataset; upload a smaller dataset"
    )


def _dataset_in(dest: Path, shown: str) -> Path:
    """The folder holding the YAML files: the archive root, or its single top folder."""

    def has_yaml(folder: Path) -> bool:
        return any(f.suffix in (".yaml", ".yml") for f in folder.iterdir() if f.is_file())

    if has_yaml(dest):
        return dest
    subdirs = [d for d in dest.iterdir() if d.is_dir()]
    for d in subdirs:
        if d.name == "data" and has_yaml(d):
            return d
    if len(subdirs) == 1:
        inner = subdirs[0]
        if has_yaml(inner):
            return inner
        data = inner / "data"
        if data.is_dir() and has_yaml(data):
            return data
    raise _problem(shown, "holds no dataset: put the .yaml files at the top of the zip or in a 'data' folder")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def precheck(upload: Upload, timeout: float = 60.0) -> DatasetError | None:
    """Validate the upload in a child process first, so input that crashes or hangs a
    parser takes down only that child, never the server every viewer shares, and within
    the child's time limit. Returns None when the upload is valid (the server then loads
    it, on the linear path of a valid file); otherwise the problems, as the child found
    them, so the server never parses an invalid upload itself."""
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "dashboard", "validate", "--json", "--data", str(upload.dataset)]
    cmd += ["--base", str(upload.folder)]
    root = REPO_ROOT
    try:
        done = subprocess.run(
            cmd, cwd=root, capture_output=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(root)}
        )
    except subprocess.TimeoutExpired:
        return _problem(upload.dataset.name, f"took more than {timeout:.0f} s to check and was refused")
    if done.returncode < 0 or done.returncode not in (0, 1):
        return _problem(
            upload.dataset.name,
            f"could not be read: the YAML parser failed on it (exit {done.returncode}); it was refused",
        )
    if done.returncode == 0:
        return None
    try:
        found = json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])["problems"]
        problems = [Problem(**{**p, "file": _absolute(p["file"], root)}) for p in found]
    except (ValueError, KeyError, IndexError, TypeError):
        return _problem(upload.dataset.name, "could not be checked (the checker's answer was unreadable)")
    return DatasetError(problems)


def _absolute(file: str, cwd: Path) -> str:
    """A problem's file as the child reported it (relative to its working folder), made absolute."""
    path = Path(file)
    return str(path if path.is_absolute() else (cwd / path).resolve())


def sweep_stale(max_age: float = STALE_SECONDS, now: float | None = None) -> int:
    """Remove session folders whose server process is gone (a crash) or older than `max_age`."""
    now = time.time() if now is None else now
    removed = 0
    for folder in upload_root().glob(PREFIX + "*"):
        pid_text = folder.name[len(PREFIX) :].split("-", 1)[0]
        try:
            dead = pid_text.isdigit() and int(pid_text) != os.getpid() and not _alive(int(pid_text))
            if dead or now - folder.stat().st_mtime > max_age:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except FileNotFoundError:
            continue
    return removed


class SessionFolders:
    """Scratch and upload folders by viewer session, removed once their session has been
    gone for `grace` seconds (a dropped connection may come back within Streamlit's own
    grace time). A session holds at most one folder per `slot` ("upload", "curate", ...):
    holding a new folder in a slot removes the one it replaces.

    This is the one session-lifetime mechanism of the app: it does not depend on the
    garbage collector, whose sight the app narrows with `gc.freeze`, so "removed when the
    session ends" holds whatever the collector does. `is_alive(session_id)` is the
    server's word on a session; `sweep` runs every `every` seconds on a daemon thread
    once `start` is called.
    """

    def __init__(self, is_alive, grace: float = 180.0, clock=time.monotonic):
        self._is_alive, self._grace, self._clock = is_alive, grace, clock
        self._held: dict[tuple[str, str], tuple[Path, float | None]] = {}  # (session, slot) -> (folder, gone since)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def hold(self, session_id: str, folder: Path, slot: str = "upload") -> None:
        with self._lock:
            previous = self._held.get((session_id, slot))
            self._held[(session_id, slot)] = (Path(folder), None)
        if previous and previous[0] != Path(folder):
            shutil.rmtree(previous[0], ignore_errors=True)

    def release(self, session_id: str, slot: str = "upload") -> None:
        """The session dropped this folder (e.g. removed its upload): remove it now."""
        with self._lock:
            held = self._held.pop((session_id, slot), None)
        if held:
            shutil.rmtree(held[0], ignore_errors=True)

    def get(self, session_id: str, slot: str) -> Path | None:
        with self._lock:
            held = self._held.get((session_id, slot))
        return held[0] if held else None

    def held(self) -> dict[str, dict[str, Path]]:
        """session -> {slot: folder}."""
        out: dict[str, dict[str, Path]] = {}
        with self._lock:
            for (sid, slot), (folder, _) in self._held.items():
                out.setdefault(sid, {})[slot] = folder
        return out

    def sweep(self) -> list[Path]:
        """Remove the folders of sessions gone for longer than the grace time."""
        now, removed = self._clock(), []
        with self._lock:
            alive: dict[str, bool] = {}
            for key, (folder, gone_since) in list(self._held.items()):
                sid = key[0]
                if sid not in alive:
                    alive[sid] = bool(self._is_alive(sid))
                if alive[sid]:
                    self._held[key] = (folder, None)
                elif gone_since is None:
                    self._held[key] = (folder, now)
                elif now - gone_since >= self._grace:
                    del self._held[key]
                    removed.append(folder)
        for folder in removed:
            shutil.rmtree(folder, ignore_errors=True)
        return removed

    def start(self, every: float = 30.0) -> SessionFolders:
        if self._thread is None:

            def loop() -> None:
                while True:
                    time.sleep(every)
                    try:
                        self.sweep()
                    except Exception:  # noqa: BLE001 (a failed sweep must not stop the next)
                        pass

            self._thread = threading.Thread(target=loop, name="upload-folder-sweeper", daemon=True)
            self._thread.start()
        return self
