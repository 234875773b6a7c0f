"""Entry point for gunicorn: ``gunicorn wsgi:app``."""

from fostering import create_app

app = create_app()
