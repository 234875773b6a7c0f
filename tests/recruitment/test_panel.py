"""The fostering panel: meetings with a date, chair, members and quorum; cases booked into
them; the recommendation and minutes only at a quorate meeting; the decision maker's
decision after it; and the letters to the household in its own language."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from fostering.models import AuditEvent, CaseLetter, PanelMeeting, Role
from fostering.recruitment.services import letters, panels, stage2
from fostering.recruitment.services.casework import CaseworkError, office_today
from fostering.services import mail
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_panel_meeting, create_user, load_postcodes
from tests.recruitment.test_stage2_and_approval import TERMS, case_in_stage_2, finish_stage_2


@pytest.fixture
def team(db_session):
    load_postcodes()  # approval needs the carer's postcode in the directory
    return (
        create_user(role=Role.TEAM_MANAGER, name="Gareth Jones"),
        create_user(role=Role.SOCIAL_WORKER, name="Siân Evans"),
    )


def case_at_panel(team, meeting=None):
    _manager, worker = team
    case = case_in_stage_2(team)
    finish_stage_2(case, worker)
    stage2.book_panel(case, (meeting or create_panel_meeting()).id, actor=worker)
    return case


def details(**changes) -> panels.MeetingDetails:
    values = {
        "meeting_date": office_today() + timedelta(days=14),
        "starts_at": "9.30",
        "venue": "County Hall, Room 4",
        "chair": "Dr Ann Hughes",
        "members": "Bryn Owen\n\n  Carys   Lewis \nDewi Price\n",
    }
    return panels.MeetingDetails(**{**values, **changes})


# --- Meetings ------------------------------------------------------------------------


def test_a_manager_arranges_a_meeting(team, db_session):
    manager, worker = team
    meeting = panels.add_meeting(details(), actor=manager)
    db_session.expire_all()
    assert meeting.starts_at == "09:30"
    assert meeting.members == ["Bryn Owen", "Carys Lewis", "Dewi Price"]
    assert meeting.attendance == 4
    assert not panels.is_quorate(meeting)  # five needed by default
    with pytest.raises(CaseworkError, match="Only a team manager"):
        panels.add_meeting(details(), actor=worker)
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "panel_meeting_added"))
    assert (event.object_type, event.object_id) == ("panel_meetings", str(meeting.id))


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"starts_at": "25:00"}, "starts_at", "starts_at_invalid"),
        ({"starts_at": "ten"}, "starts_at", "starts_at_invalid"),
        ({"venue": "   "}, "venue", "venue_missing"),
        ({"chair": ""}, "chair", "chair_missing"),
        ({"members": "Bryn Owen\ndr ann hughes"}, "members", "chair_in_members"),
        ({"members": "Bryn Owen\nbryn owen"}, "members", "member_repeated"),
        ({"members": "\n".join(f"Member {n}" for n in range(31))}, "members", "too_many_members"),
    ],
)
def test_meeting_details_are_checked(team, db_session, change, field, code):
    manager, _ = team
    with pytest.raises(CaseworkError) as refused:
        panels.add_meeting(details(**change), actor=manager)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert db_session.scalar(select(PanelMeeting)) is None


def test_moving_a_meeting_moves_its_cases_until_the_panel_has_recommended(team, db_session):
    manager, worker = team
    meeting = create_panel_meeting()
    case = case_at_panel(team, meeting)
    later = office_today() + timedelta(days=7)
    panels.change_meeting(meeting, details(meeting_date=later), actor=manager)
    db_session.expire_all()
    assert stage2.panel_for(case).panel_date == later
    # Back to today, and recorded: the date is now fixed.
    panels.change_meeting(
        meeting, details(meeting_date=office_today(), members="A\nB\nC\nD"), actor=manager
    )
    stage2.record_panel_recommendation(
        case, actor=worker, recommendation="approve", terms=TERMS, minutes="Discussed."
    )
    with pytest.raises(CaseworkError) as refused:
        panels.change_meeting(meeting, details(meeting_date=later), actor=manager)
    assert refused.value.code == "meeting_date_locked"


# --- Booking ---------------------------------------------------------------------------


def test_a_case_is_booked_into_a_meeting_to_come(team, db_session):
    _, worker = team
    case = case_in_stage_2(team)
    finish_stage_2(case, worker)
    past = create_panel_meeting(meeting_date=office_today() - timedelta(days=1))
    with pytest.raises(CaseworkError) as refused:
        stage2.book_panel(case, past.id, actor=worker)
    assert refused.value.field == "meeting"
    with pytest.raises(CaseworkError, match="Choose a panel meeting"):
        stage2.book_panel(case, 999_999, actor=worker)
    first = create_panel_meeting(meeting_date=office_today() + timedelta(days=3))
    second = create_panel_meeting(meeting_date=office_today() + timedelta(days=10))
    stage2.book_panel(case, first.id, actor=worker)
    stage2.book_panel(case, second.id, actor=worker)  # moved before it sat
    db_session.expire_all()
    record = stage2.panel_for(case)
    assert (record.meeting_id, record.panel_date) == (second.id, second.meeting_date)
    assert [r.application_id for r in panels.cases_heard(second)] == [case.id]
    assert panels.cases_heard(first) == []


# --- The recommendation ------------------------------------------------------------


def test_no_recommendation_without_a_quorum_or_minutes(team, db_session):
    _, worker = team
    meeting = create_panel_meeting(members=("Bryn Owen", "Carys Lewis"))
    case = case_at_panel(team, meeting)
    with pytest.raises(CaseworkError) as refused:
        stage2.record_panel_recommendation(
            case, actor=worker, recommendation="approve", terms=TERMS, minutes="Discussed."
        )
    assert str(refused.value.message) == (
        "The panel meeting was not quorate: 3 sat, including the chair, and 5 are needed. "
        "Record everyone who sat on the panel first."
    )
    meeting.members = ["Bryn Owen", "Carys Lewis", "Dewi Price", "Elen Rees"]
    db_session.commit()
    with pytest.raises(CaseworkError) as refused:
        stage2.record_panel_recommendation(
            case, actor=worker, recommendation="approve", terms=TERMS, minutes="  "
        )
    assert refused.value.field == "minutes"
    record = stage2.record_panel_recommendation(
        case, actor=worker, recommendation="approve", terms=TERMS, minutes="Asked about support."
    )
    assert record.minutes == "Asked about support."


class TestConfiguredQuorum:
    @pytest.fixture
    def app_config(self):
        return {"PANEL_QUORUM": 3}

    def test_the_quorum_is_the_councils_to_set(self, team, db_session):
        _, worker = team
        case = case_at_panel(team, create_panel_meeting(members=("Bryn Owen", "Carys Lewis")))
        stage2.record_panel_recommendation(
            case, actor=worker, recommendation="approve", terms=TERMS, minutes="Discussed."
        )
        assert stage2.panel_for(case).recommendation == "approve"


# --- The decision ------------------------------------------------------------------


def recommended(team, recommendation="approve"):
    _, worker = team
    case = case_at_panel(team)
    stage2.record_panel_recommendation(
        case,
        actor=worker,
        recommendation=recommendation,
        terms=TERMS if recommendation == "approve" else None,
        minutes="The panel asked about support.",
    )
    return case


def test_a_decision_against_the_recommendation_gives_reasons(team, db_session):
    manager, _ = team
    case = recommended(team)
    with pytest.raises(CaseworkError) as refused:
        stage2.decide(case, actor=manager, decision="not_approve", terms=None, reasons="")
    assert refused.value.field == "reasons"
    case = recommended(team, "not_approve")
    with pytest.raises(CaseworkError, match="differs from the panel's recommendation"):
        stage2.decide(case, actor=manager, decision="approve", terms=TERMS)
    stage2.decide(case, actor=manager, decision="approve", terms=TERMS, reasons="New evidence")
    db_session.expire_all()
    assert case.stage == "approved"


def test_nobody_who_sat_on_the_panel_decides(team, db_session):
    manager, worker = team
    case = case_at_panel(team, create_panel_meeting(chair="gareth  JONES"))
    stage2.record_panel_recommendation(
        case, actor=worker, recommendation="approve", terms=TERMS, minutes="Discussed."
    )
    with pytest.raises(CaseworkError) as refused:
        stage2.decide(case, actor=manager, decision="approve", terms=TERMS)
    assert str(refused.value.message) == (
        "Gareth Jones sat on the panel that made the recommendation, so another team "
        "manager must make the decision."
    )
    other = create_user(role=Role.TEAM_MANAGER, name="Mererid Hopkins")
    stage2.decide(case, actor=other, decision="approve", terms=TERMS)
    db_session.expire_all()
    assert case.stage == "approved"


def test_the_decision_comes_after_the_recommendation(team, db_session):
    manager, _ = team
    case = recommended(team)
    with pytest.raises(CaseworkError) as refused:
        stage2.decide(
            case,
            actor=manager,
            decision="approve",
            terms=TERMS,
            decided_on=office_today() - timedelta(days=1),
        )
    assert refused.value.field == "decided_on"
    db_session.expire_all()
    assert case.stage == "panel"


class TestNamedDecisionMaker:
    @pytest.fixture
    def app_config(self):
        return {"AGENCY_DECISION_MAKER": "adm@council.example"}

    def test_only_the_named_manager_decides(self, client, team, db_session):
        manager, _ = team
        case = recommended(team)
        with pytest.raises(CaseworkError) as refused:
            stage2.decide(case, actor=manager, decision="approve", terms=TERMS)
        assert refused.value.code == "decision_maker_missing"
        named = create_user(
            role=Role.TEAM_MANAGER, email="ADM@council.example", name="Rhodri Bowen"
        )
        with pytest.raises(CaseworkError) as refused:
            stage2.decide(case, actor=manager, decision="approve", terms=TERMS)
        assert str(refused.value.message) == (
            "Only the agency decision maker, Rhodri Bowen, can record the decision."
        )
        sign_in(client, manager)
        url = f"/fostering-team/applications/{case.id}"
        text = page_text(client.get(url))
        assert "Record the decision maker's decision" not in text
        assert "The agency decision maker records the decision." in text
        response = client.get(url + "/decision")
        assert response.status_code == 302
        assert "Only the agency decision maker, Rhodri Bowen" in page_text(client.get(url))
        stage2.decide(case, actor=named, decision="approve", terms=TERMS)
        db_session.expire_all()
        assert case.stage == "approved"


# --- Letters ---------------------------------------------------------------------------


def test_the_panel_invitation_goes_to_each_applicant_in_their_language(team, db_session):
    case = case_at_panel(team)
    case.enquiry.preferred_language = "cy"
    partner = create_user(role=Role.APPLICANT, email="partner@public.example")
    partner.language = "en"
    case.has_joint_applicant, case.joint_first_name = True, "Sam"
    case.joint_applicant_id = partner.id
    db_session.commit()
    letter = letters.build(case, "panel_invitation")
    assert letter.locale == "cy"  # the main applicant's, for the printed copy
    assert letter.greeting.startswith("Annwyl ")
    assert dict(letter.details)["Amser"] == "10:00"
    assert letters.ready(case) == [letters.LetterKind.PANEL_INVITATION]
    mail.outbox().clear()
    letters.send(case, "panel_invitation", actor=team[1])
    sent = {message.to: message for message in mail.outbox()}
    assert set(sent) == {case.applicant.email, "partner@public.example"}
    assert sent[case.applicant.email].locale == "cy"
    assert sent[case.applicant.email].subject == letter.subject
    assert sent["partner@public.example"].locale == "en"
    assert sent["partner@public.example"].subject == (
        "Your application to foster: the fostering panel"
    )
    assert all("County Hall, Room 4" in message.body_text for message in sent.values())
    [record] = db_session.scalars(select(CaseLetter)).all()
    assert (record.kind, record.locale, record.recipients) == ("panel_invitation", "cy", 2)
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "letter_sent"))
    assert event.detail == "kind=panel_invitation"


def test_the_decision_letter_gives_the_terms_or_the_reasons_and_the_review(team, db_session):
    manager, _ = team
    case = recommended(team)
    with pytest.raises(CaseworkError, match="once the decision maker's decision is recorded"):
        letters.build(case, "decision")
    stage2.decide(case, actor=manager, decision="approve", terms=TERMS)
    letter = letters.build(case, "decision")
    assert letter.subject == "Your application to foster: you are approved"
    assert dict(letter.details) == {
        "Number of children": "2",
        "Ages": "5 to 12",
        "Kinds of fostering": "Short term, Respite (short breaks)",
    }
    assert any("first annual review" in paragraph for paragraph in letter.closing)
    # The invitation to panel is no longer offered once the panel has sat.
    assert letters.ready(case) == [letters.LetterKind.DECISION]

    refused = recommended(team, "not_approve")
    stage2.decide(refused, actor=manager, decision="not_approve", terms=None, reasons="Not ready")
    letter = letters.build(refused, "decision")
    assert dict(letter.details) == {"The reasons for the decision": "Not ready"}
    assert any("Independent Review Mechanism Cymru" in p for p in letter.closing)


def test_letters_through_the_pages(client, team, db_session):
    _, worker = team
    case = case_at_panel(team)
    case.enquiry.preferred_language = "cy"
    db_session.commit()
    sign_in(client, worker)
    case_url = f"/fostering-team/applications/{case.id}"
    assert "Read, print or email: Invitation to the fostering panel" in page_text(
        client.get(case_url)
    )
    url = case_url + "/letters/panel_invitation"
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'lang="cy"' in html  # the letter, inside an English page
    assert f"This copy is in Welsh, the language {case.applicant_name} chose." in page_text(page)
    mail.outbox().clear()
    response = form_post(client, url + "/send", token_from=url)
    assert response.status_code == 302
    assert len(mail.outbox()) == 1
    text = page_text(client.get(case_url))
    assert "The letter has been emailed to the household." in text
    assert "Cymraeg" in text  # the letters sent, with their language
    # A letter the case is not ready for sends the reader back to the case.
    response = client.get(case_url + "/letters/decision")
    assert response.status_code == 302
    viewed = db_session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "case_viewed", AuditEvent.detail == "letter=panel_invitation"
        )
    )
    assert viewed is not None


# --- The pages -------------------------------------------------------------------------


def test_meetings_through_the_pages(client, team, db_session):
    manager, worker = team
    sign_in(client, manager)
    assert "No meetings are arranged" in page_text(client.get("/fostering-team/panel-meetings"))
    day = office_today() + timedelta(days=21)
    form = {
        "meeting_date": [str(day.day), str(day.month), str(day.year)],
        "starts_at": "10:00",
        "venue": "County Hall",
        "chair": "Dr Ann Hughes",
        "members": "Bryn Owen\nDr Ann Hughes",
    }
    bad = form_post(client, "/fostering-team/panel-meetings/add", form)
    assert bad.status_code == 400
    text = page_text(bad)
    assert "the chair is counted already" in text
    assert "County Hall" in bad.get_data(as_text=True)  # what was typed is kept
    good = form_post(client, "/fostering-team/panel-meetings/add", {**form, "members": "Bryn Owen"})
    assert good.status_code == 302
    meeting = db_session.scalar(select(PanelMeeting))
    text = page_text(client.get(good.headers["Location"]))
    assert "Not quorate" in text and "2 of the 5 needed, including the chair" in text
    listing = page_text(client.get("/fostering-team/panel-meetings"))
    assert "Dr Ann Hughes" in listing
    change = f"/fostering-team/panel-meetings/{meeting.id}/change"
    assert "Bryn Owen" in client.get(change).get_data(as_text=True)
    # Social workers read meetings but do not arrange them.
    worker_client = client.application.test_client()
    sign_in(worker_client, worker)
    assert worker_client.get(f"/fostering-team/panel-meetings/{meeting.id}").status_code == 200
    assert worker_client.get("/fostering-team/panel-meetings/add").status_code == 403
    assert worker_client.get(change).status_code == 403


def test_past_meetings_are_listed_apart(client, team, db_session):
    manager, _ = team
    create_panel_meeting(meeting_date=date(2025, 3, 4), venue="The old hall")
    sign_in(client, manager)
    assert "The old hall" not in page_text(client.get("/fostering-team/panel-meetings"))
    assert "The old hall" in page_text(client.get("/fostering-team/panel-meetings?show=past"))
