"""Synthetic datasets in the project's own format, for benchmarks and load tests.

    python benchmarks/synth.py 10000 /tmp/s10k          # writes /tmp/s10k/data + /tmp/s10k/seeds
    python benchmarks/synth.py 10000 /tmp/s10k --time   # ... and times load_dataset on it

`make_dataset(n, out_dir)` writes a folder dataset `out_dir/data/` (one YAML file
per section) and its stored source texts in `out_dir/seeds/`, so the default
base folder (the one above `data/`) holds everything. It is deterministic for a
given `seed`. Every citation quotes a sentence that the generator also writes
into a seed article, so the dataset passes `load_dataset` with quote checking on.

Sizes for n movements: about max(20, n/20) places (real cities and bases in
Europe and on the US east coast, plus nearby training areas), n/3 units,
n/20 events, n/100 areas and one source article per 50 movements.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import sys
from pathlib import Path

# name, ISO 3166-1 alpha-3, lat, lon (WGS84, rounded; general knowledge)
BASE_PLACES = [
    ("Berlin", "DEU", 52.5200, 13.4050),
    ("Hamburg", "DEU", 53.5511, 9.9937),
    ("Munich", "DEU", 48.1372, 11.5756),
    ("Grafenwöhr", "DEU", 49.7170, 11.9060),
    ("Vilseck", "DEU", 49.6147, 11.8044),
    ("Ramstein", "DEU", 49.4369, 7.6003),
    ("Bremerhaven", "DEU", 53.5396, 8.5809),
    ("Hohenfels", "DEU", 49.2036, 11.8486),
    ("Warsaw", "POL", 52.2297, 21.0122),
    ("Kraków", "POL", 50.0647, 19.9450),
    ("Rzeszów", "POL", 50.0412, 21.9991),
    ("Poznań", "POL", 52.4064, 16.9252),
    ("Gdańsk", "POL", 54.3520, 18.6466),
    ("Orzysz", "POL", 53.8090, 21.9460),
    ("Żagań", "POL", 51.6170, 15.3150),
    ("Vilnius", "LTU", 54.6872, 25.2797),
    ("Kaunas", "LTU", 54.8985, 23.9036),
    ("Pabradė", "LTU", 54.9810, 25.7640),
    ("Riga", "LVA", 56.9496, 24.1052),
    ("Ādaži", "LVA", 57.0750, 24.3220),
    ("Tallinn", "EST", 59.4370, 24.7536),
    ("Tapa", "EST", 59.2600, 25.9580),
    ("Bucharest", "ROU", 44.4268, 26.1025),
    ("Constanța", "ROU", 44.1733, 28.6383),
    ("Cincu", "ROU", 45.8700, 24.8000),
    ("Sofia", "BGR", 42.6977, 23.3219),
    ("Novo Selo", "BGR", 42.0170, 26.1330),
    ("Budapest", "HUN", 47.4979, 19.0402),
    ("Bratislava", "SVK", 48.1486, 17.1077),
    ("Prague", "CZE", 50.0755, 14.4378),
    ("Vienna", "AUT", 48.2082, 16.3738),
    ("Amsterdam", "NLD", 52.3676, 4.9041),
    ("Rotterdam", "NLD", 51.9244, 4.4777),
    ("Antwerp", "BEL", 51.2194, 4.4025),
    ("Brussels", "BEL", 50.8503, 4.3517),
    ("Paris", "FRA", 48.8566, 2.3522),
    ("Mourmelon", "FRA", 49.1330, 4.3670),
    ("London", "GBR", 51.5072, -0.1276),
    ("Salisbury Plain", "GBR", 51.2000, -1.8000),
    ("Oslo", "NOR", 59.9139, 10.7522),
    ("Helsinki", "FIN", 60.1699, 24.9384),
    ("Stockholm", "SWE", 59.3293, 18.0686),
    ("Copenhagen", "DNK", 55.6761, 12.5683),
    ("Aviano", "ITA", 46.0310, 12.5960),
    ("Vicenza", "ITA", 45.5455, 11.5354),
    ("Thessaloniki", "GRC", 40.6401, 22.9444),
    ("Alexandroupoli", "GRC", 40.8457, 25.8743),
    ("Fort Bragg", "USA", 35.1390, -79.0060),
    ("Fort Stewart", "USA", 31.8690, -81.6090),
    ("Fort Drum", "USA", 44.0550, -75.7590),
    ("Fort Campbell", "USA", 36.6670, -87.4750),
    ("Norfolk", "USA", 36.8508, -76.2859),
    ("Charleston", "USA", 32.7765, -79.9311),
    ("Baltimore", "USA", 39.2904, -76.6122),
    ("Dover Air Force Base", "USA", 39.1295, -75.4660),
    ("Savannah", "USA", 32.0809, -81.0912),
    ("Philadelphia", "USA", 39.9526, -75.1652),
    ("Boston", "USA", 42.3601, -71.0589),
    ("Halifax", "CAN", 44.6488, -63.5752),
]
NATIONS = ["USA"] * 6 + ["GBR", "DEU", "POL", "FRA", "NLD", "CAN", "ROU", "LTU", "ITA", "NOR"]
BRANCH_ECHELONS = [
    ("infantry", "Infantry", ["company", "battalion", "regiment", "brigade"]),
    ("mechanized", "Mechanized", ["battalion", "brigade", "division"]),
    ("armor", "Armored", ["company", "battalion", "brigade"]),
    ("cavalry", "Cavalry", ["troop", "squadron", "regiment"]),
    ("artillery", "Field Artillery", ["battery", "battalion", "regiment"]),
    ("air_defense", "Air Defense", ["battery", "battalion"]),
    ("aviation", "Aviation", ["company", "battalion", "brigade"]),
    ("engineer", "Engineer", ["company", "battalion"]),
    ("logistics", "Sustainment", ["company", "battalion", "brigade"]),
    ("signal", "Signal", ["company", "battalion"]),
    ("medical", "Medical", ["company", "battalion"]),
    ("airborne", "Airborne", ["battalion", "brigade", "division"]),
    ("headquarters", "Headquarters", ["corps", "division"]),
]
AREA_KINDS = ["exercise area", "training area", "staging area", "deployment zone", "air policing sector"]
START, END = dt.date(2022, 1, 1), dt.date(2023, 12, 31)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _s(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _date_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


MOVEMENTS_PER_FILE = 25_000


# The mix of date forms with `uncertain=True` (claims model, issue 14): share of movements per form.
UNCERTAIN_MIX = (
    ("exact", 0.40),  # depart and (80%) arrive as plain days
    ("approximate", 0.15),  # depart 2022-03-10~ (3 days either side), arrive about a day too
    ("interval", 0.15),  # depart and arrive windows of 1-5 days (2022-03-10/2022-03-13)
    ("by", 0.10),  # arrive ../2022-03-20 only: no departure ("about half have now arrived")
    ("begun", 0.10),  # depart ../2022-03-10, no arrival ("has begun to move"): arrival estimated
    ("from", 0.05),  # depart 2022-03-10/.. and an exact arrival
    ("month", 0.05),  # depart 2022-03 (month precision), arrive a window
)


def _uncertain_dates(rng: random.Random, depart: dt.date, arrive: dt.date) -> tuple[str | None, str | None, str]:
    """(depart, arrive, form) in one of the forms of UNCERTAIN_MIX (None: the field is absent)."""
    r, acc = rng.random(), 0.0
    form = UNCERTAIN_MIX[-1][0]
    for name, share in UNCERTAIN_MIX:
        acc += share
        if r < acc:
            form = name
            break
    d, a = depart.isoformat(), arrive.isoformat()
    if form == "exact":
        return d, (a if rng.random() < 0.8 else None), form
    if form == "approximate":
        return d + "~", a + rng.choice(["~", "", "?"]), form
    if form == "interval":
        w1, w2 = rng.randrange(1, 6), rng.randrange(1, 6)
        return (
            f"{d}/{(depart + dt.timedelta(days=w1)).isoformat()}",
            f"{(arrive + dt.timedelta(days=w1)).isoformat()}/{(arrive + dt.timedelta(days=w1 + w2)).isoformat()}",
            form,
        )
    if form == "by":
        return None, f"../{a}", form
    if form == "begun":
        return f"../{d}", None, form
    if form == "from":
        return f"{d}/..", (arrive + dt.timedelta(days=7)).isoformat(), form
    return d[:7], f"{(depart + dt.timedelta(days=31)).isoformat()}/{(depart + dt.timedelta(days=45)).isoformat()}", form


def make_dataset(  # noqa: C901 (one branch per kind of synthetic record)
    n_movements: int, out_dir: Path, seed: int = 0, uncertain: bool = False
) -> Path:
    """Write a synthetic dataset with `n_movements` movements; return the dataset folder.

    With `uncertain`, movement dates follow UNCERTAIN_MIX (approximate, windows, open ends, months)
    instead of plain days; everything else is the same for the same seed."""
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    data, seeds = out_dir / "data", out_dir / "seeds"
    data.mkdir(parents=True, exist_ok=True)
    seeds.mkdir(parents=True, exist_ok=True)
    for old in list(data.glob("*.yaml")) + list(seeds.glob("synth-article-*.txt")):
        old.unlink()

    n_places = max(20, n_movements // 20)
    n_units = max(3, n_movements // 3)
    n_events = max(1, n_movements // 20)
    n_areas = max(1, n_movements // 100)
    n_sources = max(1, math.ceil(n_movements / 50))
    articles: list[list[str]] = [[] for _ in range(n_sources)]

    def cite(sentence: str) -> str:
        """Put the sentence into an article; return the source id that now holds it."""
        k = rng.randrange(n_sources)
        articles[k].append(sentence)
        return f"synth-{k + 1:05d}"

    # places: the real list first, then training areas and depots near them
    places = []
    order = rng.sample(range(len(BASE_PLACES)), len(BASE_PLACES))  # small datasets get both continents
    for i in range(n_places):
        name, cc, lat, lon = BASE_PLACES[order[i % len(BASE_PLACES)]]
        if i >= len(BASE_PLACES):
            lat += rng.uniform(-0.4, 0.4)
            lon += rng.uniform(-0.6, 0.6)
            name = f"{name} {rng.choice(['training area', 'depot', 'range', 'airfield', 'rail head'])} {i // len(BASE_PLACES)}"
        places.append((f"p-{i + 1:05d}", name, cc, round(lat, 4), round(lon, 4)))
    lines = [
        "# Synthetic places (benchmarks/synth.py): real cities and bases, plus made-up sites near them.",
        "places:",
    ]
    for pid, name, cc, lat, lon in places:
        lines += [
            f"  - id: {pid}",
            f"    name: {_s(name)}",
            f"    country: {cc}",
            f"    lat: {lat}",
            f"    lon: {lon}",
            '    note: "Synthetic: coordinates are approximate (general knowledge)."',
        ]
    (data / "places.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # units: some are parts of earlier units (never a cycle)
    units = []
    lines = ["units:"]
    for i in range(n_units):
        branch, label, echelons = rng.choice(BRANCH_ECHELONS)
        echelon = rng.choice(echelons)
        nation = rng.choice(NATIONS)
        name = f"{_ordinal(i + 1)} {label} {echelon.replace('_', ' ').title()}"
        uid = f"u-{i + 1:05d}"
        home = rng.choice([p for p in places if p[2] == nation] or places)
        units.append((uid, name, home[0]))
        sentence = f"The {name} of {nation} is based at {home[1]}."
        lines += [
            f"  - id: {uid}",
            f"    name: {_s(name)}",
            f"    nation: {nation}",
            f"    branch: {branch}",
            f"    echelon: {echelon}",
            f"    home: {home[0]}",
        ]
        if i > 10 and rng.random() < 0.3:
            lines.append(f"    parent: u-{rng.randrange(1, i):05d}")
        lines += ["    citations:", f"      - source: {cite(sentence)}", f"        quote: {_s(sentence)}"]
    (data / "units.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    by_id = {p[0]: p for p in places}
    lines = ["movements:"]
    chunk = 0
    for i in range(n_movements):
        if i and i % MOVEMENTS_PER_FILE == 0:  # keep every file well under the loader's 20 MiB limit
            name = "movements.yaml" if chunk == 0 else f"movements-{chunk + 1:02d}.yaml"
            (data / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
            chunk += 1
            lines = ["movements:"]
        uid, uname, home = rng.choice(units)
        src = home if rng.random() < 0.5 else rng.choice(places)[0]
        dst = rng.choice(places)[0]
        while dst == src:
            dst = rng.choice(places)[0]
        depart = _date_between(rng, START, END - dt.timedelta(days=30))
        has_arrive = rng.random() < 0.8
        arrive = depart + dt.timedelta(days=rng.randrange(0, 21))
        strength = rng.choice([None, rng.randrange(50, 6000)])
        dep_text: str | None = depart.isoformat()
        arr_text: str | None = arrive.isoformat() if has_arrive else None
        if uncertain:
            dep_text, arr_text, _ = _uncertain_dates(rng, depart, arrive)
            if strength is not None:
                strength_text = rng.choice([str(strength), f'"about {strength:,}"', f'"{strength}-{strength + 200}"'])
            else:
                strength_text = None
        else:
            strength_text = None if strength is None else str(strength)
        sentence = f"The {uname} left {by_id[src][1]} for {by_id[dst][1]} on {depart:%d %B %Y}" + (
            f" and arrived on {arrive:%d %B %Y}." if has_arrive else "."
        )
        lines += [
            f"  - id: m-{i + 1:06d}",
            f"    unit: {uid}",
            f"    from: {src}",
            f"    to: {dst}",
        ]
        if dep_text is not None:
            lines.append(f"    depart: {dep_text}")
        if arr_text is not None:
            lines.append(f"    arrive: {arr_text}")
        if strength_text is not None:
            lines.append(f"    strength: {strength_text}")
        lines += [
            f"    confidence: {rng.choice(['reported', 'confirmed', 'estimated'])}",
            "    citations:",
            f"      - source: {cite(sentence)}",
            f"        quote: {_s(sentence)}",
        ]
    name = "movements.yaml" if chunk == 0 else f"movements-{chunk + 1:02d}.yaml"
    (data / name).write_text("\n".join(lines) + "\n", encoding="utf-8")

    lines = ["events:"]
    for i in range(n_events):
        place = rng.choice(places)
        when = _date_between(rng, START, END)
        name = f"{rng.choice(['Exercise', 'Ministerial meeting', 'Readiness drill', 'Air show'])} {i + 1}"
        sentence = f"{name} took place at {place[1]} on {when:%d %B %Y}."
        lines += [
            f"  - id: ev-{i + 1:05d}",
            f"    name: {_s(name)}",
            f"    date: {when.isoformat()}",
            f"    place: {place[0]}",
            "    citations:",
            f"      - source: {cite(sentence)}",
            f"        quote: {_s(sentence)}",
        ]
    (data / "events.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    lines = ["areas:"]
    for i in range(n_areas):
        _, pname, cc, lat, lon = rng.choice(places)
        r = rng.uniform(0.05, 0.5)
        ring = [
            [round(lon + r * 1.5 * math.cos(math.radians(a)), 4), round(lat + r * math.sin(math.radians(a)), 4)]
            for a in range(0, 360, 60)
        ]
        ring.append(ring[0])  # a closed, counter-clockwise hexagon
        kind = rng.choice(AREA_KINDS)
        frm = _date_between(rng, START, END - dt.timedelta(days=60))
        to = frm + dt.timedelta(days=rng.randrange(7, 60))
        sentence = (
            f"An {kind} around {pname} was in use from {frm:%d %B %Y}."
            if kind[0] in "aeiou"
            else f"A {kind} around {pname} was in use from {frm:%d %B %Y}."
        )
        lines += [
            f"  - id: area-{i + 1:05d}",
            f"    name: {_s(f'{kind.capitalize()} {i + 1} near {pname}')}",
            f"    valid_from: {frm.isoformat()}",
        ]
        if rng.random() < 0.7:
            lines.append(f"    valid_to: {to.isoformat()}")
        lines += [
            f"    nation: {cc}",
            f"    affiliation: {rng.choice(['friend', 'neutral'])}",
            "    geometry:",
            "      type: Polygon",
            "      coordinates:",
            "        - " + json.dumps(ring),
            "    citations:",
            f"      - source: {cite(sentence)}",
            f"        quote: {_s(sentence)}",
        ]
    (data / "areas.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    lines = ["# Synthetic source articles: every quote in this dataset is a sentence of one of them.", "sources:"]
    for k, sentences in enumerate(articles):
        sid = f"synth-{k + 1:05d}"
        published = _date_between(rng, START, END)
        text = f"Synthetic news digest {k + 1}, {published:%d %B %Y}.\n\n"
        paragraphs = [" ".join(sentences[j : j + 5]) for j in range(0, len(sentences), 5)]
        (seeds / f"synth-article-{k + 1:05d}.txt").write_text(text + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        lines += [
            f"  - id: {sid}",
            f"    title: {_s(f'Synthetic news digest {k + 1}')}",
            '    publisher: "benchmarks/synth.py"',
            f"    published: {published.isoformat()}",
            f"    file: ../seeds/synth-article-{k + 1:05d}.txt",
        ]
    (data / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


def _time_load(path: Path, repeat: int = 3) -> None:
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from dashboard.core.loader import load_dataset

    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        loaded = load_dataset(path)
        best = min(best, time.perf_counter() - t0)
    print(loaded.summary())
    print(f"load_dataset: best of {repeat}: {best:.3f} s")


def main(argv: list[str]) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="python benchmarks/synth.py", description=__doc__.split("\n\n")[0])
    p.add_argument("n_movements", type=int)
    p.add_argument("out_dir", type=Path)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--uncertain", action="store_true", help="dates as sources give them (see UNCERTAIN_MIX)")
    p.add_argument("--time", action="store_true", help="then time load_dataset on the result")
    args = p.parse_args(argv)
    path = make_dataset(args.n_movements, args.out_dir, args.seed, uncertain=args.uncertain)
    print(path)
    if args.time:
        _time_load(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
