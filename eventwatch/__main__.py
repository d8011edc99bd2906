"""`python -m eventwatch` runs the command line."""

from .cli import app

app()
