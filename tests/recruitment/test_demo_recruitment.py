"""The demo applicant has an application in progress; loading twice adds nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from fostering import demo
from fostering.models import Application, User
from tests.conftest import page_text, sign_in


@pytest.mark.loaded(loader=demo.load)
def test_demo_applicant_has_an_application_in_progress(client, db_session):
    count = db_session.scalar(select(func.count()).select_from(Application))
    demo.load()
    assert db_session.scalar(select(func.count()).select_from(Application)) == count
    applicant = db_session.scalar(select(User).where(User.email == "applicant@demo.example"))
    application = db_session.scalar(
        select(Application).where(Application.applicant_id == applicant.id)
    )
    assert application.stage == "in_progress"
    stages = set(db_session.scalars(select(Application.stage)))
    assert {"invited", "in_progress"} <= stages

    sign_in(client, applicant, password=demo.DEMO_PASSWORD)
    text = page_text(client.get("/apply/"))
    assert "About you Completed" in text
    assert "Health In progress" in text
    assert "Consent to checks Not started" in text
    assert "4 years are still missing" in page_text(client.get("/apply/address-history"))
    assert "Alex Hughes Joint applicant Still to do" in text
    assert "Rhys Hughes Lives with you" in text

    # The joint applicant signs in to the same application and sees their own part.
    joint = db_session.scalar(select(User).where(User.email == "joint.applicant@demo.example"))
    other = client.application.test_client()
    sign_in(other, joint, password=demo.DEMO_PASSWORD)
    other.get("/locale/en")
    theirs = page_text(other.get("/apply/"))
    assert "You are applying with Dafydd Hughes." in theirs
    assert "Health In progress" in theirs
    assert "About you" not in theirs
