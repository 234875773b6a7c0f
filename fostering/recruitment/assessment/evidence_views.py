"""Evidence pages: add a document to a case (or one of its checks), download it, remove it.

Only the case's assessing social worker and team managers reach these pages for a
case; anyone else in the team is told the case has no such page (404), as for a case
that does not exist.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fostering.extensions import db
from fostering.models import Application, EvidenceDocument
from fostering.recruitment.assessment import bp
from fostering.recruitment.assessment.evidence_forms import EvidenceUploadForm
from fostering.recruitment.assessment.views import _actor, _case_or_404, team
from fostering.recruitment.services import checks, evidence
from fostering.recruitment.services.casework import office_today
from fostering.recruitment.services.errors import RecruitmentError
from fostering.security import allow_larger_body
from fostering.services.storage import MissingFile, StorageError
from fostering.web.forms import ActionForm
from fostering.web.refusals import show_refusal


def evidence_context(application: Application) -> dict:
    """What the case page's documents section needs."""
    visible = evidence.can_see(application, current_user)
    return {
        "today": office_today(),
        "describe_check": checks.describe_check,
        "expiry_warning_days": evidence.EXPIRY_WARNING_DAYS,
        "documents_visible": visible,
        "documents": evidence.documents_for(application) if visible else [],
        "documents_open": application.stage in evidence.OPEN_STAGES,
        "expiring_documents": evidence.expiring_for(application, office_today()) if visible else [],
    }


def _visible_case(application_id: int) -> Application:
    application = _case_or_404(application_id)
    if not evidence.can_see(application, current_user):
        abort(404)
    return application


def _document(application: Application, document_id: int) -> EvidenceDocument:
    document = db.session.get(EvidenceDocument, document_id)
    if document is None or document.application_id != application.id:
        abort(404)
    return document


def _back_to(application: Application, check_id: int | None):
    if check_id is not None and application.stage in ("allocated", "stage_1"):
        return url_for("assessment.check", application_id=application.id, check_id=check_id)
    return url_for("assessment.case", application_id=application.id) + "#documents"


@bp.route("/applications/<int:application_id>/documents/upload", methods=["GET", "POST"])
@allow_larger_body(evidence.upload_body_limit)
@team
def upload_document(application_id: int):
    application = _visible_case(application_id)
    case_checks = checks.checks_for(application)
    form = EvidenceUploadForm(
        checks=case_checks,
        describe=checks.describe_check,
        max_mb=evidence.max_bytes() // (1024 * 1024),
    )
    if request.method == "GET":
        chosen = next(
            (item for item in case_checks if str(item.id) == request.args.get("check")), None
        )
        if chosen is not None:
            form.check.data = str(chosen.id)
            form.kind.data = evidence.KIND_FOR_CHECK[chosen.kind].value
    if form.validate_on_submit():
        upload = form.file.data
        try:
            evidence.upload(
                application,
                actor=_actor(),
                kind=form.kind.data,
                data=upload.read(),
                filename=upload.filename,
                check_id=form.check_id,
                expires_on=form.expires_on.data,
            )
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(_("The document has been added to the case."), "success")
            return redirect(_back_to(application, form.check_id))
    return render_template("assessment/document_upload.html", application=application, form=form), (
        400 if form.errors or request.method == "POST" else 200
    )


@bp.get("/applications/<int:application_id>/documents/<int:document_id>")
@team
def download_document(application_id: int, document_id: int):
    application = _visible_case(application_id)
    document = _document(application, document_id)
    try:
        taken = evidence.download(document, actor=_actor())
    except PermissionError:
        abort(404)
    except MissingFile:
        flash(
            _(
                "The file for this document is missing from storage. Tell an administrator, "
                "and upload it again if you have it."
            ),
            "error",
        )
        return redirect(url_for("assessment.case", application_id=application.id))
    except StorageError:
        flash(_("The document could not be read just now. Try again in a few minutes."), "error")
        return redirect(url_for("assessment.case", application_id=application.id))
    return _attachment(taken)


def _attachment(taken: evidence.Download) -> Response:
    """The file as a download (never shown in the page), kept by no cache."""
    response = Response(taken.chunks, mimetype=taken.mime_type)
    response.headers.set("Content-Disposition", "attachment", filename=taken.name)
    response.headers["Content-Length"] = str(taken.document.size_bytes)
    response.headers["Cache-Control"] = "no-store, private"
    return response


@bp.route(
    "/applications/<int:application_id>/documents/<int:document_id>/remove",
    methods=["GET", "POST"],
)
@team
def remove_document(application_id: int, document_id: int):
    application = _visible_case(application_id)
    document = _document(application, document_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            evidence.remove(document, actor=_actor())
        except RecruitmentError as error:
            show_refusal(None, error)
        else:
            flash(_("The document has been removed."), "success")
        return redirect(url_for("assessment.case", application_id=application.id) + "#documents")
    return render_template(
        "assessment/document_remove.html", application=application, document=document, form=form
    ), (400 if request.method == "POST" else 200)
