"""The postcode directory: normalising, loading the ONS Postcode Directory, the CLI."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from fostering import demo
from fostering.extensions import db
from fostering.models import Postcode
from fostering.services import postcodes

# An ONS-shaped header: upper-case like some releases, with columns we do not read.
HEADER = ["PCD", "PCD2", "PCDS", "DOINTR", "DOTERM", "OSEAST1M", "OSNRTH1M", "OSLAUA", "CTRY"]


def _csv(rows: list[dict], header: list[str] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def _row(pcds: str, easting="318000", northing="176000", la="W06000015") -> dict:
    return {
        "PCD": pcds.replace(" ", ""),
        "PCD2": pcds,
        "PCDS": pcds,
        "DOINTR": "198001",
        "DOTERM": "",
        "OSEAST1M": easting,
        "OSNRTH1M": northing,
        "OSLAUA": la,
        "CTRY": "W92000004",
    }


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Postcode))


def _write(tmp_path, text: str):
    path = tmp_path / "ONSPD.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cf101aa", "CF10 1AA"),
        ("  CF10   1AA ", "CF10 1AA"),
        ("sw1a 1aa", "SW1A 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("not a postcode", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise(text, expected):
    assert postcodes.normalise(text) == expected


def test_load_reads_only_the_needed_columns_and_looks_up(app, tmp_path):
    rows = [_row("CF10 1AA"), _row("SA1 1XY", "265600", "193000", "W06000011")]
    result = postcodes.load_directory(_write(tmp_path, _csv(rows)))
    assert result.loaded == 2
    assert result.skipped == 0
    found = postcodes.lookup("sa11xy")
    assert (found.postcode, found.easting, found.northing, found.local_authority) == (
        "SA1 1XY",
        265600,
        193000,
        "W06000011",
    )
    assert postcodes.lookup("CF99 9ZZ") is None
    assert postcodes.lookup("rubbish") is None


def test_load_accepts_an_open_file_and_lower_case_headers(app):
    text = "pcds,oseast1m,osnrth1m,oslaua,extra\nCF10 1AA,318000,176000,W06000015,x\n"
    assert postcodes.load_directory(io.StringIO(text)).loaded == 1


def test_rows_without_a_grid_reference_are_skipped_and_counted(app):
    rows = [_row("CF10 1AA"), _row("CF10 1AB", easting="", northing=""), _row("CF10 1AD")]
    result = postcodes.load_directory(io.StringIO(_csv(rows)))
    assert result.loaded == 2
    assert result.skipped_no_grid == 1
    assert "Row 3" in result.warnings[0]
    assert postcodes.lookup("CF10 1AB") is None


def test_progress_is_called_per_chunk(app):
    rows = [_row(f"CF1{i // 100} {i % 10}{'ABDEFGHJLN'[(i // 10) % 10]}A") for i in range(25)]
    calls: list[int] = []
    result = postcodes.load_directory(io.StringIO(_csv(rows)), progress=calls.append, chunk_size=10)
    assert result.loaded == 25
    assert calls == [10, 20, 25]


def test_reload_replaces_the_table(app):
    postcodes.load_directory(io.StringIO(_csv([_row("CF10 1AA"), _row("CF10 1AB")])))
    postcodes.load_directory(io.StringIO(_csv([_row("CF10 1AA", easting="318500")])))
    assert _count() == 1
    assert postcodes.lookup("CF10 1AA").easting == 318500


def test_a_missing_column_changes_nothing(app):
    postcodes.load_directory(io.StringIO(_csv([_row("CF10 1AA")])))
    header = [name for name in HEADER if name != "OSLAUA"]
    with pytest.raises(postcodes.DirectoryError, match='"oslaua"'):
        postcodes.load_directory(io.StringIO(_csv([_row("CF10 1AB")], header=header)))
    assert _count() == 1


def test_a_bad_easting_rolls_back_everything_and_names_row_and_column(app):
    postcodes.load_directory(io.StringIO(_csv([_row("CF10 1AA")])))
    rows = [_row(f"SA1 {i}AA") for i in range(1, 10)] + [_row("SA2 1AA", easting="12x4")]
    with pytest.raises(postcodes.DirectoryError) as caught:
        postcodes.load_directory(io.StringIO(_csv(rows)), chunk_size=3)
    assert "Row 11" in str(caught.value)
    assert '"oseast1m"' in str(caught.value)
    db.session.expire_all()
    assert _count() == 1
    assert postcodes.lookup("CF10 1AA") is not None
    assert postcodes.lookup("SA1 1AA") is None


def test_cli_loads_with_progress_and_summary(app, tmp_path):
    rows = [_row("CF10 1AA"), _row("CF10 1AB", easting="")]
    result = app.test_cli_runner().invoke(
        args=["postcodes", "load", str(_write(tmp_path, _csv(rows)))]
    )
    assert result.exit_code == 0, result.output
    assert "Loaded 2 postcodes…" in result.output
    assert "Done: 1 postcodes loaded; 1 skipped without a grid reference" in result.output


def test_cli_refuses_a_bad_file_without_a_traceback(app, tmp_path):
    rows = [_row("CF10 1AA"), _row("CF10 1AB", northing="north")]
    result = app.test_cli_runner().invoke(
        args=["postcodes", "load", str(_write(tmp_path, _csv(rows)))]
    )
    assert result.exit_code == 1
    assert 'Row 3, column "osnrth1m"' in result.output
    assert "Nothing was loaded" in result.output
    assert "Traceback" not in result.output
    assert _count() == 0


def test_cli_refuses_a_missing_file(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["postcodes", "load", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_out_of_county(app):
    postcodes.load_directory(
        io.StringIO(_csv([_row("CF10 1AA"), _row("NP20 1AA", "331000", "188000", "W06000022")]))
    )
    assert not postcodes.is_out_of_county(postcodes.lookup("CF10 1AA"))
    assert postcodes.is_out_of_county(postcodes.lookup("NP20 1AA"))
    app.config["COUNCIL_LA_CODE"] = "W06000022"
    assert not postcodes.is_out_of_county(postcodes.lookup("NP20 1AA"))


@pytest.mark.loaded(loader=demo.load)
def test_demo_load_ships_postcodes_around_welsh_towns_idempotently(app):
    count = _count()
    assert count >= 100
    authorities = set(db.session.scalars(select(Postcode.local_authority).distinct()))
    assert {"W06000015", "W06000011", "W06000022", "W06000006", "W06000002"} <= authorities
    cardiff = db.session.scalar(select(Postcode).where(Postcode.postcode.like("CF10 %")).limit(1))
    assert 310_000 < cardiff.easting < 326_000
    assert 168_000 < cardiff.northing < 184_000
    demo.load()
    assert _count() == count
