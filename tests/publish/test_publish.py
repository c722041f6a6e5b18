"""`publish` (a static site) and `story` (HTML slides, a PDF handout, a GIF/MP4): what they write,
checked against the data; hostile text stays text; a folder that is not a site is never written into.
The browser side (served on loopback, opened offline) is tests/browser/test_publish_browser.py."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from dashboard.core.loader import load_dataset
from dashboard.engine.describe import describe
from dashboard.engine.timeline import build_timeline
from dashboard.export.errors import ExportError
from dashboard.publish.handout import FRAME_SIZE, story_frames
from dashboard.publish.pages import story_html
from dashboard.publish.site import MARKER, publish

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
INJECTION = REPO / "tests" / "data" / "valid" / "injection"
HOSTILE = "<img src=x onerror=alert(1)> <script>alert(2)</script> \"'><svg onload=alert(3)>"


@pytest.fixture(scope="module")
def bundled():
    loaded = load_dataset(DATA)
    return loaded, build_timeline(loaded)


@pytest.fixture(scope="module")
def site(tmp_path_factory, bundled):
    loaded, timeline = bundled
    out = tmp_path_factory.mktemp("site") / "site"
    return publish(loaded, out, timeline=timeline)


def test_the_site_holds_its_pages_data_and_assets(site, bundled):
    loaded, timeline = bundled
    out = site.out
    for rel in (
        "index.html",
        "words.js",
        "dates/index.html",
        "data/dataset.zip",
        "data/map.geojson",
        "data/movements.csv",
    ):
        assert (out / rel).is_file(), rel
    assert (out / f"story-{loaded.dataset.stories[0].id}.html").is_file()
    for name in ("leaflet.js", "leaflet.css", "deploymap.js", "deploymap.css", "pages.js"):
        assert (out / "assets" / name).is_file()
    index = (out / "index.html").read_text("utf-8")
    assert 'src="assets/leaflet.js"' in index and 'src="assets/pages.js"' in index
    # the first view carries the shown date's words; every date's (words.js) load after the map
    assert html.escape(describe(loaded, timeline, dt.date(2022, 2, 10)).text) in index
    assert "words.js" not in index
    assert "node_modules" not in index  # every asset link points into the site
    # no absolute or remote reference: the site works from any host and from disk
    assert not re.search(r'(?:src|href)="(?:https?:)?//', index)
    # the sizes reported are the files' sizes; the first view stays within the issue's 2 MB budget
    assert site.files["index.html"] == (out / "index.html").stat().st_size
    assert site.first_view <= 2_000_000


def test_a_page_per_date_says_what_the_map_shows(site, bundled):
    loaded, timeline = bundled
    pages = sorted((site.out / "dates").glob("2022-*.html"))
    assert len(pages) == 14  # the window, 7 to 20 Feb 2022: short enough for a page per day
    text = (site.out / "dates" / "2022-02-20.html").read_text("utf-8")
    words = describe(loaded, timeline, dt.date(2022, 2, 20)).text
    assert words.replace("'", "&#x27;") in text
    assert 'href="../index.html#date=2022-02-20"' in text
    assert '<html lang="en">' in text


def test_an_existing_folder_that_is_not_a_site_is_refused(tmp_path, bundled):
    loaded, timeline = bundled
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="did not write"):
        publish(loaded, tmp_path, timeline=timeline)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_publishing_again_replaces_the_earlier_site(tmp_path, bundled):
    loaded, timeline = bundled
    out = tmp_path / "site"
    publish(loaded, out, timeline=timeline)
    (out / "stale.html").write_text("old", encoding="utf-8")
    publish(loaded, out, timeline=timeline)
    assert (out / MARKER).is_file() and not (out / "stale.html").exists()


def _hostile_dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "inj"
    shutil.copytree(INJECTION, folder)
    quote = yaml.safe_load((INJECTION / "movements.yaml").read_text("utf-8"))["movements"][0]["citations"][0]["quote"]
    story = {
        "id": "inj-story",
        "title": f"Story {HOSTILE}",
        "description": f"About {HOSTILE}",
        "steps": [
            {
                "date": "2022-02-10",
                "caption": f"Caption {HOSTILE}",
                "units": ["inj-bn"],
                "citations": [{"source": "inj-src", "quote": quote}, {"note": f"Note {HOSTILE}"}],
            }
        ],
    }
    (folder / "stories.yaml").write_text(yaml.safe_dump({"stories": [story]}, allow_unicode=True), encoding="utf-8")
    return folder


def test_hostile_text_stays_text_in_every_page(tmp_path):
    loaded = load_dataset(_hostile_dataset(tmp_path))
    report = publish(loaded, tmp_path / "site")
    for rel in [r for r in report.files if r.endswith(".html")]:
        page = (report.out / rel).read_text("utf-8")
        assert "<img src=x" not in page and "<svg onload" not in page, rel
        assert "<script>alert" not in page, rel
    story_page = (report.out / "story-inj-story.html").read_text("utf-8")
    assert "Caption &lt;img src=x onerror=alert(1)&gt;" in story_page
    inline = story_html(loaded, loaded.dataset.stories[0], inline=True)
    assert "<script>alert" not in inline and "Note &lt;img" in inline


def test_story_cli_writes_slides_a_handout_and_a_gif(tmp_path, bundled):
    loaded, _ = bundled
    n = len(loaded.dataset.stories[0].steps)
    for name in ("story.html", "story.pdf", "story.gif"):
        out = tmp_path / name
        run = subprocess.run(
            [sys.executable, "-m", "dashboard", "story", "--data", str(DATA), "--out", str(out)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert run.returncode == 0, run.stderr
        assert out.stat().st_size > 1000
    html = (tmp_path / "story.html").read_text("utf-8")
    assert html.count('<section class="step"') == n and "node_modules" not in html
    pdf = (tmp_path / "story.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == n  # a page per step
    from PIL import Image

    with Image.open(tmp_path / "story.gif") as gif:
        assert gif.size == FRAME_SIZE and gif.n_frames >= n


def test_story_frames_carry_a_caption_band_and_progress(bundled):
    loaded, timeline = bundled
    frames = story_frames(loaded, loaded.dataset.stories[0], timeline)
    first, last = frames[0], frames[-1]
    assert first.shape == (FRAME_SIZE[1], FRAME_SIZE[0], 3)
    band = first[610:700, 10:600]
    assert (band < 100).any()  # dark caption text drawn in the band under the map
    progress_first = np.count_nonzero((first[-2] == (31, 78, 140)).all(axis=1))
    progress_last = np.count_nonzero((last[-2] == (31, 78, 140)).all(axis=1))
    assert progress_first < progress_last == FRAME_SIZE[0]


def test_story_cli_names_what_is_wrong(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "story",
            "--data",
            str(DATA),
            "--story",
            "nope",
            "--out",
            str(tmp_path / "a.html"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "no story 'nope'" in run.stderr and "Traceback" not in run.stderr
    run = subprocess.run(
        [sys.executable, "-m", "dashboard", "story", "--data", str(DATA), "--out", str(tmp_path / "a.docx")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "html, pdf, gif, mp4" in run.stderr


def _share(image: np.ndarray, colour: str) -> float:
    """How much of an RGB image is (within 3 levels) the hex colour."""
    rgb = np.array([int(colour[k : k + 2], 16) for k in (1, 3, 5)])
    return float((np.abs(image.astype(int) - rgb) <= 3).all(axis=2).mean())


@pytest.mark.parametrize("theme", ["dark", "print"])
def test_story_frames_draw_the_maps_in_the_theme_asked_for(bundled, theme):
    from dashboard.publish.handout import MAP_SIZE
    from dashboard.web.style import THEMES

    loaded, timeline = bundled
    story = loaded.dataset.stories[0]
    story = story.model_copy(update={"steps": story.steps[:1]})
    map_part = story_frames(loaded, story, timeline, theme)[0][: MAP_SIZE[1]]
    light = story_frames(loaded, story, timeline)[0][: MAP_SIZE[1]]
    land, light_land = THEMES[theme].land, THEMES["light"].land  # the land covers half this map
    assert _share(map_part, land) > 0.3 and _share(map_part, light_land) < 0.01, theme
    assert _share(light, light_land) > 0.3 and _share(light, land) < 0.01


def test_story_cli_takes_a_theme_for_slides_and_says_so(tmp_path):
    from dashboard.web.style import css_variables

    out = tmp_path / "story.html"
    run = subprocess.run(
        [sys.executable, "-m", "dashboard", "story", "--data", str(DATA), "--out", str(out), "--theme", "dark"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert "dark theme" in run.stdout
    page = out.read_text("utf-8")
    assert css_variables("dark") in page and css_variables("light") not in page
    bad = subprocess.run(
        [sys.executable, "-m", "dashboard", "story", "--data", str(DATA), "--out", str(out), "--theme", "neon"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "--theme" in bad.stderr and "Traceback" not in bad.stderr
