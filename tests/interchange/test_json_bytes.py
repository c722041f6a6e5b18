"""`tables.json_bytes` (pydantic_core's serialiser, used by the ORBAT, MF-JSON and CZML exports) writes what
`json.dumps(value, ensure_ascii=False, separators=(",", ":"))` encoded writes: the same bytes for the
values our exports hold, and the same value where only a float's notation differs."""

from __future__ import annotations

import json

import pytest

from dashboard.interchange.tables import json_bytes

HOSTILE = "<script>alert(1)</script> & \"q\" 'a' \\ / \x01 \x1f \u2028 \u00e9 \u2192 \U0001f600 ]]>"


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@pytest.mark.parametrize(
    "value",
    [
        {"id": "m-1", "name": HOSTILE, "nested": [{"k": [1, 2.5, -0.0, None, True]}], "empty": {}},
        [(-87.1672, 36.9885), (25.3468, 54.6684), (179.99999, -89.5)],  # track pairs: tuples as lists
        {"t": 1644883200000, "big": 2**70, "f": [0.1, 1e16, 1.2345678901234568e17, 1.5e300]},
        [HOSTILE * 50, "", "2022-02-10T12:00:00Z"],
    ],
)
def test_same_bytes_as_json_dumps(value):
    assert json_bytes(value) == _dumps(value)


def test_small_numbers_differ_in_notation_only():
    values = [1e-05, 1e-07, 3.2e-9]
    assert json.loads(json_bytes(values)) == json.loads(_dumps(values)) == values


def test_text_json_cannot_encode_fails_as_json_dumps_does():
    with pytest.raises(Exception, match="surrogates not allowed"):
        json_bytes({"name": "a\ud800b"})
    with pytest.raises(UnicodeEncodeError):
        _dumps({"name": "a\ud800b"})
