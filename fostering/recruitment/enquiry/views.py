"""The public "Foster with us" enquiry: a start page, question pages, check your answers,
and a confirmation.

Answers are kept in the (signed) session cookie only until the enquiry is sent, then
cleared. Sending is rate-limited; a filled-in honeypot gets a convincing confirmation
and nothing is stored or sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale, ngettext
from flask_babel import lazy_gettext as _l
from markupsafe import escape

from fostering.access import public
from fostering.extensions import limiter
from fostering.models.enquiry import HeardFrom, PlacementInterest, SpareBedroom
from fostering.recruitment.enquiry import bp
from fostering.recruitment.enquiry import forms as f
from fostering.recruitment.services import enquiries
from fostering.services.references import random_reference
from fostering.web.fields import Phone
from fostering.web.forms import Honeypot

ANSWERS_KEY = "enquiry"
BOT_KEY = "enquiry_bot"
SENT_KEY = "enquiry_sent"


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[f.EnquiryStepForm]
    title: object
    fields: tuple[str, ...]
    # A page with one question uses that question as its heading (GOV.UK pattern).
    single_question: bool = True


STEPS = (
    Step("name", f.NameForm, _l("What is your name?"), ("first_name", "last_name"), False),
    Step("contact", f.ContactForm, _l("How can we contact you?"), ("email", "phone"), False),
    Step("postcode", f.PostcodeForm, _l("What is your postcode?"), ("postcode",)),
    Step(
        "household",
        f.HouseholdForm,
        _l("About your household"),
        ("household", "adults_at_home", "children_at_home"),
        False,
    ),
    Step("bedroom", f.BedroomForm, _l("Do you have a spare bedroom?"), ("spare_bedroom",)),
    Step(
        "interests",
        f.InterestsForm,
        _l("What kinds of fostering are you interested in?"),
        ("interests",),
    ),
    Step(
        "heard-from",
        f.HeardFromForm,
        _l("How did you hear about fostering with us?"),
        ("heard_from",),
    ),
    Step(
        "consent",
        f.ConsentForm,
        _l("Can we contact you about fostering?"),
        ("consent_to_contact",),
        False,
    ),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def _answers() -> dict:
    return dict(session.get(ANSWERS_KEY) or {})


def _answered(step: Step, answers: dict) -> bool:
    return all(name in answers for name in step.fields)


def _first_unanswered(answers: dict) -> Step | None:
    return next((step for step in STEPS if not _answered(step, answers)), None)


def _previous_url(step: Step) -> str:
    index = STEPS.index(step)
    if index == 0:
        return url_for("enquiry.start")
    return url_for("enquiry.question", slug=STEPS[index - 1].slug)


def _next_url(step: Step) -> str:
    answers = _answers()
    following = _first_unanswered(answers)
    index = STEPS.index(step)
    if following is None:
        return url_for("enquiry.check_answers")
    if STEPS.index(following) <= index and index + 1 < len(STEPS):
        following = STEPS[index + 1]
    return url_for("enquiry.question", slug=following.slug)


def _public_form_limit() -> str:
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]


@bp.get("/")
@public
def start():
    return render_template("enquiry/start.html")


@bp.route("/enquiry/<slug>", methods=["GET", "POST"])
@public
def question(slug: str):
    step = STEP_BY_SLUG.get(slug)
    if step is None:
        abort(404)
    answers = _answers()
    missing = _first_unanswered(answers)
    if missing is not None and STEPS.index(missing) < STEPS.index(step):
        return redirect(url_for("enquiry.question", slug=missing.slug))
    changing = request.args.get("change") == "1"
    if request.method == "POST":
        form = step.form()
        if Honeypot.caught(form):
            session[BOT_KEY] = True
        if form.validate_on_submit():
            answers.update(form.answers())
            session[ANSWERS_KEY] = answers
            if changing:
                return redirect(url_for("enquiry.check_answers"))
            return redirect(_next_url(step))
    else:
        form = step.form(data={name: answers[name] for name in step.fields if name in answers})
    back = url_for("enquiry.check_answers") if changing else _previous_url(step)
    return render_template(
        "enquiry/question.html", form=form, step=step, back_url=back, changing=changing
    )


def summary_rows(answers: dict) -> list[dict]:
    """The check-your-answers rows: what they said, each with a Change link."""

    def change(slug: str, hidden: object) -> dict:
        return {
            "items": [
                {
                    "href": url_for("enquiry.question", slug=slug, change="1"),
                    "text": str(_l("Change")),
                    "visuallyHiddenText": str(hidden),
                }
            ]
        }

    def row(key: object, value: str, slug: str) -> dict:
        return {"key": {"text": str(key)}, "value": {"text": value}, "actions": change(slug, key)}

    interests = [PlacementInterest(i).label for i in answers.get("interests", [])]
    adults, children = answers.get("adults_at_home", 0), answers.get("children_at_home", 0)
    return [
        row(
            _l("Name"),
            f"{answers.get('first_name', '')} {answers.get('last_name', '')}".strip(),
            "name",
        ),
        row(_l("Email address"), answers.get("email") or str(_l("Not given")), "contact"),
        row(_l("Phone number"), answers.get("phone") or str(_l("Not given")), "contact"),
        row(_l("Postcode"), answers.get("postcode", ""), "postcode"),
        row(_l("Who lives in your home"), answers.get("household", ""), "household"),
        row(
            _l("Adults at home"),
            ngettext("%(num)d adult", "%(num)d adults", adults),
            "household",
        ),
        row(
            _l("Children at home"),
            ngettext("%(num)d child", "%(num)d children", children),
            "household",
        ),
        row(_l("Spare bedroom"), SpareBedroom(answers["spare_bedroom"]).label, "bedroom"),
        {
            "key": {"text": str(_l("Kinds of fostering"))},
            "value": {"html": "<br>".join(str(escape(i)) for i in interests)},
            "actions": change("interests", _l("Kinds of fostering")),
        },
        row(_l("How you heard about us"), HeardFrom(answers["heard_from"]).label, "heard-from"),
        row(
            _l("Contact about fostering"),
            str(_l("Yes")) if answers.get("consent_to_contact") else str(_l("No")),
            "consent",
        ),
    ]


# Each answer ``EnquiryAnswers.check`` can refuse: the page that asks it, and what to do.
PROBLEMS: dict[str, tuple[str, object]] = {
    "missing": ("name", _l("Answer every question before you send your enquiry")),
    "name": ("name", _l("Enter your first name and last name")),
    "contact": ("contact", _l("Enter an email address or a phone number, or both")),
    "phone": ("contact", Phone.default_message),
    "postcode": ("postcode", _l("Enter a real postcode, like CF10 1AA")),
    "household": ("household", _l("Tell us who lives in your home")),
    "spare_bedroom": ("bedroom", _l("Select yes if you have a spare bedroom")),
    "interests": ("interests", _l("Select the kinds of fostering you are interested in")),
    "heard_from": ("heard-from", _l("Select how you heard about fostering with us")),
    "consent_to_contact": (
        "consent",
        _l("Agree to be contacted so that the fostering team can reply to you"),
    ),
}


def _problem_links(problems: list[str]) -> list[dict]:
    """The error summary's items: each problem linked to the page that puts it right."""
    links = []
    for problem in problems:
        slug, message = PROBLEMS.get(problem, PROBLEMS["missing"])
        href = url_for("enquiry.question", slug=slug, change="1")
        links.append({"text": str(message), "href": href})
    return links


@bp.route("/enquiry/check-answers", methods=["GET", "POST"])
@public
@limiter.limit(_public_form_limit, methods=["POST"])
def check_answers():
    answers = _answers()
    missing = _first_unanswered(answers)
    if missing is not None:
        return redirect(url_for("enquiry.question", slug=missing.slug))
    form = f.SendForm()
    if form.validate_on_submit():
        if Honeypot.caught(form) or session.get(BOT_KEY):
            # Looks like success to a bot; nothing is stored or sent.
            reference, emailed = random_reference("FE"), bool(answers.get("email"))
        else:
            try:
                enquiry = enquiries.submit_enquiry(
                    enquiries.EnquiryAnswers.from_dict(answers), locale=str(get_locale() or "en")
                )
            except enquiries.EnquiryError as error:
                # Answers kept from before a rule changed (or otherwise not accepted now):
                # say which to change, and keep every answer.
                return render_template(
                    "enquiry/check_answers.html",
                    form=form,
                    rows=summary_rows(answers),
                    problems=_problem_links(error.problems),
                    back_url=url_for("enquiry.question", slug=STEPS[-1].slug),
                )
            reference, emailed = enquiry.reference, bool(enquiry.email)
        # The personal details leave the cookie as soon as the enquiry is sent.
        session.pop(ANSWERS_KEY, None)
        session.pop(BOT_KEY, None)
        session[SENT_KEY] = {"reference": reference, "emailed": emailed}
        return redirect(url_for("enquiry.sent"))
    return render_template(
        "enquiry/check_answers.html",
        form=form,
        rows=summary_rows(answers),
        back_url=url_for("enquiry.question", slug=STEPS[-1].slug),
    )


@bp.get("/enquiry/sent")
@public
def sent():
    details = session.get(SENT_KEY)
    if not details:
        return redirect(url_for("enquiry.start"))
    return render_template(
        "enquiry/sent.html", reference=details["reference"], emailed=details["emailed"]
    )
