"""A dataset where about 1,000 movements are in transit at once, for the playback benchmark.

It is a benchmarks/synth.py dataset whose movement dates are rewritten: every
movement departs on 1 or 2 February 2022 and arrives between 1 and 2 March 2022,
so the timeline (the movements' span plus 3 days each side) runs about 35 days and
all of them are moving for about 27 of those days. Quotes are untouched (they do
not state the rewritten dates), so the dataset still validates with quote checks.

    python benchmarks/transit.py 1000 /tmp/transit1000
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import CACHE  # noqa: E402

DEPART = dt.date(2022, 2, 1)
TRANSIT_DAYS = 28


def make_transit_dataset(n_moving: int, out_dir: Path, seed: int = 1) -> Path:
    from benchmarks.synth import make_dataset

    data = Path(make_dataset(n_moving, out_dir, seed=seed))
    movements = data / "movements.yaml"
    out, i = [], -1
    for line in movements.read_text(encoding="utf-8").splitlines():
        if line.startswith("  - id: "):
            i += 1
        if line.startswith("    arrive: "):
            continue
        if line.startswith("    depart: "):
            dep = DEPART + dt.timedelta(days=i % 2)
            out.append(f"    depart: {dep.isoformat()}")
            out.append(f"    arrive: {(dep + dt.timedelta(days=TRANSIT_DAYS)).isoformat()}")
            continue
        out.append(line)
    movements.write_text("\n".join(out) + "\n", encoding="utf-8")
    return data


def transit_dataset(n_moving: int = 1000) -> Path:
    """Cached under the benchmark cache folder (keyed by synth.py's content)."""
    import hashlib

    digest = hashlib.sha1((Path(__file__).parent / "synth.py").read_bytes() + Path(__file__).read_bytes()).hexdigest()[
        :10
    ]
    out = CACHE / f"transit-{digest}-n{n_moving}"
    done = out / "done.json"
    if not done.is_file():
        make_transit_dataset(n_moving, out)
        done.write_text(json.dumps({"n": n_moving}))
    return out / "data"


if __name__ == "__main__":
    print(make_transit_dataset(int(sys.argv[1]), Path(sys.argv[2])))
