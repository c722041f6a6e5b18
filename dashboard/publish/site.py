"""`publish`: the dataset as a static site that any web host, object store or `file://` serves, for
any number of viewers, with no Python server.

Rule: the site is a folder of plain files, every link in it relative:
- index.html: the map with its timeline and layers, the map in words for the shown date (words.js
  holds it for every day), links to the stories, the dates and the data; `#date=YYYY-MM-DD` opens a day;
- story-<id>.html: each story, step by step (`#step=N`);
- dates/index.html and dates/<day>.html: the map in words for each day, a page a link can point to;
- data/: the dataset as a zip (YAML, outlines, stored source texts), a GeoJSON snapshot, a CSV table;
- assets/: one copy of the map's scripts and styles (pinned npm packages), shared by every page.
A folder that holds something other than a site this command wrote is never written into.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.core.loader import LoadedDataset
from dashboard.engine.timeline import Timeline, build_timeline, day_number
from dashboard.export.errors import ExportError
from dashboard.publish import pages
from dashboard.web import assets
from dashboard.web.options import MapOptions, default_date, default_window

MARKER = ".deploymap-site"
MAX_DATE_PAGES = 1000
FIRST_VIEW = ("index.html", *(f"assets/{name}" for name in assets.ASSETS))  # words.js loads after the map


@dataclass
class SiteReport:
    out: Path
    files: dict[str, int] = field(default_factory=dict)  # relative path -> bytes

    @property
    def total(self) -> int:
        return sum(self.files.values())

    @property
    def first_view(self) -> int:
        """Bytes a first visit to index.html loads before the map is on screen: the page and its assets
        (the words of every date, words.js, load after it)."""
        return sum(self.files.get(name, 0) for name in FIRST_VIEW)


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(f"--out {out} is a file; give a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise ExportError(
            f"--out {out} already holds files that this command did not write; give an empty or new folder "
            "(a folder of an earlier `publish` is replaced)"
        )


def site_days(loaded: LoadedDataset, timeline: Timeline, window: tuple[dt.date, dt.date]) -> list[dt.date]:
    """The days that get a page: every day of the window when it is short, else the days on which
    something starts, ends or happens (a departure or arrival bound, an event, an area), at most
    MAX_DATE_PAGES of them."""
    first, last = window
    span = (last - first).days + 1
    if span <= MAX_DATE_PAGES:
        return [first + dt.timedelta(days=i) for i in range(span)]
    lo, hi = day_number(first), day_number(last)
    import numpy as np

    marks = np.concatenate(
        [timeline.depart_lo, timeline.depart_hi, timeline.arrive_lo, timeline.arrive_hi]
        + [np.array([e.date.lo for e in loaded.dataset.events if e.date.earliest is not None])]
    )
    marks = np.unique(np.floor(marks[np.isfinite(marks) & (marks >= lo) & (marks <= hi)]))
    if marks.size > MAX_DATE_PAGES:
        marks = marks[np.linspace(0, marks.size - 1, MAX_DATE_PAGES).round().astype(int)]
    return [first + dt.timedelta(days=int(d - lo)) for d in marks]


def _write(report: SiteReport, rel: str, data: bytes | str) -> None:
    path = report.out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.write_bytes(raw)
    report.files[rel] = len(raw)


def _dataset_zip(loaded: LoadedDataset) -> bytes:
    """The dataset's files (YAML, outlines) and its stored source texts, paths as under its base folder."""
    import io

    base = loaded.base if loaded.base is not None else loaded.root.parent
    root = loaded.root
    folder = root if root.is_dir() else root.parent
    files = (
        sorted(p for p in folder.glob("*") if p.is_file() and p.suffix in (".yaml", ".yml"))
        if root.is_dir()
        else [root]
    )
    named = [s.file for s in loaded.dataset.sources if s.file] + [
        a.geometry for a in loaded.dataset.areas if isinstance(a.geometry, str)
    ]
    for rel in named:  # stored source texts and outline files, as the dataset names them
        target = (folder / rel).resolve()
        if target.is_file():
            files.append(target)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in dict.fromkeys(p.resolve() for p in files):
            try:
                arc = f.relative_to(Path(base).resolve())
            except ValueError:
                arc = Path(f.name)
            z.write(f, arc.as_posix())
    return buf.getvalue()


def publish(loaded: LoadedDataset, out: Path, title: str | None = None, timeline: Timeline | None = None) -> SiteReport:
    """Write the static site of `loaded` into `out` (see the module's rule)."""
    from dashboard.engine.analysis import movements_table
    from dashboard.export.dispatch import export_bytes

    out = Path(out)
    _check_out(out)
    timeline = timeline if timeline is not None else build_timeline(loaded)
    title = title or "Troop deployments"
    staging = out.with_name(out.name + ".partial")
    if staging.exists():
        shutil.rmtree(staging)
    report = SiteReport(out=staging)
    _write(report, MARKER, "written by `python -m dashboard publish`; the folder is replaced on the next run\n")
    for name in assets.ASSETS:
        _write(report, f"assets/{name}", assets.path(name).read_bytes())
    images = assets.FRONTEND / "node_modules" / "leaflet" / "dist" / "images"
    for img in sorted(images.glob("*.png")):
        _write(report, f"assets/images/{img.name}", img.read_bytes())

    window = default_window(loaded, timeline)
    day = default_date(loaded, window)
    days = site_days(loaded, timeline, window)
    words = pages.words_by_day(loaded, timeline, days)
    _write(report, "words.js", pages.words_script(words))

    stories = [(f"story-{s.id}.html", s.title) for s in loaded.dataset.stories]
    for story in loaded.dataset.stories:
        _write(
            report, f"story-{story.id}.html", pages.story_html(loaded, story, timeline, inline=False, home="index.html")
        )

    _write(report, "data/dataset.zip", _dataset_zip(loaded))
    _write(report, "data/map.geojson", export_bytes("geojson", loaded, MapOptions(date=day, window=window)))
    table = movements_table(loaded, timeline, day)
    _write(report, "data/movements.csv", table.to_csv(index=False))
    downloads = [
        ("data/dataset.zip", "The dataset (YAML, outlines and stored sources), zipped"),
        ("data/map.geojson", f"GeoJSON snapshot on {day:%-d %B %Y}"),
        ("data/movements.csv", f"Movements table on {day:%-d %B %Y} (CSV)"),
    ]
    _write(report, "index.html", pages.index_html(loaded, timeline, title, stories, downloads, inline=False))

    _write(report, "dates/index.html", pages.dates_index(title, days))
    for i, d in enumerate(days):
        prev = days[i - 1] if i else None
        nxt = days[i + 1] if i + 1 < len(days) else None
        _write(report, f"dates/{d.isoformat()}.html", pages.date_page(title, d, words[d.isoformat()], prev, nxt))

    if out.exists():
        shutil.rmtree(out)
    staging.rename(out)
    report.out = out
    return report
