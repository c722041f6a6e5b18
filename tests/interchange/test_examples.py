"""Every example under docs/examples/ imports: the exports of data/ give back the bundled dataset, the
analyst's sheet, GeoJSON and ACLED files give what the README says they give."""

from __future__ import annotations

import pytest

from dashboard.core.loader import load_dataset
from dashboard.core.problems import DatasetError
from dashboard.interchange import read
from dashboard.interchange.dataset import write_dataset

from .helpers import DATASETS, ROOT, differences

EXAMPLES = ROOT / "docs/examples"
EXPORTS = {
    "deployments.csv": "auto",
    "deployments.xlsx": "auto",
    "deployments.kml": "auto",
    "deployments.kmz": "auto",
    "deployments.czml": "auto",
    "deployments.mf.json": "auto",
    "deployments.orbat.json": "auto",
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_exported_examples_give_back_the_bundled_dataset(name, tmp_path):
    result = read(EXAMPLES / name, EXPORTS[name])
    assert [p for p in result.problems if not p.todo] == []
    write_dataset(result, tmp_path / "ds", name)
    assert differences(load_dataset(DATASETS["bundled"]), load_dataset(tmp_path / "ds")) == []


def test_analyst_sheet_example_needs_its_source_text(tmp_path):
    result = read(EXAMPLES / "movements-sheet.csv")
    assert len(result.data["movements"]) == 2
    assert [p.message for p in result.problems if p.todo and "no stored text" in p.message]
    write_dataset(result, tmp_path / "ds", "movements-sheet.csv")
    with pytest.raises(DatasetError) as err:
        load_dataset(tmp_path / "ds")
    assert all("no stored text" in p.message for p in err.value.problems)


@pytest.mark.parametrize(
    "name, counts", [("movements.geojson", {"movements": 1, "events": 1}), ("events-acled.csv", {"events": 3})]
)
def test_other_examples_validate(name, counts, tmp_path):
    result = read(EXAMPLES / name)
    write_dataset(result, tmp_path / "ds", name)
    loaded = load_dataset(tmp_path / "ds")
    for section, n in counts.items():
        assert loaded.counts()[section] == n
