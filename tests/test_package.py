"""The package as users get it: `python -m build` makes an sdist and a wheel that carry the
page's vendored scripts with their licences, the learned model and the data; the wheel
alone, installed into a fresh virtualenv outside the repository, extracts and serves."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import site
import socket
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "eventwatch"
VENDOR = PACKAGE / "web" / "static" / "vendor"
# what the sdist is made from; everything else in a checkout stays out of it
PROJECT_FILES = ("pyproject.toml", "README.md", "MANIFEST.in", "build_backend")
UNPACKAGED = ("__pycache__", "*.pyc", "node_modules")
NOT_PACKAGED = shutil.ignore_patterns(*UNPACKAGED)
ARTICLE = (
    "Rebels attack army base\n\n"
    "Rebels attacked an army base in the north of the country on Monday, killing three soldiers, "
    "the military said.\n"
)
MISSING = (
    "eventwatch: eventwatch/web/static/vendor/ is missing: run `make web-assets` "
    "(scripts/setup-web.sh --assets-only) before building a wheel or sdist, "
    "so that the page's scripts and their licences are packaged"
)


def _backend():
    """The in-tree build backend module (build_backend/eventwatch_build.py)."""
    path = ROOT / "build_backend" / "eventwatch_build.py"
    spec = importlib.util.spec_from_file_location("eventwatch_build", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _copy_project(dest: Path, *, vendor: bool = True) -> Path:
    dest.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=NOT_PACKAGED)
        else:
            shutil.copy2(source, dest / name)
    ignore = NOT_PACKAGED if vendor else shutil.ignore_patterns(*UNPACKAGED, "vendor")
    shutil.copytree(PACKAGE, dest / "eventwatch", ignore=ignore)
    return dest


def _build(source: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m build` without an isolated environment (this one has setuptools: no
    download, and the same result)."""
    command = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), *args]
    return subprocess.run(
        [*command, str(source)], capture_output=True, text=True, timeout=600, check=False
    )


def _package_files() -> set[str]:
    """Every file of the package in this checkout: what git tracks under eventwatch/ (code,
    data, model, page) and the vendored files `make web-assets` copied (git ignores them)."""
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "eventwatch"], cwd=ROOT, capture_output=True, check=False
    )
    if tracked.returncode == 0 and tracked.stdout:
        files = {name for name in tracked.stdout.decode().split("\0") if name}
    else:  # not a git checkout: every file but caches
        files = {
            path.relative_to(ROOT).as_posix()
            for path in PACKAGE.rglob("*")
            if path.is_file() and not set(path.parts) & {"__pycache__", "node_modules"}
        }
    vendored = {path.relative_to(ROOT).as_posix() for path in VENDOR.rglob("*") if path.is_file()}
    return files | vendored


needs_vendor = pytest.mark.skipif(
    not VENDOR.is_dir(), reason=f"{VENDOR} is missing: run `make web-assets` first"
)


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    """The sdist and the wheel `python -m build` makes (the wheel is built from the sdist)."""
    if not VENDOR.is_dir():
        pytest.skip(f"{VENDOR} is missing: run `make web-assets` first")
    work = tmp_path_factory.mktemp("build")
    out = work / "dist"
    result = _build(_copy_project(work / "src"), out)
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = out.glob("eventwatch-*.whl")
    (sdist,) = out.glob("eventwatch-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def test_the_build_stops_without_the_vendored_files(tmp_path):
    source = _copy_project(tmp_path / "src", vendor=False)
    result = _build(source, tmp_path / "dist", "--sdist")
    assert result.returncode == 1
    assert MISSING in result.stdout.splitlines() + result.stderr.splitlines()
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


@needs_vendor
def test_the_build_names_each_missing_file_and_licence(tmp_path):
    backend = _backend()
    source = _copy_project(tmp_path / "src")
    vendor = source / "eventwatch" / "web" / "static" / "vendor"
    (vendor / "leaflet" / "leaflet.js").unlink()
    (vendor / "cytoscape" / "LICENSE").unlink()
    assert backend.missing_vendor_files(source) == ["leaflet/leaflet.js", "cytoscape/LICENSE*"]
    with pytest.raises(SystemExit) as stop:
        backend.check_vendor(source)
    assert str(stop.value) == (
        "eventwatch: eventwatch/web/static/vendor/ lacks leaflet/leaflet.js, cytoscape/LICENSE*: "
        "run `make web-assets` (scripts/setup-web.sh --assets-only) before building a wheel "
        "or sdist, so that the page's scripts and their licences are packaged"
    )


@needs_vendor
def test_the_page_refers_to_vendored_files_of_every_library():
    refs = _backend().vendor_refs(ROOT)
    libraries = {ref.split("/", 1)[0] for ref in refs}
    assert libraries == {
        "cytoscape",
        "leaflet",
        "swagger-ui",
        "topojson-client",
        "vis-timeline",
        "world-atlas",
    }
    assert "leaflet/leaflet.js" in refs and "swagger-ui/swagger-ui-bundle.js" in refs


@needs_vendor
def test_the_wheel_holds_the_page_the_model_and_the_data(dists, tmp_path):
    with zipfile.ZipFile(dists["wheel"]) as wheel:
        names = set(wheel.namelist())
        wheel.extractall(tmp_path)
    missing = sorted(_package_files() - names)
    assert not missing, f"not in the wheel: {missing}"
    # spelled out, for the reader: what a pip-installed page and pipeline need
    for name in (
        "eventwatch/learn/model/coder.onnx",
        "eventwatch/learn/model/tokenizer.json",
        "eventwatch/learn/model/MODEL_CARD.md",
        "eventwatch/ontology/data/plover.toml",
        "eventwatch/ontology/data/triggers.toml",
        "eventwatch/actors/data/actors.toml",
        "eventwatch/places/data/countries.toml",
        "eventwatch/places/data/admin2.tsv.gz",
        "eventwatch/examples/corpus.jsonl",
        "eventwatch/web/static/index.html",
        "eventwatch/web/static/vendor/leaflet/LICENSE",
        "eventwatch/web/static/vendor/vis-timeline/LICENSE.MIT.txt",
    ):
        assert name in names
    # every file index.html, app.js and the API docs load, and each library's licence
    assert _backend().missing_vendor_files(tmp_path) == []
    assert not [n for n in names if n.startswith(("tests/", "build_backend/"))]
    assert not [n for n in names if "node_modules" in n or "__pycache__" in n]
    metadata = wheel_metadata(dists["wheel"])
    assert "Requires-Dist: onnxruntime==1.32.0" in metadata
    assert "Requires-Dist: rich==15.0.0" in metadata


def wheel_metadata(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return archive.read(name).decode("utf-8").splitlines()


@needs_vendor
def test_the_sdist_holds_the_same_files_and_the_backend(dists):
    with tarfile.open(dists["sdist"]) as sdist:
        top = sdist.getnames()[0].split("/", 1)[0]
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert top == dists["sdist"].name.removesuffix(".tar.gz")
    assert not sorted(_package_files() - names)
    assert {"pyproject.toml", "build_backend/eventwatch_build.py"} <= names


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _venv_with_the_wheel(wheel: Path, venv: Path) -> Path:
    """A fresh virtualenv holding the wheel; its dependencies (spaCy, onnxruntime, ...)
    are this environment's, seen through a .pth file, so nothing is downloaded. The
    checkout is not on its path: eventwatch can only come from the wheel."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    subprocess.run([*pip, "--no-deps", "--no-index", str(wheel)], check=True)
    site_packages = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    dependencies = [p for p in site.getsitepackages() if Path(p).resolve() != ROOT]
    Path(site_packages, "eventwatch_test_dependencies.pth").write_text(
        "\n".join(dependencies) + "\n", encoding="utf-8"
    )
    return python


@pytest.mark.slow
@pytest.mark.model
@needs_vendor
def test_the_installed_wheel_extracts_and_serves_every_page_asset(dists, tmp_path):
    import httpx

    venv = tmp_path / "venv"
    python = _venv_with_the_wheel(dists["wheel"], venv)
    bin_ = venv / "bin"
    work = tmp_path / "work"  # outside the repository: nothing there to import by accident
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "EVENTWATCH_"))}

    def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            args, cwd=work, env=env, capture_output=True, text=True, timeout=300, **kwargs
        )

    where = run(str(python), "-c", "import eventwatch, sys; print(eventwatch.__file__)")
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(venv)
    installed = Path(where.stdout.strip()).parent

    (work / "article.txt").write_text(ARTICLE, encoding="utf-8")
    extract = run(str(bin_ / "eventwatch"), "extract", "article.txt", "--published", "2020-03-04")
    assert extract.returncode == 0, extract.stderr
    (record,) = [json.loads(line) for line in extract.stdout.splitlines()]
    assert (record["event"], record["date"], record["size"]["dead"]) == ("ASSAULT", "2020-03-02", 3)
    assert record["coder"] == "model"  # the learned model came with the wheel

    ingest = run(str(bin_ / "eventwatch"), "ingest", "article.txt", "--db", "events.db")
    assert ingest.returncode == 0, ingest.stderr

    port = _free_port()
    server = subprocess.Popen(
        [str(bin_ / "eventwatch"), "serve", "--db", "events.db", "--port", str(port)],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=10) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    page = client.get("/")
                    break
                except httpx.TransportError:
                    assert server.poll() is None, server.stderr.read() if server.stderr else ""
                    assert time.monotonic() < deadline, "the server did not answer in 60 s"
                    time.sleep(0.3)
            assert page.status_code == 200 and "<title>eventwatch" in page.text
            meta = client.get("/api/meta")
            assert meta.status_code == 200 and meta.json()["assets"] is True
            docs = client.get("/docs")
            assert docs.status_code == 200
            assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text  # not a CDN
            static = installed / "web" / "static"
            served = sorted(
                p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file()
            )
            assert {f"vendor/{ref}" for ref in _backend().vendor_refs(installed.parent)} <= set(
                served
            )
            for name in served:
                answer = client.get(f"/static/{name}")
                assert answer.status_code == 200, name
                assert answer.content == (static / name).read_bytes(), name
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert "not installed" not in stderr
