"""The personnel chart draws exactly what `personnel_by_country` says: one band per (day, place)
from the people certainly there to those possibly there, with both numbers in its description."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest

from dashboard.core.loader import load_dataset
from dashboard.engine.analysis import personnel_by_country
from dashboard.engine.timeline import build_timeline
from dashboard.ui.charts import OPEN_HEADROOM, chart_countries, mark_label, parse_label, personnel_chart
from dashboard.web.page import default_date, default_window

ROOT = Path(__file__).resolve().parents[2]


def marks(chart) -> dict[tuple[str, str], dict]:
    """(day, country) -> the mark's row (its encoded fields), from the chart's Vega-Lite spec."""
    spec = chart.to_dict()
    out: dict[tuple[str, str], dict] = {}
    for part in spec["vconcat"]:
        enc = part["encoding"]
        assert part["mark"]["type"] == "bar" and enc["y"]["field"] == "low" and enc["y2"]["field"] == "top"
        for row in spec["datasets"][part["data"]["name"]]:
            key = (row["day"], row["country"])
            assert key not in out, f"two marks for {key}"
            out[key] = row
    return out


@pytest.mark.parametrize("data", ["data", "tests/data/valid/exact_dates"])
def test_chart_marks_are_the_analysis_rows(data):
    loaded = load_dataset(ROOT / data)
    timeline = build_timeline(loaded)
    window = default_window(loaded, timeline)
    day = default_date(loaded, window)
    frame = personnel_by_country(loaded, timeline, *window)
    drawn = marks(personnel_chart(frame, day))
    rows = frame[frame["high"] > 0]
    assert set(drawn) == {(r.date.isoformat(), r.country) for r in rows.itertuples()}
    for r in rows.itertuples():
        mark = drawn[(r.date.isoformat(), r.country)]
        assert mark["low"] == r.low and mark["top"] == r.high  # the band: low .. high
        assert mark["label"] == mark_label(r.date, r.country, r.low, r.high, r.approximate)
        assert parse_label(mark["label"]) == (r.date.isoformat(), r.country, r.low, r.high, r.approximate)
        assert mark["mapday"] == (r.date == day)


def test_the_bundled_chart_draws_ranges_not_lines():
    loaded = load_dataset(ROOT / "data")
    timeline = build_timeline(loaded)
    window = default_window(loaded, timeline)
    frame = personnel_by_country(loaded, timeline, *window)
    drawn = marks(personnel_chart(frame, window[0]))
    assert any(m["top"] > m["low"] for m in drawn.values())
    assert any(" to " in m["label"] for m in drawn.values())


def test_an_open_count_rises_to_the_top_dashed():
    day = dt.date(2022, 2, 10)
    frame = pd.DataFrame(
        [
            {"date": day, "country": "POL", "personnel": 500, "low": 500, "high": math.inf, "approximate": False},
            {"date": day, "country": "ROU", "personnel": 800, "low": 800, "high": 1000.0, "approximate": True},
            {"date": day, "country": "DEU", "personnel": 0, "low": 0, "high": 0.0, "approximate": False},
        ]
    )
    chart = personnel_chart(frame, day)
    drawn = marks(chart)
    assert set(drawn) == {("2022-02-10", "POL"), ("2022-02-10", "ROU")}  # nobody possibly in DEU: no mark
    pol, rou = drawn[("2022-02-10", "POL")], drawn[("2022-02-10", "ROU")]
    assert pol["open"] and pol["high"] is None and pol["top"] == 1000 * OPEN_HEADROOM
    assert pol["label"] == "2022-02-10 POL 500 or more" and pol["range"] == "no upper bound given"
    assert rou["label"] == "2022-02-10 ROU 800 to 1000, approximate" and not rou["open"]
    assert parse_label(pol["label"]) == ("2022-02-10", "POL", 500, math.inf, False)
    spec = chart.to_dict()["vconcat"][0]["encoding"]
    assert spec["strokeDash"]["condition"]["test"] == "datum.open"


def test_many_countries_draw_the_largest():
    day = dt.date(2022, 2, 10)
    frame = pd.DataFrame(
        [
            {"date": day, "country": f"C{k:02d}", "personnel": k, "low": k, "high": float(k), "approximate": False}
            for k in range(1, 15)
        ]
    )
    assert chart_countries(frame, 3) == ["C12", "C13", "C14"]
    assert len(personnel_chart(frame, day, limit=3).to_dict()["vconcat"]) == 3
