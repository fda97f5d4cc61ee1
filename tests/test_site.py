"""Look at the built site in a real headless browser (Debian's chromium driven by Playwright).

Run after ``jupyter-book build`` (``make test`` does both).  For every page of the table of
contents: the page loads over HTTP from localhost, no local file is missing, nothing is asked of
the network, the console shows no error, every image (the logo included) has loaded, chapter pages
show figures, all math is typeset by the site's own MathJax (no raw TeX, no MathJax error boxes),
every saved widget view is drawn by the site's own widget embedder, every animation has its frames
and controls, no code cell is wider than the reading column, the page's source (a chapter's
notebook) can be downloaded, and no Python traceback appears.  A full-page screenshot of each page is written to
``_build/screenshots/`` for a person to look at.

The browser never reaches the network: every request that is not to the local server is aborted.
Without a browser the test skips with instructions, except under ``CI=true``, where it fails.
"""

import functools
import http.server
import os
import shutil
import threading
from urllib.parse import urljoin
from pathlib import Path

import pytest
from test_book import ROOT, toc_files

pytestmark = pytest.mark.browser

HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TRACEBACK_MARKERS = ["Traceback (most recent call last)", "---------------------------------------------------------------------------"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _unavailable(reason):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (under CI=true the browser test may not skip)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site_url():
    if not (HTML / "index.html").exists():
        _unavailable(f"no built site at {HTML}; run `make book` first")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    if executable is None:
        _unavailable("no chromium found; install it with `sudo apt-get install -y chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed; run `make test`, which installs requirements.txt")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def pages():
    return [pytest.param(entry, id=Path(entry).name) for entry in toc_files()]


@pytest.mark.parametrize("entry", pages())
def test_page_renders(entry, site_url, browser):
    source = next(ROOT.glob(f"{entry}.*"))
    is_chapter = source.suffix == ".ipynb"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    local_failures, console_errors, external = [], [], []

    def route(request_route):
        if request_route.request.url.startswith(site_url):
            request_route.continue_()
        else:
            external.append(request_route.request.url)
            request_route.abort()  # no network: a CDN asset is simply absent

    page.route("**/*", route)
    page.on("requestfailed", lambda r: r.url.startswith(site_url) and local_failures.append(r.url))
    page.on("response", lambda r: r.url.startswith(site_url) and r.status >= 400
            and local_failures.append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error"
            and console_errors.append(f"{m.text} ({m.location.get('url', '')})"))
    page.on("pageerror", lambda e: console_errors.append(f"uncaught {e}"))
    try:
        response = page.goto(f"{site_url}/{entry}.html", wait_until="load")
        assert response is not None and response.ok, f"{entry}.html did not load"
        if page.evaluate("!!document.querySelector('script[src*=\"mathjax\"]')"):  # pages with math
            page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise",
                                   timeout=20000)
            page.evaluate("MathJax.startup.promise")  # resolves once every formula is typeset
        page.wait_for_timeout(500)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{Path(entry).name}.png"), full_page=True)

        assert not local_failures, f"missing local files: {local_failures}"
        assert not external, f"{entry}: the page asks the network for {external}"
        assert not console_errors, f"{entry}: errors in the browser console: {console_errors}"
        images = page.eval_on_selector_all(
            "article img, img.logo__image", "imgs => imgs.map(i => [i.currentSrc.slice(0, 80), i.complete && i.naturalWidth > 0])"
        )
        broken = [src for src, ok in images if not ok]
        assert not broken, f"images that did not load: {broken}"
        if is_chapter:
            assert len(images) >= 2, f"a chapter page should show its figures; found {len(images)} images"
        text = page.inner_text("article")
        for marker in TRACEBACK_MARKERS:
            assert marker not in text, f"{entry}: a Python traceback is shown on the page"
        math = page.evaluate("""() => {
            const all = [...document.querySelectorAll('article .math')];
            return {n: all.length, raw: all.filter(e => !e.querySelector('mjx-container')).length,
                    errors: document.querySelectorAll('article mjx-merror').length};
        }""")
        assert math["raw"] == 0, f"{entry}: {math['raw']} of {math['n']} formulas left as raw TeX"
        assert math["errors"] == 0, f"{entry}: {math['errors']} MathJax error boxes"
        if is_chapter:
            assert math["n"] > 0, f"{entry}: a chapter without typeset math"
        widgets = page.evaluate("""() => ({
            views: document.querySelectorAll(
                'article script[type="application/vnd.jupyter.widget-view+json"]').length,
            drawn: [...document.querySelectorAll('article .jupyter-widgets')]
                .filter(e => e.getBoundingClientRect().height > 0).length})""")
        assert widgets["drawn"] >= widgets["views"], (
            f"{entry}: {widgets['views']} saved widget views but only {widgets['drawn']} drawn")
        animations = page.evaluate("""() => [...document.querySelectorAll('article .animation')]
            .map(a => ({frames: [...a.querySelectorAll('img')].filter(i => i.naturalWidth > 0)
                                    .length,
                        buttons: a.querySelectorAll('button').length}))""")
        for k, animation in enumerate(animations):
            assert animation["frames"] >= 1 and animation["buttons"] >= 5, (
                f"{entry}: animation {k} lacks its frame or its controls: {animation}")
        clipped = page.evaluate("""() => [...document.querySelectorAll('article div.cell_input pre')]
            .filter(p => p.scrollWidth > p.clientWidth + 1)
            .map(p => p.innerText.split('\\n')[0].slice(0, 60))""")
        assert not clipped, f"{entry}: code cells wider than the reading column: {clipped}"
        source_link = page.get_attribute("a.btn-download-source-button", "href")
        assert source_link, f"{entry}: no download button for the page's source"
        download = page.request.get(urljoin(page.url, source_link))
        assert download.ok, f"{entry}: its download {source_link} answers {download.status}"
        if is_chapter:
            assert source_link.endswith(".ipynb") and "cells" in download.json(), (
                f"{entry}: the download {source_link} is not the chapter's notebook")
        title = page.inner_text("article h1")
        assert title.strip(), f"{entry}: the page has no title"
    finally:
        page.close()
