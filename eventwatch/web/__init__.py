"""The analyst's workbench: a read-only web API and page over an event store.

>>> from eventwatch.web import create_app, serve
>>> app = create_app("events.db")                  # doctest: +SKIP
>>> serve("events.db", host="127.0.0.1", port=8000)   # doctest: +SKIP
"""

from .app import assets_present, create_app
from .serve import LOOPBACK, serve
from .settings import WEB_SETTINGS, WebSettings

__all__ = ["LOOPBACK", "WEB_SETTINGS", "WebSettings", "assets_present", "create_app", "serve"]
