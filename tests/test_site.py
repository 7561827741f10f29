"""The generated docs as a site, looked at in a real browser: built with mkdocs-material
(`--strict`), served on 127.0.0.1 and opened in headless Chromium at 1280 px.

At that width the pages must not scroll sideways (the events index's table fits, no column
hidden behind a scrollbar), code must be highlighted, the navigation must be in reading order
with the events grouped by family, and the top bar must stay one line. Screenshots go to
$SITE_SCREENSHOTS when it is set (to look at them), else to a temporary directory.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

from tests.browser import Chromium

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "generated"
NAV = [
    "Getting started",
    "Handling events",
    "Recipes",
    "Deployment",
    "API reference",
    "Events",
    "Resources",
]
# Overflow of the page, and of every table's scroll wrapper (Material's way of fitting a wide
# table: a scrollbar that hides its right-hand columns).
OVERFLOW = """(() => {
    const page = document.documentElement;
    const wraps = [...document.querySelectorAll('.md-typeset__scrollwrap, .md-typeset__table')];
    return {
        width: window.innerWidth,
        page: page.scrollWidth - page.clientWidth,
        tables: wraps.map(w => w.scrollWidth - w.clientWidth),
        count: document.querySelectorAll('.md-typeset table').length,
    };
})()"""
# Highlighted code: Pygments token spans inside the blocks, and keywords coloured unlike the
# block's plain text.
HIGHLIGHT = """(() => {
    const blocks = document.querySelectorAll('.md-typeset .highlight pre code');
    const keyword = document.querySelector('.highlight code .k, .highlight code .kn');
    const plain = keyword && getComputedStyle(keyword.closest('code')).color;
    return {
        blocks: blocks.length,
        tokens: document.querySelectorAll('.highlight code span[class]').length,
        distinct: keyword !== null && getComputedStyle(keyword).color !== plain,
    };
})()"""
NAVIGATION = """(() => {
    const items = [...document.querySelectorAll('.md-nav--primary > .md-nav__list > .md-nav__item')];
    const label = item => item.querySelector('.md-nav__link').textContent.trim();
    const events = items.find(item => label(item) === 'Events');
    const families = events.querySelectorAll(':scope > nav > .md-nav__list > .md-nav__item--nested');
    return {
        top: items.map(label),
        families: families.length,
        header: document.querySelector('.md-header').getBoundingClientRect().height,
    };
})()"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
        cwd=GENERATED,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return out


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (search and scripts need a real origin)."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    chromium = Chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("SITE_SCREENSHOTS")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        return Path(wanted)
    return tmp_path_factory.mktemp("screenshots")


def families() -> int:
    config = yaml_load((GENERATED / "mkdocs.yml").read_text())
    (events,) = [item["Events"] for item in config["nav"] if "Events" in item]
    return sum(isinstance(item, dict) and isinstance(*item.values(), list) for item in events)


@pytest.mark.parametrize(
    "page", ["", "events/", "resources/", "reference/", "recipes/", "events/batch.completed/"]
)
def test_pages_fit_1280_px_without_sideways_scrolling(
    browser: Chromium, served: str, shots: Path, page: str
) -> None:
    browser.open(f"{served}/{page}")
    overflow = browser.evaluate(OVERFLOW)
    browser.screenshot(shots / f"{page.strip('/').replace('/', '_') or 'index'}.png")
    assert overflow["width"] == 1280
    assert overflow["page"] <= 0, overflow
    assert all(extra <= 0 for extra in overflow["tables"]), overflow
    if page == "events/":
        assert overflow["count"] == families()  # a table per family, each fitting


@pytest.mark.parametrize("page", ["events/batch.completed/", "reference/", "index.html"])
def test_code_is_highlighted(browser: Chromium, served: str, shots: Path, page: str) -> None:
    browser.open(f"{served}/{page}")
    found = browser.evaluate(HIGHLIGHT)
    if page != "index.html":
        browser.screenshot(shots / f"{page.strip('/').replace('/', '_')}.png")
    assert found["blocks"] >= 1 and found["tokens"] > 10 * found["blocks"] // 2, found
    assert found["distinct"], found


def test_navigation_is_in_reading_order_with_events_by_family(
    browser: Chromium, served: str
) -> None:
    browser.open(f"{served}/handling/")
    nav = browser.evaluate(NAVIGATION)
    assert nav["top"] == NAV
    assert nav["families"] == families() > 5
    assert nav["header"] <= 64  # one line: Material's bar is 48 px (2.4rem)


def test_search_index_is_built(site: Path) -> None:
    index = (site / "search" / "search_index.json").read_text()
    assert "verify_signature" in index and "batch.completed" in index
