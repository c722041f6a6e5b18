"""The dashboard: `streamlit run dashboard/app.py [-- --data PATH]`.

Layout and widgets only; loading, state, map building and exports are plain
functions in the package. The map is a small custom component: the folium map
is sent once per dataset and filter set, then moves client-side; the date it
reports back drives the URL (`?date=`) and the panels below it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

if __package__ in (None, ""):  # `streamlit run dashboard/app.py` runs this file as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import assets
from dashboard.cli import DEFAULT_DATA
from dashboard.loader import LoadedDataset, load_dataset
from dashboard.mapview import MapOptions, build_map, default_date, default_window, render_html
from dashboard.problems import DatasetError
from dashboard.state import build_timeline

MAP_HEIGHT = 640
_deploymap = components.declare_component("deploymap", path=str(assets.FRONTEND))


def data_path() -> Path:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args.data


def _stamp(path: Path) -> tuple:
    """Changes when any file of the dataset changes, so edits are picked up on rerun."""
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file())


@st.cache_resource(show_spinner="Loading the dataset…", max_entries=8)
def load(path: str, stamp: tuple) -> tuple[LoadedDataset | None, DatasetError | None]:
    try:
        loaded = load_dataset(path)
    except DatasetError as exc:
        return None, exc
    return loaded, None


@st.cache_resource(max_entries=8)
def timeline_for(fingerprint: str, _loaded: LoadedDataset):
    return build_timeline(_loaded)


@st.cache_resource(show_spinner="Drawing the map…", max_entries=16)
def map_html(fingerprint: str, options: MapOptions, _loaded: LoadedDataset) -> str:
    return render_html(build_map(_loaded, options, timeline_for(fingerprint, _loaded)))


def parse_query_date(text: str | None, first: dt.date, last: dt.date) -> tuple[dt.date | None, str | None]:
    """A date from the URL, or None and a notice saying why it was ignored."""
    if not text:
        return None, None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None, f"The date '{text[:40]}' in the link is not a date written YYYY-MM-DD; showing the default date."
    if not first <= day <= last:
        return None, f"The date {day} in the link is outside the timeline ({first} to {last}); showing the default date."
    return day, None


def show_problems(path: Path, error: DatasetError) -> None:
    st.error(f"The dataset at `{path}` cannot be shown: {error.summary()}. Fix these and reload the page.")
    rows = [p.as_dict() for p in error.problems]
    st.dataframe(rows, hide_index=True, column_order=["file", "line", "record", "field", "message"],
                 width="stretch")
    st.caption("Check it from a terminal with `python -m dashboard validate --data PATH`.")


def main() -> None:
    st.set_page_config(page_title="Troop deployments", page_icon="🗺️", layout="wide")
    path = data_path()
    st.title("Troop deployments, February 2022")
    missing = assets.check()
    if missing:
        st.error(f"The map's web assets are not installed ({', '.join(missing)}): {assets.SETUP_HINT}.")
        st.stop()
    if not path.exists():
        st.error(f"No dataset at `{path}`. Start the app with `streamlit run dashboard/app.py -- --data PATH`, "
                 "where PATH is a dataset YAML file or folder.")
        st.stop()
    loaded, error = load(str(path), _stamp(path))
    if error is not None:
        show_problems(path, error)
        st.stop()
    assert loaded is not None
    timeline = timeline_for(loaded.fingerprint, loaded)
    first, last = default_window(loaded, timeline)
    if not loaded.dataset.movements and not loaded.dataset.events and not loaded.dataset.areas:
        st.info("This dataset has no movements, events or areas yet: there is nothing to draw. "
                "Add some to the YAML files and reload.")
        st.stop()

    state = st.session_state
    if "date" not in state:
        day, notice = parse_query_date(st.query_params.get("date"), first, last)
        state.date = day or default_date(loaded, (first, last))
        state.url_notice = notice
        state.command_seq = 0
        state.command = {"seq": 0, "date": state.date.isoformat()}
        state.pick_date = state.date
    if state.get("url_notice"):
        st.warning(state.url_notice)

    def on_pick() -> None:  # the sidebar date input moves the map
        state.date = state.pick_date
        state.command_seq += 1
        state.command = {"seq": state.command_seq, "date": state.date.isoformat()}

    def on_map() -> None:  # the map reports a new date or a clicked unit
        value = state.get("map") or {}
        try:
            reported = dt.date.fromisoformat(value.get("date") or "")
        except (TypeError, ValueError):
            return
        if first <= reported <= last:
            state.date = reported
            state.pick_date = reported
        if value.get("unit"):
            state.unit = value["unit"]

    with st.sidebar:
        st.header("Date")
        st.date_input("Go to date", min_value=first, max_value=last, key="pick_date", on_change=on_pick,
                      format="YYYY-MM-DD", help="Or drag the timeline under the map; ▶ Play animates it.")
        st.caption(f"Timeline: {first:%d %b %Y} – {last:%d %b %Y}")
        st.header("Map")
        online = st.toggle("Online map tiles", value=False,
                           help="Adds OpenStreetMap tiles as a base layer. Off by default: the map works offline "
                                "with the bundled Natural Earth borders.")
        st.header("Dataset")
        st.caption(loaded.summary())

    options = MapOptions(date=state.date, window=(first, last), online_tiles=online)
    html = map_html(loaded.fingerprint, options_key(options), loaded)
    map_key = hashlib.sha1(html.encode("utf-8")).hexdigest()[:16]
    _deploymap(html=html, map_key=map_key, command=state.command, height=MAP_HEIGHT, key="map",
               default=None, on_change=on_map)
    st.query_params["date"] = state.date.isoformat()
    st.caption(f"Showing {state.date:%A %d %B %Y}. Click a unit, route, event or area for its sources.")


def options_key(options: MapOptions) -> MapOptions:
    """Options that decide the map's HTML: the date is excluded, the map moves to it client-side."""
    from dataclasses import replace

    return replace(options, date=None)


main()
