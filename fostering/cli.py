"""Command-line tools: ``flask demo load``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from fostering import demo

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


def register_commands(app: Flask) -> None:
    app.cli.add_command(demo_cli)
