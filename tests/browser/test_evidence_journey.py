"""A social worker adds documents to a case in Chromium: a file disguised by its name is
refused with a message saying what is accepted, a proof of identity about to expire is
added and raises a reminder, the DBS certificate goes on the DBS check, and each
downloads back byte for byte (and is audited). Then on a phone, and in Welsh. Axe runs
on every page."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import AuditEvent, EvidenceDocument, Role
from fostering.recruitment.services import checks
from fostering.recruitment.services.casework import office_today
from fostering.services.transactions import transaction
from tests.browser.axe import check_accessibility
from tests.browser.conftest import PHONE
from tests.browser.test_provider_register import at, banner, heading
from tests.browser.welsh import welsh
from tests.factories import DEFAULT_PASSWORD, create_case, create_user

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)


def fill_date(page, group: str, day) -> None:
    fields = page.get_by_role("group", name=group)
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def choose_file(page, name: str, data: bytes, mime: str) -> None:
    page.get_by_label("Upload a file").set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )


def download(page, link_name: str) -> bytes:
    with page.expect_download() as taken:
        page.get_by_role("link", name=link_name, exact=True).click()
    return Path(taken.value.path()).read_bytes()


def test_a_social_worker_uploads_and_downloads_documents_on_a_case(app, page, tmp_path):
    app.config.update(EVIDENCE_STORAGE="local", EVIDENCE_DIR=str(tmp_path / "evidence"))
    worker = create_user(role=Role.SOCIAL_WORKER, name="Siân Evans")
    case = create_case(stage="stage_1", worker=worker)
    with transaction():
        checks.generate_checks(case, actor=None)
    dbs = next(item for item in checks.checks_for(case) if item.kind == "dbs")
    case_url = f"/fostering-team/applications/{case.id}"

    page.goto("/sign-in")
    page.get_by_label("Email address").fill(worker.email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_be_visible()

    page.goto(case_url)
    at(page, f"Application {case.reference}")
    expect(page.locator("#documents + p")).to_have_text(
        "No documents have been added to this case yet."
    )
    page.get_by_role("button", name="Add a document").click()
    at(page, "Add a document")

    # A web page named as a PDF is refused; what was chosen stays chosen.
    page.get_by_label("Proof of identity").check()
    choose_file(page, "passport.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    page.get_by_role("button", name="Upload the document").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "The selected file must be a PDF, JPEG, PNG or Word (DOCX) file"
    )
    # The refusal is a 400, which Chromium logs; it is the answer this page should give.
    assert page.problems.messages and all("400" in m for m in page.problems.messages)
    page.problems.messages.clear()
    check_accessibility(page)
    expect(page.get_by_label("Proof of identity")).to_be_checked()
    assert db.session.scalar(select(EvidenceDocument)) is None

    # The real scan, with the date the passport expires: three weeks away.
    expires = office_today() + timedelta(days=21)
    choose_file(page, "passport.pdf", PDF, "application/pdf")
    fill_date(page, "Date it runs out (optional)", expires)
    page.get_by_role("button", name="Upload the document").click()
    at(page, f"Application {case.reference}")
    banner(page, "The document has been added to the case.")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "1 document has expired or expires within 60 days."
    )
    expect(page.locator("#documents ~ .app-table-scroll")).to_contain_text("Expires soon")
    assert download(page, "passport.pdf") == PDF

    # The DBS certificate, from the DBS check's own page.
    page.get_by_role("link", name="Enhanced DBS check").first.click()
    at(page, "Enhanced DBS check")
    page.get_by_label("DBS certificate number").fill("0012 3456 7890")
    page.get_by_role("button", name="Add a document").click()
    at(page, "Add a document")
    expect(page.get_by_label("DBS certificate", exact=True)).to_be_checked()
    choose_file(page, "dbs.png", PNG, "image/png")
    page.get_by_role("button", name="Upload the document").click()
    at(page, "Enhanced DBS check")
    banner(page, "The document has been added to the case.")
    assert download(page, "dbs.png") == PNG

    documents = list(db.session.scalars(select(EvidenceDocument).order_by(EvidenceDocument.id)))
    assert [(d.kind, d.check_id, d.expires_on) for d in documents] == [
        ("identity", None, expires),
        ("dbs_certificate", dbs.id, None),
    ]
    downloads = list(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == "evidence_downloaded"))
    )
    assert [(e.user_id, e.object_id) for e in downloads] == [(worker.id, str(case.id))] * 2

    # The case on a phone: the documents table scrolls in its own box, axe-clean.
    page.set_viewport_size(PHONE)
    page.goto(case_url)
    at(page, f"Application {case.reference}")
    expect(page.locator("#documents ~ .app-table-scroll")).to_contain_text("dbs.png")

    # And in Welsh.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("#documents")).to_have_text(welsh("Documents"))
    check_accessibility(page)
    page.get_by_role("button", name=welsh("Add a document")).click()
    expect(heading(page)).to_have_text(welsh("Add a document"))
    check_accessibility(page)
