"""Bench: dry run and import of 10,000 children, 10,000 carers and 10,000 current
placements, as CSV and as XLSX.

    .venv/bin/python bench/imports.py [ROWS] [--postgres] [--only=KIND]

Each measurement uses a freshly migrated database (SQLite in a temporary directory; with
``--postgres``, also a throwaway PostgreSQL server started like the tests'), with the
demo postcode directory loaded (and, for current placements, the children and the
carers, homes and agencies they are placed with, imported before the clock starts).
Prints wall-clock seconds, and this process's CPU seconds, for the dry run
(``imports.check``) and for the import (``imports.import_file``, which checks again and
then writes).
"""

from __future__ import annotations

import csv
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("FOSTERING_ENV", "test")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NEEDS = ["autism", "therapeutic", "disability", "complex_health", ""]
TYPES = ["short_term", "long_term", "emergency", "respite"]


def demo_postcodes() -> list[str]:
    with (ROOT / "fostering/demo/data/postcodes.csv").open(newline="") as handle:
        return [row["pcds"] for row in csv.DictReader(handle)]


def children(rows: int, postcodes: list[str]) -> tuple[list[str], list[list]]:
    rng = random.Random(1)
    header = [
        "reference", "given name", "family name", "date of birth", "sex", "setting",
        "placement type", "urgency", "date needed", "needs", "sibling group",
        "siblings may split", "home postcode", "school postcode", "welsh speaker", "status",
    ]  # fmt: skip
    body = [
        [
            f"LAC{n:07d}", "Megan", f"Jones{n}",
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2009, 2025)}",
            rng.choice("FMX"), rng.choice(["foster", "residential"]), rng.choice(TYPES),
            rng.choice(["planned", "urgent", "immediate"]), "2026-12-01",
            rng.choice(NEEDS), f"SG{n // 3:06d}" if n % 4 == 0 else "", "no",
            rng.choice(postcodes), rng.choice(postcodes), rng.choice(["yes", "no"]), "awaiting",
        ]
        for n in range(rows)
    ]  # fmt: skip
    return header, body


def carers(rows: int, postcodes: list[str]) -> tuple[list[str], list[list]]:
    rng = random.Random(2)
    header = [
        "reference", "household name", "postcode", "approved on", "places", "youngest age",
        "oldest age", "sexes", "placement types", "skills", "welsh speaking", "weekly allowance",
    ]  # fmt: skip
    body = [
        [
            f"FC{n:07d}", f"The Evans household {n}", rng.choice(postcodes),
            f"{rng.randint(2010, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            rng.randint(1, 3), 0, rng.randint(5, 18), "F;M", ";".join(rng.sample(TYPES, 2)),
            rng.choice(NEEDS), rng.choice(["y", "n"]),
            f"£{rng.randint(250, 600)}.{rng.randint(0, 99):02d}",
        ]
        for n in range(rows)
    ]  # fmt: skip
    return header, body


def providers(rows: int, postcodes: list[str]) -> list[tuple[str, list[str], list[list]]]:
    """Carers (3 places each), homes (5 beds) and agencies (no limit) with room for
    ``rows`` children: about 90% with carers, 4% in homes, the rest with agencies."""
    rng = random.Random(3)
    carer_count, home_count = rows * 9 // 10 // 3 + 1, rows * 4 // 100 // 5 + 1
    header, body = carers(carer_count, postcodes)
    for row in body:
        row[4] = 3  # places
    homes = (
        ["reference", "name", "postcode", "beds", "youngest age", "oldest age", "weekly cost"],
        [[f"CH{n:05d}", f"Home {n}", rng.choice(postcodes), 5, 8, 17, "3800"]
         for n in range(home_count)],
    )  # fmt: skip
    agencies = (
        ["reference", "name", "kind", "not for profit", "places", "postcode", "youngest age",
         "oldest age", "weekly cost"],
        [[f"AG{n:05d}", f"Agency {n}", rng.choice(["ifa", "private_home"]), rng.choice("yn"),
          "", rng.choice(postcodes), 0, 17, "950"] for n in range(20)],
    )  # fmt: skip
    return [("carers", header, body), ("homes", *homes), ("agencies", *agencies)]


def current_placements(rows: int, providers: list) -> tuple[list[str], list[list]]:
    """Each generated child placed: carers filled to capacity, then homes, then agencies."""
    rng = random.Random(4)
    places = [row[0] for row in providers[0][2] for _ in range(3)][: rows * 9 // 10]
    places += [row[0] for row in providers[1][2] for _ in range(5)][: rows * 4 // 100]
    places += [rng.choice(providers[2][2])[0] for _ in range(rows - len(places))]
    header = ["child reference", "provider reference", "start date", "weekly cost"]
    body = [
        [f"LAC{n:07d}", provider, f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
         f"{rng.randint(300, 5000)}.{rng.randint(0, 99):02d}"]
        for n, provider in enumerate(places)
    ]  # fmt: skip
    return header, body


def as_csv(header: list[str], body: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(body)
    return out.getvalue().encode()


def as_xlsx(header: list[str], body: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in body:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def measure(
    url: str, kind: str, data: bytes, setup: list[tuple[str, bytes]]
) -> tuple[float, float, float, float, int]:
    """Wall and CPU seconds (this process only) of the dry run and of the import, after
    importing the ``setup`` files (untimed)."""
    from flask_migrate import upgrade

    from fostering import create_app, imports
    from fostering.extensions import db
    from fostering.services.postcodes import load_demo_postcodes

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        load_demo_postcodes()
        for setup_kind, setup_data in setup:
            imports.import_file(setup_kind, setup_data, actor=None)
        started, cpu = time.perf_counter(), time.process_time()
        checked = imports.check(kind, data)
        dry, dry_cpu = time.perf_counter() - started, time.process_time() - cpu
        assert checked.problems.count == 0, checked.problems.sorted_items()[:5]
        started, cpu = time.perf_counter(), time.process_time()
        rows = imports.import_file(kind, data, actor=None)
        wet, wet_cpu = time.perf_counter() - started, time.process_time() - cpu
        db.session.remove()
        db.engine.dispose()
    return dry, dry_cpu, wet, wet_cpu, rows


def main() -> None:
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    rows = int(args[0]) if args else 10_000
    postcodes = demo_postcodes()
    only = [arg.split("=", 1)[1] for arg in sys.argv[1:] if arg.startswith("--only=")]
    files = {}
    for kind, build in (("children", children), ("carers", carers)):
        header, body = build(rows, postcodes)
        files[(kind, "CSV")] = as_csv(header, body)
        files[(kind, "XLSX")] = as_xlsx(header, body)
    made = providers(rows, postcodes)
    setups = {"current_placements": [("children", files[("children", "CSV")])]}
    setups["current_placements"] += [(kind, as_csv(head, body)) for kind, head, body in made]
    header, body = current_placements(rows, made)
    files[("current_placements", "CSV")] = as_csv(header, body)
    files[("current_placements", "XLSX")] = as_xlsx(header, body)
    if only:
        files = {key: data for key, data in files.items() if key[0] in only}
    backends = ["SQLite"] + (["PostgreSQL"] if "--postgres" in sys.argv else [])
    server = None
    if "--postgres" in sys.argv:
        from sqlalchemy import create_engine, text

        from tests.postgres_server import start_server

        server = start_server()
    print(
        f"{'backend':<11} {'kind':<18} {'format':<6} {'size':>8} "
        f"{'dry run s':>10} {'(CPU)':>6} {'import s':>9} {'(CPU)':>6}"
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for number, ((kind, fmt), data) in enumerate(files.items()):
                for backend in backends:
                    if backend == "SQLite":
                        url = f"sqlite:///{tmp}/bench{number}.sqlite"
                    else:
                        name = f"bench{number}"
                        admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
                        with admin.connect() as conn:
                            conn.execute(text(f"CREATE DATABASE {name}"))
                        admin.dispose()
                        url = server.url(name)
                    setup = setups.get(kind, [])
                    dry, dry_cpu, wet, wet_cpu, done = measure(url, kind, data, setup)
                    assert done == rows
                    size = f"{len(data) / 1e6:.1f} MB"
                    print(
                        f"{backend:<11} {kind:<18} {fmt:<6} {size:>8} "
                        f"{dry:>10.2f} {dry_cpu:>6.2f} {wet:>9.2f} {wet_cpu:>6.2f}"
                    )
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
