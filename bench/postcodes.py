"""Bench: load a 1,000,000-row ONS-shaped Postcode Directory CSV into SQLite.

    .venv/bin/python bench/postcodes.py [ROWS]

Generates the file in a temporary directory (with extra columns, like the real one),
migrates a fresh SQLite database there, times ``load_directory`` and prints rows/second.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("FOSTERING_ENV", "test")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
HEADER = [
    "pcd", "pcd2", "pcds", "dointr", "doterm", "oscty", "ced", "oslaua", "osward",
    "parish", "usertype", "oseast1m", "osnrth1m", "osgrdind", "oshlthau", "nhser", "ctry",
    "rgn", "streg", "pcon", "eer", "teclec", "ttwa", "pct", "itl", "statsward", "oa01",
    "casward", "park", "lsoa01", "msoa01", "ur01ind", "oac01", "oa11", "lsoa11", "msoa11",
    "wz11", "sicbl", "bua24", "ru11ind", "oac11", "lat", "long", "lep1", "lep2", "pfa",
    "imd", "calncv", "icb", "oa21", "lsoa21", "msoa21",
]  # fmt: skip


def generate(path: Path, rows: int) -> None:
    filler = {name: "E99999999" for name in HEADER}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        for i in range(rows):
            district, rest = divmod(i, 4000)
            sector, unit = divmod(rest, 400)
            outward = f"A{LETTERS[district // 20 % 20]}{district % 20 + 1}"
            inward = f"{sector}{LETTERS[unit // 20]}{LETTERS[unit % 20]}"
            row = dict(filler)
            row.update(
                pcd=f"{outward:<4}{inward}",
                pcd2=f"{outward:<4} {inward}",
                pcds=f"{outward} {inward}",
                oseast1m=str(200_000 + i % 150_000),
                osnrth1m=str(170_000 + i % 220_000),
                oslaua=f"W06{i % 22 + 1:06d}",
                lat="51.48",
                long="-3.18",
            )
            writer.writerow(row)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "ONSPD.csv"
        started = time.perf_counter()
        generate(source, rows)
        size = source.stat().st_size / 1e6
        print(f"Generated {rows:,} rows ({size:,.0f} MB) in {time.perf_counter() - started:.1f}s")

        from flask_migrate import upgrade

        from fostering import create_app
        from fostering.services.postcodes import load_directory

        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/b.sqlite"})
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            result = load_directory(source)
            elapsed = time.perf_counter() - started
            from fostering.extensions import db

            db.engine.dispose()
    assert result.loaded == rows, result
    print(
        f"load_directory on SQLite: {result.loaded:,} rows in {elapsed:.1f}s "
        f"= {result.loaded / elapsed:,.0f} rows/second"
    )


if __name__ == "__main__":
    main()
