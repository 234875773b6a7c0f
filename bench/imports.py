"""Bench: dry run and import of 10,000 children and 10,000 carers, as CSV and as XLSX.

    .venv/bin/python bench/imports.py [ROWS] [--postgres]

Each measurement uses a freshly migrated database (SQLite in a temporary directory; with
``--postgres``, also a throwaway PostgreSQL server started like the tests'), with the
demo postcode directory loaded. Prints wall-clock seconds, and this process's CPU
seconds, for the dry run (``imports.check``) and for the import (``imports.import_file``,
which checks again and then writes).
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
    with (ROOT / "fostering/demo_data/postcodes.csv").open(newline="") as handle:
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


def measure(url: str, kind: str, data: bytes) -> tuple[float, float, float, float, int]:
    """Wall and CPU seconds (this process only) of the dry run and of the import."""
    from flask_migrate import upgrade

    from fostering import create_app
    from fostering.extensions import db
    from fostering.services import imports
    from fostering.services.postcodes import load_demo_postcodes

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        load_demo_postcodes()
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
    files = {}
    for kind, build in (("children", children), ("carers", carers)):
        header, body = build(rows, postcodes)
        files[(kind, "CSV")] = as_csv(header, body)
        files[(kind, "XLSX")] = as_xlsx(header, body)
    backends = ["SQLite"] + (["PostgreSQL"] if "--postgres" in sys.argv else [])
    server = None
    if "--postgres" in sys.argv:
        from sqlalchemy import create_engine, text

        from tests.postgres_server import start_server

        server = start_server()
    print(
        f"{'backend':<11} {'kind':<9} {'format':<6} {'size':>8} "
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
                    dry, dry_cpu, wet, wet_cpu, done = measure(url, kind, data)
                    assert done == rows
                    size = f"{len(data) / 1e6:.1f} MB"
                    print(
                        f"{backend:<11} {kind:<9} {fmt:<6} {size:>8} "
                        f"{dry:>10.2f} {dry_cpu:>6.2f} {wet:>9.2f} {wet_cpu:>6.2f}"
                    )
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
