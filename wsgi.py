"""Entry point for gunicorn: ``gunicorn wsgi:app``."""

from fostering import create_app
from fostering.demo import refuse_demo_accounts_in_production

app = create_app()
refuse_demo_accounts_in_production(app)
