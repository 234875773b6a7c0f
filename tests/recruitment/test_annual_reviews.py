"""Reviews of approval (regulation 9) and the terms of approval over time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fostering.extensions import db
from fostering.models import CarerTerms, Role
from fostering.models.carer import CarerStatus
from fostering.models.carer_review import ReviewStage, TermsSource
from fostering.placements.services.matching_instance import build_instance
from fostering.recruitment.services import annual_reviews, terms_history
from fostering.recruitment.services.annual_reviews import Views, next_due
from fostering.recruitment.services.casework import office_today
from fostering.recruitment.services.errors import RecruitmentError
from fostering.recruitment.services.review_errors import ReviewCode, ReviewError
from fostering.recruitment.services.terms import Terms
from tests.factories import (
    create_carer,
    create_child,
    create_panel_meeting,
    create_placement,
    create_user,
)
from tests.placements.matching_data import located_carer


def _terms(carer, **changes) -> Terms:
    values = {**terms_history.values_of(carer), **changes}
    return terms_history.as_terms(values, carer)


def _long_approved(**kwargs):
    """A carer approved years ago, reviewed since: not their first review."""
    carer = create_carer(approved_on=date(2020, 1, 1), **kwargs)
    carer.annual_review_due = office_today()
    db.session.commit()
    return carer


def _through_report(carer, worker, *, outcome="continue", terms=None, report_on=None):
    review = annual_reviews.start_review(carer, actor=worker)
    if report_on is not None:  # a review started earlier
        review.started_on = min(review.started_on, report_on)
    annual_reviews.record_views(review, Views(carer="All is well.", children={}), actor=worker)
    annual_reviews.write_report(
        review,
        actor=worker,
        report="Still suitable.",
        outcome=outcome,
        terms=terms,
        report_on=report_on or office_today(),
    )
    return review


# --- Dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("review_date", "due"),
    [
        (date(2027, 3, 10), date(2028, 3, 10)),
        (date(2028, 2, 29), date(2029, 2, 28)),  # a leap day: never later than a year
        (date(2027, 2, 28), date(2028, 2, 28)),
    ],
)
def test_the_next_review_is_due_a_year_after_the_review_never_later(review_date, due):
    assert next_due(review_date) == due


def test_a_review_done_early_resets_the_year_from_its_date(db_session):
    worker = create_user(role=Role.SOCIAL_WORKER)
    manager = create_user(role=Role.TEAM_MANAGER)
    today = office_today()
    carer = create_carer(approved_on=today - timedelta(days=800))
    carer.annual_review_due = today + timedelta(days=50)
    db.session.commit()
    report_on = today - timedelta(days=3)
    review = _through_report(carer, worker, report_on=report_on)
    assert review.first_review is False
    annual_reviews.decide(review, actor=manager, decision="continue", terms=None, decided_on=today)
    assert review.stage == ReviewStage.DECIDED.value
    assert carer.annual_review_due == next_due(report_on)


def test_the_first_review_goes_to_panel(db_session):
    worker = create_user(role=Role.SOCIAL_WORKER)
    manager = create_user(role=Role.TEAM_MANAGER)
    carer = create_carer(approved_on=office_today() - timedelta(days=300))
    review = _through_report(carer, worker)
    assert review.first_review and annual_reviews.needs_panel(review)
    with pytest.raises(ReviewError) as refused:
        annual_reviews.decide(
            review, actor=manager, decision="continue", terms=None, decided_on=office_today()
        )
    assert refused.value.code is ReviewCode.WRONG_STAGE
    assert carer.annual_review_due == next_due(carer.approved_on)


# --- Views -------------------------------------------------------------------------------


def test_each_child_placed_in_the_year_is_asked(db_session):
    worker = create_user(role=Role.SOCIAL_WORKER)
    carer = create_carer(places=3, approved_on=date(2020, 1, 1))
    today = office_today()
    stayed = create_placement(
        provider=carer, child=create_child(given_name="Alys"), start_date=today - timedelta(50)
    )
    left = create_placement(
        provider=carer,
        child=create_child(given_name="Bryn"),
        start_date=today - timedelta(300),
        end_date=today - timedelta(100),
    )
    create_placement(
        provider=carer,
        child=create_child(given_name="Cai"),
        start_date=today - timedelta(900),
        end_date=today - timedelta(400),
    )
    review = annual_reviews.start_review(carer, actor=worker)
    children = annual_reviews.review_children(review)
    assert [child.given_name for child in children] == ["Alys", "Bryn"]
    with pytest.raises(ReviewError) as refused:
        annual_reviews.record_views(
            review,
            Views(carer="Fine", children={stayed.child_id: "Happy here"}, authority="Good"),
            actor=worker,
        )
    assert refused.value.field == f"child-{left.child_id}"
    assert review.stage == ReviewStage.STARTED.value
    with pytest.raises(ReviewError) as refused:
        annual_reviews.record_views(
            review,
            Views(carer="Fine", children={stayed.child_id: "Happy", left.child_id: "Missed"}),
            actor=worker,
        )
    assert refused.value.code is ReviewCode.AUTHORITY_VIEWS_MISSING
    annual_reviews.record_views(
        review,
        Views(
            carer="Fine", children={stayed.child_id: "Happy", left.child_id: "Sad"}, authority="Ok"
        ),
        actor=worker,
    )
    assert review.stage == ReviewStage.VIEWS_GATHERED.value
    assert len(review.child_views) == 2


def test_only_the_reviewer_or_a_manager_changes_a_review(db_session):
    worker = create_user(role=Role.SOCIAL_WORKER)
    other = create_user(role=Role.SOCIAL_WORKER)
    carer = create_carer()
    review = annual_reviews.start_review(carer, actor=worker)
    with pytest.raises(ReviewError) as refused:
        annual_reviews.record_views(review, Views(carer="x", children={}), actor=other)
    assert refused.value.code is ReviewCode.NOT_REVIEWER
    with pytest.raises(ReviewError) as refused:
        annual_reviews.start_review(carer, actor=other)
    assert refused.value.code is ReviewCode.REVIEW_OPEN


# --- Change of terms through panel, then matching -----------------------------------------


def test_a_change_of_terms_goes_through_panel_and_is_dated(db_session):
    worker = create_user(role=Role.SOCIAL_WORKER)
    manager = create_user(role=Role.TEAM_MANAGER)
    carer = create_carer(approved_on=date(2020, 1, 1), places=2)
    new = _terms(carer, places=3)
    review = _through_report(carer, worker, outcome="change_terms", terms=new)
    with pytest.raises(ReviewError):
        annual_reviews.decide(
            review, actor=manager, decision="change_terms", terms=new, decided_on=office_today()
        )
    annual_reviews.book_panel(review, create_panel_meeting().id, actor=worker)
    annual_reviews.record_panel(
        review, actor=worker, recommendation="change_terms", terms=new, minutes="Agreed."
    )
    start = office_today() + timedelta(days=10)
    annual_reviews.decide(
        review,
        actor=manager,
        decision="change_terms",
        terms=new,
        decided_on=office_today(),
        effective_from=start,
    )
    rows = terms_history.history(carer)
    assert [(row.places, row.effective_from, row.source) for row in rows] == [
        (3, start, TermsSource.ANNUAL_REVIEW.value),
        (2, date(2020, 1, 1), TermsSource.REGISTER.value),
    ]
    assert rows[0].decision_ref == review.reference
    assert carer.places == 2  # not in force yet
    assert terms_history.bring_up_to_date(start) == 1
    assert carer.places == 3


def test_unchanged_terms_and_places_below_the_children_are_refused(db_session):
    worker = create_user(role=Role.SOCIAL_WORKER)
    carer = create_carer(places=2)
    create_placement(provider=carer)
    create_placement(provider=carer)
    with pytest.raises(ReviewError) as refused:
        annual_reviews.request_terms_change(carer, _terms(carer), reason="x", actor=worker)
    assert refused.value.code is ReviewCode.TERMS_UNCHANGED
    with pytest.raises(ReviewError) as refused:
        annual_reviews.request_terms_change(
            carer, _terms(carer, places=1), reason="x", actor=worker
        )
    assert refused.value.code is ReviewCode.PLACES_BELOW_CHILDREN
    assert annual_reviews.open_review(carer) is None


def test_matching_offers_a_future_place_only_from_its_date(db_session):
    worker = create_user(role=Role.SOCIAL_WORKER)
    manager = create_user(role=Role.TEAM_MANAGER)
    carer = located_carer(grid=(318_000, 176_000), places=1)
    request = annual_reviews.request_terms_change(
        carer, _terms(carer, places=2), reason="A spare room now", actor=worker
    )
    annual_reviews.book_panel(request, create_panel_meeting().id, actor=worker)
    annual_reviews.record_panel(
        request, actor=worker, recommendation="change_terms", terms=_terms(carer, places=2),
        minutes="Agreed.",
    )  # fmt: skip
    start = office_today() + timedelta(days=30)
    annual_reviews.decide(
        request,
        actor=manager,
        decision="change_terms",
        terms=_terms(carer, places=2),
        decided_on=office_today(),
        effective_from=start,
    )

    def places_on(day):
        built = build_instance(child_ids=None, policy={}, run_date=day)
        return next(p["places"] for p in built.instance["carers"] if p["id"] == f"H{carer.id}")

    assert places_on(office_today()) == 1
    assert places_on(start - timedelta(days=1)) == 1
    assert places_on(start) == 2
    assert carer.annual_review_due == next_due(carer.approved_on)  # a request is no review


# --- Ending approval ---------------------------------------------------------------------


def test_ending_approval_needs_notice_and_28_days(db_session):
    worker = create_user(role=Role.SOCIAL_WORKER)
    manager = create_user(role=Role.TEAM_MANAGER)
    carer = _long_approved()
    review = _through_report(carer, worker, outcome="terminate")
    today = office_today()
    with pytest.raises(ReviewError) as refused:
        annual_reviews.decide(
            review, actor=manager, decision="terminate", terms=None, decided_on=today
        )
    assert refused.value.code is ReviewCode.NOTICE_NEEDED
    with pytest.raises(ReviewError):
        annual_reviews.give_notice(review, actor=worker, sent_on=today, reasons="  ")
    annual_reviews.give_notice(review, actor=worker, sent_on=today, reasons="Concerns.")
    with pytest.raises(ReviewError) as refused:
        annual_reviews.decide(
            review, actor=manager, decision="terminate", terms=None, decided_on=today
        )
    assert refused.value.code is ReviewCode.REPRESENTATIONS_OPEN
    assert carer.status == CarerStatus.ACTIVE.value
    # Notice given 28 days ago (recorded late): the approval can end today.
    review.notice_sent_on = today - timedelta(days=28)
    review.report_on = today - timedelta(days=28)
    db.session.commit()
    annual_reviews.decide(review, actor=manager, decision="terminate", terms=None, decided_on=today)
    assert carer.status == CarerStatus.DEREGISTERED.value
    assert carer not in annual_reviews.carers.reviews_due(today + timedelta(days=3650))
    with pytest.raises(ReviewError) as refused:
        annual_reviews.start_review(carer, actor=worker)
    assert refused.value.code is ReviewCode.CARER_NOT_APPROVED


def test_a_decision_differing_from_the_recommendation_gives_reasons(db_session):
    worker = create_user(role=Role.SOCIAL_WORKER)
    manager = create_user(role=Role.TEAM_MANAGER)
    carer = _long_approved()
    review = _through_report(carer, worker)
    with pytest.raises(RecruitmentError) as refused:
        annual_reviews.decide(
            review, actor=manager, decision="change_terms", terms=_terms(carer, places=3),
            decided_on=office_today(),
        )  # fmt: skip
    assert refused.value.field == "reasons"
    assert review.stage == ReviewStage.REPORT_WRITTEN.value


def test_approval_records_the_first_version(db_session):
    from fostering.recruitment.services import carers

    carer = carers.add_carer(
        household_name="The Jones household",
        terms=Terms(places=2, min_age=0, max_age=10, placement_types=("short_term",)),
        approved_on=date(2026, 5, 1),
        actor=None,
    )
    rows = db.session.query(CarerTerms).filter_by(carer_id=carer.id).all()
    assert [(row.places, row.effective_from, row.source) for row in rows] == [
        (2, date(2026, 5, 1), TermsSource.APPROVAL.value)
    ]


def test_a_reduction_never_goes_below_the_children_living_there(db_session):
    carer = create_carer(places=3)
    terms_history.record_change(
        carer,
        _terms(carer, places=1),
        effective_from=office_today() + timedelta(days=5),
        source=TermsSource.CHANGE_REQUEST,
        actor=None,
    )
    create_placement(provider=carer)
    create_placement(provider=carer)  # two children arrive before the change's day
    terms_history.bring_up_to_date(office_today() + timedelta(days=5))
    assert (carer.places, carer.occupied) == (2, 2)


def test_carers_without_history_get_their_terms_as_the_first_version_once(db_session):
    carer = create_carer(places=2, approved_on=date(2019, 6, 1))
    assert terms_history.terms_in_force(office_today()) == {}
    assert terms_history.record_missing_first_versions() == 1
    assert terms_history.record_missing_first_versions() == 0
    assert terms_history.terms_in_force(office_today())[carer.id]["places"] == 2
    assert terms_history.in_force(carer, date(2019, 5, 31)) is None
