"""Folders that live as long as a viewer's session: an upload, a curation scratch folder.

One mechanism for all of them: `uploads.SessionFolders`, asked of the server which
sessions are alive, removes a session's folders after a grace time. Nothing here waits
for the garbage collector (the app freezes its start-up heap out of the collector's
sight, so finalizers attached then would never run).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.ui import uploads


def _session_alive(session_id: str) -> bool:
    if not runtime.exists():  # no server (AppTest): nothing can tell, so keep the folder
        return True
    return runtime.get_instance().is_active_session(session_id)


@st.cache_resource
def session_folders() -> uploads.SessionFolders:
    """Once per server: removes the folders of sessions that have ended."""
    grace = float(os.environ.get("DEPLOYMAP_UPLOAD_GRACE_S", "180"))  # a dropped connection may come back
    every = float(os.environ.get("DEPLOYMAP_UPLOAD_SWEEP_S", "30"))
    return uploads.SessionFolders(_session_alive, grace=grace).start(every)


def session_id() -> str | None:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else None


def hold(slot: str, folder: Path) -> None:
    """This session now owns `folder` in `slot` (a folder it held there before is removed)."""
    sid = session_id()
    if sid:
        session_folders().hold(sid, folder, slot)


def release(slot: str, folder: Path | None = None) -> None:
    """This session is done with its folder in `slot`: remove it now."""
    sid = session_id()
    if sid:
        session_folders().release(sid, slot)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def folder(slot: str) -> Path:
    """This session's folder in `slot`, made on first use (under the upload root, so a
    crashed server's leftovers are swept at the next start like uploads)."""
    sid = session_id()
    held = session_folders().get(sid, slot) if sid else None
    if held is not None and held.is_dir():
        return held
    made = uploads.new_session_folder()
    if sid:
        session_folders().hold(sid, made, slot)
    return made
