"""Command-line tools: ``flask demo load``, ``flask postcodes load FILE``, ``flask worker``,
``flask import KIND FILE``, ``flask retention run|export``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from fostering import demo
from fostering.imports.kinds import ORDER as IMPORT_KINDS

demo_cli = AppGroup("demo", help="Demo data for trying the service on a laptop.")


@demo_cli.command("load")
@click.option("--force", is_flag=True, help="Load even if the database holds other data.")
def load_demo(force: bool) -> None:
    """Create the fictional council and one sign-in for each role."""
    try:
        accounts = demo.load(force=force)
    except demo.RealDataError as error:
        raise click.ClickException(str(error)) from None
    click.echo("Demo data loaded. Sign in at http://127.0.0.1:5000/sign-in with:")
    for account in accounts:
        click.echo(f"  {account.role.label:<20} {account.email:<32} {demo.DEMO_PASSWORD}")
    joint = f"joint.applicant@{demo.DEMO_DOMAIN}"
    click.echo(f"  {'Joint applicant':<20} {joint:<32} {demo.DEMO_PASSWORD}")


postcodes_cli = AppGroup("postcodes", help="The postcode directory (ONS Postcode Directory).")


@postcodes_cli.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--chunk-size", default=10_000, show_default=True, help="Rows per bulk insert.")
def load_postcodes(file: str, chunk_size: int) -> None:
    """Replace the postcode table with the ONS Postcode Directory CSV in FILE."""
    from fostering.services import postcodes

    def progress(rows: int) -> None:
        click.echo(f"Loaded {rows:,} postcodes…")

    try:
        result = postcodes.load_directory(file, progress=progress, chunk_size=chunk_size)
    except postcodes.DirectoryError as error:
        raise click.ClickException(str(error)) from None
    except UnicodeDecodeError:
        raise click.ClickException(
            f"{file} is not a UTF-8 text file. Nothing was loaded."
        ) from None
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(
        f"Done: {result.loaded:,} postcodes loaded; "
        f"{result.skipped_no_grid:,} skipped without a grid reference, "
        f"{result.skipped_bad_postcode:,} skipped as unreadable."
    )


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker(burst: bool) -> None:
    """Run background jobs from Redis (REDIS_URL) on this machine."""
    from flask import current_app

    from fostering.services import jobs

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException(
            "REDIS_URL is not set. Without it, jobs run in the web process itself."
        )
    jobs.work(burst=burst)


@click.command("import")
@click.argument("kind", type=click.Choice(IMPORT_KINDS))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@with_appcontext
def import_records(kind: str, file: str, dry_run: bool) -> None:
    """Import a CSV or XLSX FILE of KIND: all of it, or (on any problem) none of it."""
    from pathlib import Path

    from fostering import imports
    from fostering.imports.problems import sentence

    data = Path(file).read_bytes()

    def show(problems) -> None:
        items = problems.sorted_items()
        for problem in items[:50]:
            click.echo(sentence(problem), err=True)
        if problems.count > 50:
            click.echo(f"…and {problems.count - 50:,} more problems.", err=True)

    def progress(done: int, total: int) -> None:
        click.echo(f"Imported {done:,} of {total:,} rows…", err=True)

    try:
        if dry_run:
            checked = imports.check(kind, data)
            show(checked.problems)
            if checked.problems.count:
                raise click.ClickException(
                    f"{checked.problems.count:,} problems in {checked.row_count:,} rows."
                )
            click.echo(f"No problems in {checked.row_count:,} rows. Nothing was written.")
            return
        rows = imports.import_file(kind, data, actor=None, progress=progress)
    except imports.FileError as error:
        raise click.ClickException(f"{error} Nothing was imported.") from None
    except imports.ImportRefused as refused:
        show(refused.problems)
        raise click.ClickException(
            f"{refused.problems.count:,} problems found. Nothing was imported."
        ) from None
    click.echo(f"Done: {rows:,} rows imported.")


retention_cli = AppGroup("retention", help="Personal data past its retention period.")


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="List what would be removed; change nothing.")
@with_appcontext
def retention_run(dry_run: bool) -> None:
    """Remove what has passed the council's retention periods (safe to run from cron)."""
    from fostering.services import retention

    outcome = retention.run(dry_run=dry_run)
    click.echo(("Would remove: " if dry_run else "Removed: ") + outcome.summary())
    for reference in outcome.enquiries:
        click.echo(f"  enquiry {reference}")
    for reference in outcome.applications:
        click.echo(f"  application {reference}")


@retention_cli.command("export")
@click.argument("email")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True)
@with_appcontext
def retention_export(email: str, output: str) -> None:
    """Write everything held about EMAIL to a JSON file, for a subject access request."""
    import json

    from fostering.services import retention

    held = retention.subject_access(email)
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(held, handle, ensure_ascii=False, indent=2)
    click.echo(
        f"Wrote {len(held['enquiries'])} enquiries, {len(held['applications'])} applications "
        f"and {len(held['audit_trail'])} audit entries to {output}."
    )


def register_commands(app: Flask) -> None:
    app.cli.add_command(demo_cli)
    app.cli.add_command(worker)
    app.cli.add_command(postcodes_cli)
    app.cli.add_command(import_records)
    app.cli.add_command(retention_cli)
