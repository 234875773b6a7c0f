"""Import pages: upload a CSV or XLSX file, read the dry run, confirm, watch progress.

The same pages serve placement officers (children, carers, homes, agencies, current
placements, safeguarding) at ``placements.imports`` and commissioners (the historical
ledger) at ``commissioning.imports``; ``register_import_pages`` adds them to a blueprint.
A batch is only ever shown to the person who uploaded it.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from fostering import imports
from fostering.access import roles
from fostering.extensions import db
from fostering.imports.forms import MAX_UPLOAD_BYTES, ConfirmForm, UploadForm
from fostering.imports.problems import describe, sentence
from fostering.imports.runner import UNFINISHED
from fostering.models import ImportBatch, Role
from fostering.models.import_batch import ImportStatus
from fostering.placements import bp
from fostering.security import allow_larger_body
from fostering.web.pagination import Page, requested_page
from fostering.web.refusals import show_refusal
from fostering.web.spreadsheets import csv_response

PROBLEMS_PER_PAGE = 50
RECENT_BATCHES = 10


def _batch(batch_id: int, kinds: Sequence[imports.Kind]) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    if (
        batch is None
        or batch.uploaded_by_id != current_user.id
        or batch.kind not in {kind.key for kind in kinds}
    ):
        abort(404)
    return batch


def register_import_pages(blueprint: Blueprint, area: str, allowed: Sequence[Role]) -> None:
    """Add the import pages for ``area``'s kinds to ``blueprint``, for ``allowed`` roles."""
    kinds = imports.kinds_for(area)
    name = blueprint.name

    def page(template: str, **context):
        return render_template(
            f"placements/imports/{template}",
            area=area,
            blueprint=name,
            kinds=kinds,
            kinds_by_key={kind.key: kind for kind in kinds},
            **context,
        )

    @blueprint.route("/imports", methods=["GET", "POST"], endpoint="imports")
    # Refuse absurd uploads before reading them; files a little over the limit still
    # reach the form, whose error says how big a file may be.
    @allow_larger_body(2 * MAX_UPLOAD_BYTES)
    @roles(*allowed)
    def upload():
        form = UploadForm(kinds)
        if form.validate_on_submit():
            upload = form.file.data
            try:
                batch = imports.check_upload(
                    form.kind.data, upload.filename or "upload", upload.read(), user=current_user
                )
            except imports.FileError as error:
                show_refusal(form, error)
            else:
                return redirect(url_for(f"{name}.import_report", batch_id=batch.id))
        recent = (
            db.session.query(ImportBatch)
            .filter(
                ImportBatch.uploaded_by_id == current_user.id,
                ImportBatch.kind.in_([kind.key for kind in kinds]),
            )
            .order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc())
            .limit(RECENT_BATCHES)
            .all()
        )
        return page("index.html", form=form, recent=recent), 400 if form.errors else 200

    @blueprint.get("/imports/templates/<kind_key>.csv", endpoint="import_template")
    @roles(*allowed)
    def template_file(kind_key: str):
        kind = next((kind for kind in kinds if kind.key == kind_key), None)
        if kind is None:
            abort(404)
        return csv_response(kind.template_rows, f"{kind.key}-template.csv")

    @blueprint.get("/imports/<int:batch_id>", endpoint="import_report")
    @roles(*allowed)
    def report(batch_id: int):
        batch = _batch(batch_id, kinds)
        if batch.status != ImportStatus.CHECKED:
            return redirect(url_for(f"{name}.import_progress", batch_id=batch.id))
        problems = batch.problems or []
        number = requested_page()
        start = (number - 1) * PROBLEMS_PER_PAGE
        listed = Page(
            items=problems[start : start + PROBLEMS_PER_PAGE],
            page=number,
            per_page=PROBLEMS_PER_PAGE,
            total=len(problems),
        )
        return page(
            "report.html",
            batch=batch,
            kind=imports.KINDS[batch.kind],
            listed=listed,
            not_listed=batch.problem_count - len(problems),
            describe=describe,
            confirm=ConfirmForm(),
        )

    @blueprint.get("/imports/<int:batch_id>/problems.csv", endpoint="import_problems")
    @roles(*allowed)
    def problems_csv(batch_id: int):
        batch = _batch(batch_id, kinds)
        rows = [
            [problem[0], problem[1], str(describe(problem)), str(sentence(problem))]
            for problem in batch.problems or []
        ]
        heading = [_("Row"), _("Column"), _("Problem"), _("Whole sentence")]
        return csv_response([heading, *rows], f"import-{batch.id}-problems.csv")

    @blueprint.post("/imports/<int:batch_id>/confirm", endpoint="import_confirm")
    @roles(*allowed)
    def confirm(batch_id: int):
        batch = _batch(batch_id, kinds)
        if not ConfirmForm().validate_on_submit():
            abort(400)
        if batch.status != ImportStatus.CHECKED or not batch.is_clean:
            flash(_("This file cannot be imported. Upload a corrected file."))
            return redirect(url_for(f"{name}.imports"))
        imports.start_import(batch)
        return redirect(url_for(f"{name}.import_progress", batch_id=batch.id))

    @blueprint.get("/imports/<int:batch_id>/progress", endpoint="import_progress")
    @roles(*allowed)
    def progress(batch_id: int):
        batch = imports.check_stale(_batch(batch_id, kinds))
        if batch.status == ImportStatus.CHECKED:
            return redirect(url_for(f"{name}.import_report", batch_id=batch.id))
        running = batch.status in UNFINISHED
        return page(
            "progress.html",
            batch=batch,
            kind=imports.KINDS[batch.kind],
            running=running,
            rows_done=imports.rows_done(batch),
        )


register_import_pages(bp, "placements", (Role.PLACEMENT_OFFICER, Role.ADMINISTRATOR))
