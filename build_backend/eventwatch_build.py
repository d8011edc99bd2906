"""The build backend: setuptools, once it has checked that the page's vendored files are there.

The page's browser libraries (Leaflet, vis-timeline, Cytoscape, topojson-client, world-atlas,
swagger-ui) come from npm: `make web-assets` copies them, with their licences, into
`eventwatch/web/static/vendor/`, which git ignores. They are package data, so a wheel or an
sdist built before that step would install a page whose scripts answer 404; the build stops
instead and says what to run. Editable installs (`pip install -e .`, `make install`) are not
checked: they serve the files from the checkout, and `eventwatch serve` says when they are
missing.
"""

from __future__ import annotations

import re
from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403 - every other hook is setuptools' own

WEB = Path("eventwatch", "web")
VENDOR = WEB / "static" / "vendor"
# the files that name what the page and the API docs load from static/vendor
REFERRERS = (WEB / "static" / "index.html", WEB / "static" / "app.js", WEB / "pages.py")
VENDOR_REF = re.compile(r"/static/vendor/([\w.@/-]+)")


def vendor_refs(root: Path) -> list[str]:
    """Every path under static/vendor that the page or the API docs load (sorted)."""
    refs: set[str] = set()
    for referrer in REFERRERS:
        refs.update(VENDOR_REF.findall((root / referrer).read_text(encoding="utf-8")))
    return sorted(refs)


def missing_vendor_files(root: Path) -> list[str]:
    """The vendored files a build needs that are absent: each referenced file, and a
    LICENSE file in each library's folder."""
    vendor = root / VENDOR
    refs = vendor_refs(root)
    missing = [ref for ref in refs if not (vendor / ref).is_file()]
    for library in sorted({ref.split("/", 1)[0] for ref in refs}):
        if not any(vendor.joinpath(library).glob("LICENSE*")):
            missing.append(f"{library}/LICENSE*")
    return missing


def check_vendor(root: Path | None = None) -> None:
    """Stop the build, in one message, when the page's vendored files are not there."""
    root = root or Path.cwd()
    if not (root / VENDOR).is_dir():
        problem = "is missing"
    else:
        missing = missing_vendor_files(root)
        if not missing:
            return
        problem = f"lacks {', '.join(missing)}"
    raise SystemExit(
        f"eventwatch: {VENDOR.as_posix()}/ {problem}: run `make web-assets` "
        "(scripts/setup-web.sh --assets-only) before building a wheel or sdist, "
        "so that the page's scripts and their licences are packaged"
    )


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    check_vendor()
    return _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_sdist(sdist_directory, config_settings=None):
    check_vendor()
    return _setuptools.build_sdist(sdist_directory, config_settings)
