"""Settings of the web server, declared as data like `eventwatch.settings.SETTINGS`.

Each is read from `EVENTWATCH_<NAME>` in the environment: `EVENTWATCH_API_TOKEN` turns on
the writing endpoint (`POST /api/extract?store=true`); without it the server is read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ..errors import SettingError
from ..settings import Setting, env_values
from ..store.query import MAX_LIMIT

WEB_SETTINGS = (
    Setting("api_token", "", "Token that writing endpoints (POST /api/extract?store=true) require as 'Authorization: Bearer TOKEN'; empty: the server is read-only."),
    Setting("max_body_bytes", 1_000_000, "Largest request body accepted, in bytes (413 beyond)."),
    Setting("query_timeout", 5.0, "Seconds one database query may run before it is stopped (503)."),
    Setting("max_page_size", 500, "Most events one page of GET /api/events returns."),
    Setting("extract_timeout", 60.0, "Seconds POST /api/extract waits for the extractor before giving up (503)."),
)  # fmt: skip


WebSettingError = SettingError  # the web settings raise the common settings error


@dataclass(frozen=True)
class WebSettings:
    api_token: str = ""
    max_body_bytes: int = 1_000_000
    query_timeout: float = 5.0
    max_page_size: int = 500
    extract_timeout: float = 60.0

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "query_timeout", "max_page_size", "extract_timeout"):
            if getattr(self, name) <= 0:
                raise WebSettingError(name, f"must be positive, not {getattr(self, name)!r}")
        if self.max_page_size > MAX_LIMIT:
            raise WebSettingError(
                "max_page_size", f"must be at most {MAX_LIMIT} (the store's own cap)"
            )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> WebSettings:
        """Defaults, overridden by `EVENTWATCH_<NAME>` environment variables."""
        return cls(**env_values(WEB_SETTINGS, environ))

    def public(self) -> dict[str, Any]:
        """The settings without secrets (whether a token is set, not the token)."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "api_token"}
        out["writing_enabled"] = bool(self.api_token)
        return out
