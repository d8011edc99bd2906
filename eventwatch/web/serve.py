"""Run the workbench with uvicorn: loopback by default, Host header checked."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

from .settings import WebSettings

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str) -> list[str] | None:
    """Host headers to accept: the loopback names (DNS-rebinding guard), plus the bound
    address; None (any) when bound to every interface."""
    if host in ("0.0.0.0", "::", ""):
        return None
    names = [*LOOPBACK, "[::1]"]
    if host not in names:
        names.append(host)
    return names


def serve(
    db: str | Path = "events.db",
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: WebSettings | None = None,
    log_level: str = "info",
) -> None:
    """Serve the API and page on host:port until interrupted (Ctrl-C).

    Raises `StoreError` when `db` is missing or not a store, `WebSettingError` on a bad
    `EVENTWATCH_*` value. Binding beyond loopback prints a warning: every reader on the
    network can then read the store (writing still needs the token).
    """
    import uvicorn

    from .app import create_app

    settings = settings or WebSettings.from_env()
    app = create_app(db, settings=settings, allowed_hosts=allowed_hosts(host))
    if not _is_loopback(host):
        print(
            f"warning: serving on {host}, beyond this machine; anyone who can reach it can "
            "read the store",
            file=sys.stderr,
        )
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        timeout_keep_alive=5,
        limit_concurrency=200,
        server_header=False,
    )
