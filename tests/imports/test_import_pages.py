"""The import pages: upload → dry run → confirm → progress → done, and who may see what.

The report says "1 problem" (not "1 problems"), in Welsh a sentence that needs no plural
noun after the number, and each problem starts with a capital.
"""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from fostering.extensions import db
from fostering.models import Child, ImportBatch, Placement, Role
from fostering.models.import_batch import ImportStatus
from tests.conftest import csrf_token_from, page_text, sign_in, wait_for_background_jobs
from tests.factories import create_agency, create_child, create_user
from tests.imports.files import CHILD_HEADER, add_postcodes, child_row, csv_bytes, xlsx_bytes
from tests.pages import parsed


@pytest.fixture(autouse=True)
def directory(app):
    add_postcodes()


def upload(client, url: str, kind: str, data: bytes, filename: str):
    page = client.get(url)
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(
        url,
        data={"csrf_token": token, "kind": kind, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def wait_until_finished(client, url: str):
    """The progress page once the import's background job has finished."""
    wait_for_background_jobs()
    return client.get(url)


def officer(client, role: Role = Role.PLACEMENT_OFFICER):
    user = create_user(role=role)
    sign_in(client, user)
    return user


@pytest.mark.commits  # the import is a job in a thread
@pytest.mark.parametrize("build,name", [(csv_bytes, "c.csv"), (xlsx_bytes, "c.xlsx")])
def test_upload_check_confirm_and_watch_it_finish(app, client, build, name):
    officer(client)
    rows = [child_row(f"LAC{n}") for n in range(1, 13)]
    response = upload(client, "/placements/imports", "children", build(CHILD_HEADER, rows), name)
    assert response.status_code == 302
    report = client.get(response.headers["Location"])
    text = page_text(report)
    assert "The file is ready to import" in text and "Import 12 rows" in text
    assert db.session.scalar(select(func.count()).select_from(Child)) == 0  # a dry run only
    confirm_url = response.headers["Location"] + "/confirm"
    token = csrf_token_from(report.get_data(as_text=True))
    started = client.post(confirm_url, data={"csrf_token": token})
    assert started.status_code == 302 and started.headers["Location"].endswith("/progress")
    done = wait_until_finished(client, started.headers["Location"])
    assert "The file has been imported" in page_text(done)
    assert "12 rows imported" in page_text(done)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Child)) == 12
    batch = db.session.scalar(select(ImportBatch))
    assert batch.status == ImportStatus.DONE and batch.content is None
    # Confirming again does not import twice.
    again = client.post(confirm_url, data={"csrf_token": token})
    assert again.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Child)) == 12


def test_problems_are_listed_page_by_page_and_downloadable(app, client):
    officer(client)
    rows = [child_row(f"LAC{n}", **{"Date of birth": "soon"}) for n in range(1, 61)]
    response = upload(
        client, "/placements/imports", "children", csv_bytes(CHILD_HEADER, rows), "x.csv"
    )
    url = response.headers["Location"]
    text = page_text(client.get(url))
    assert "Correct the file and upload it again" in text
    assert "We checked 60 rows and found 60 problems. Nothing has been imported." in text
    assert "Showing 1 to 50 of 60" in text
    assert "Import 60 rows" not in text
    second = page_text(client.get(url + "?page=2"))
    assert "Showing 51 to 60 of 60" in second
    download = client.get(url + "/problems.csv")
    assert download.mimetype == "text/csv"
    lines = download.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert len(lines) == 61
    assert lines[1].endswith('"Row 2, date of birth: enter a real date, like 27/03/2016"')
    # A batch with problems cannot be confirmed.
    token = csrf_token_from(client.get("/placements/imports").get_data(as_text=True))
    client.post(url + "/confirm", data={"csrf_token": token})
    assert db.session.scalar(select(func.count()).select_from(Child)) == 0


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"reference\nX\n", "children.txt", "The file must be a CSV or XLSX file"),
        (b"", "children.csv", "The file is empty."),
        (
            b"PK\x03\x04broken",
            "children.xlsx",
            "The file is not an XLSX workbook that can be read.",
        ),
    ],
)
def test_a_wrong_or_empty_file_gets_a_clear_error(app, client, data, filename, message):
    officer(client)
    response = upload(client, "/placements/imports", "children", data, filename)
    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text and message in text
    assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_choosing_no_file_and_no_kind_is_an_error(app, client):
    officer(client)
    token = csrf_token_from(client.get("/placements/imports").get_data(as_text=True))
    response = client.post("/placements/imports", data={"csrf_token": token})
    text = page_text(response)
    assert response.status_code == 400
    assert "Select what the file holds" in text and "Select a CSV or XLSX file" in text


def test_only_the_uploader_sees_a_batch(app, client):
    officer(client)
    response = upload(
        client, "/placements/imports", "children", csv_bytes(CHILD_HEADER, [child_row()]), "c.csv"
    )
    url = response.headers["Location"]
    client.post(
        "/sign-out", data={"csrf_token": csrf_token_from(client.get(url).get_data(as_text=True))}
    )
    officer(client)  # another placement officer
    assert client.get(url).status_code == 404
    assert client.get(url + "/problems.csv").status_code == 404
    assert client.get(url + "/progress").status_code == 404


@pytest.mark.parametrize(
    ("role", "placements", "commissioning"),
    [
        (Role.PLACEMENT_OFFICER, 200, 403),
        (Role.COMMISSIONER, 403, 200),
        (Role.ADMINISTRATOR, 200, 200),
        (Role.SOCIAL_WORKER, 403, 403),
    ],
)
def test_who_may_import_what(app, client, role, placements, commissioning):
    officer(client, role)
    assert client.get("/placements/imports").status_code == placements
    assert client.get("/commissioning/imports").status_code == commissioning


def test_templates_download_with_an_example_row(app, client):
    officer(client)
    response = client.get("/placements/imports/templates/children.csv")
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("reference,given name,family name,date of birth")
    assert len(lines) == 2
    assert client.get("/placements/imports/templates/historical_placements.csv").status_code == 404


def test_the_progress_page_refreshes_itself_while_running(app, client):
    user = officer(client)
    batch = ImportBatch(
        kind="children", filename="c.csv", content=b"x", uploaded_by_id=user.id,
        status=ImportStatus.RUNNING, row_count=10_000, rows_done=2_500,
    )  # fmt: skip
    db.session.add(batch)
    db.session.commit()
    response = client.get(f"/placements/imports/{batch.id}/progress")
    html = response.get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "2,500 of 10,000 rows done." in page_text(response)


@pytest.mark.commits  # the import is a job in a thread
def test_commissioners_import_the_historical_ledger(app, client):
    officer(client, Role.COMMISSIONER)
    child = create_child()
    agency = create_agency()
    data = csv_bytes(
        ["Placement reference", "Child reference", "Provider reference", "Start date",
         "End date", "Weekly cost", "Rate from"],
        [["P1", child.reference, agency.reference, "01/04/2019", "31/07/2021", "£950", ""],
         ["P1", "", "", "", "", "£1,000", "01/04/2020"]],
    )  # fmt: skip
    page = page_text(client.get("/commissioning/imports"))
    assert "Import placement history" in page and "Children" not in page.split("Templates")[1]
    response = upload(client, "/commissioning/imports", "historical_placements", data, "h.csv")
    url = response.headers["Location"]
    assert url.startswith("/commissioning/imports/")
    report = client.get(url)
    assert "Import 2 rows" in page_text(report)
    token = csrf_token_from(report.get_data(as_text=True))
    started = client.post(url + "/confirm", data={"csrf_token": token})
    done = wait_until_finished(client, started.headers["Location"])
    assert "The file has been imported" in page_text(done)
    db.session.expire_all()
    placement = db.session.scalar(select(Placement))
    assert [rate.weekly_cost_pence for rate in placement.rates] == [95_000, 100_000]


def test_a_file_over_the_size_limit_is_refused(app, client, monkeypatch):
    from fostering.imports import forms as imports_forms

    officer(client)
    big = csv_bytes(CHILD_HEADER, [child_row(f"LAC{n}") for n in range(200)])
    monkeypatch.setattr(imports_forms.UploadForm.file.kwargs["validators"][2], "max_size", 1000)
    response = upload(client, "/placements/imports", "children", big, "big.csv")
    assert response.status_code == 400
    assert "The file must be smaller than 20 MB" in page_text(response)


def test_past_the_stored_problems_the_rest_are_counted(app, client, monkeypatch):
    from fostering.imports import problems

    monkeypatch.setattr(problems, "STORED_PROBLEMS", 5)
    officer(client)
    rows = [child_row(f"LAC{n}", Sex="?") for n in range(1, 9)]
    response = upload(
        client, "/placements/imports", "children", csv_bytes(CHILD_HEADER, rows), "x.csv"
    )
    text = page_text(client.get(response.headers["Location"]))
    assert "We checked 8 rows and found 8 problems." in text
    assert "Showing 1 to 5 of 5" in text
    assert "And 3 more problems not listed." in text


def test_the_problem_report_cannot_run_as_a_spreadsheet_formula(app, client):
    officer(client)
    evil = "=CMD|' /C calc'!A0"
    rows = [child_row(evil), child_row(evil)]  # the same reference twice: a problem naming it
    response = upload(
        client, "/placements/imports", "children", csv_bytes(CHILD_HEADER, rows), "x.csv"
    )
    download = client.get(response.headers["Location"] + "/problems.csv")
    cells = [
        cell
        for line in csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff")))
        for cell in line
    ]
    assert any(evil.upper() in cell for cell in cells)
    assert not any(cell[:1] in ("=", "+", "@", "-") for cell in cells)


@pytest.mark.commits
def test_a_large_file_is_checked_in_the_background_then_reported(app, client, monkeypatch):
    from fostering.imports import runner

    monkeypatch.setattr(runner, "CHECK_IN_BACKGROUND_BYTES", 100)  # every file is "large"
    officer(client)
    rows = [child_row(f"LAC{n}") for n in range(1, 4)] + [
        child_row("LAC9", **{"Date of birth": "soon"})
    ]
    response = upload(
        client, "/placements/imports", "children", csv_bytes(CHILD_HEADER, rows), "big.csv"
    )
    assert response.status_code == 302  # the request returns before the file is checked
    report_url = response.headers["Location"]
    checked = wait_until_finished(client, report_url + "/progress")
    # The progress page hands over to the report once the check is done.
    assert checked.status_code == 302 and checked.headers["Location"] == report_url
    text = page_text(client.get(report_url))
    assert "We checked 4 rows and found 1 problem. Nothing has been imported." in text
    batch = db.session.scalar(select(ImportBatch))
    db.session.refresh(batch)
    assert batch.status == ImportStatus.CHECKED and batch.row_count == 4


@pytest.mark.commits
def test_a_large_file_that_cannot_be_read_says_so_after_its_check(app, client, monkeypatch):
    from fostering.imports import runner

    monkeypatch.setattr(runner, "CHECK_IN_BACKGROUND_BYTES", 10)
    officer(client)
    response = upload(
        client, "/placements/imports", "children", "名前\n山田\n".encode("shift_jis") * 3, "x.csv"
    )
    done = wait_until_finished(client, response.headers["Location"] + "/progress")
    assert "The file could not be read" in page_text(done)
    assert db.session.scalar(select(func.count()).select_from(Child)) == 0


def _report(client, rows) -> str:
    response = upload(
        client, "/placements/imports", "children", csv_bytes(CHILD_HEADER, rows), "c.csv"
    )
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.mark.parametrize(
    ("locale", "bad", "expected"),
    [
        ("en", 1, "We checked 3 rows and found 1 problem. Nothing has been imported."),
        ("en", 2, "We checked 3 rows and found 2 problems. Nothing has been imported."),
        ("cy", 1, "Gwnaethom wirio 3 o resi a chanfod 1 broblem."),
        ("cy", 3, "Gwnaethom wirio 3 o resi a chanfod 3 problem."),
    ],
)
def test_the_count_of_problems_is_a_whole_sentence(app, client, locale, bad, expected):
    officer(client)
    rows = [
        child_row(f"LAC{n}", **({"Date of birth": "soon"} if n <= bad else {})) for n in range(1, 4)
    ]
    url = _report(client, rows)
    client.get(f"/locale/{locale}")
    assert expected in page_text(client.get(url))


def test_each_problem_in_the_table_starts_with_a_capital(app, client):
    officer(client)
    url = _report(client, [child_row("LAC1", **{"Date of birth": "soon"})])
    soup = parsed(client.get(url).get_data(as_text=True))
    cells = [row.select("td")[-1].get_text(strip=True) for row in soup.select("#problems tbody tr")]
    assert cells == ["Enter a real date, like 27/03/2016"]


def test_the_recent_files_table_scrolls_in_its_own_box(app, client):
    """At 375 px in Welsh the table widened the page to 445 px."""
    officer(client)
    _report(client, [child_row("LAC1")])
    soup = parsed(client.get("/placements/imports").get_data(as_text=True))
    box = soup.select_one("main table.govuk-table").find_parent("div", class_="app-table-scroll")
    assert box is not None
    assert (box.get("tabindex"), box.get("role")) == ("0", "region")
    assert soup.find(id=box["aria-labelledby"]).get_text(strip=True) == "Your recent files"
