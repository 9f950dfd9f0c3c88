"""Every page of the quick build, opened in headless Chromium as a reader
would: maths typeset, no console error, no failed or outside request, no
broken image.

Chromium is the system's (Debian's ``chromium`` package), driven by
Playwright for Python (``executable_path``; Playwright's own browser
download is never used) over a pipe, so the DevTools websocket and its
origin rules do not come into it. What went wrong on a page is read from
the raw DevTools events of a CDP session that Playwright opens on the
page. The pages are served by a local HTTP server on 127.0.0.1, and the
build is the one ``tests/test_book.py`` made (the session fixture
``quick_book`` in ``conftest.py``).
"""
import contextlib
import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
import time
from urllib.parse import urlsplit

import pytest

WIDTHS = (1280, 390)
PAGE_TIMEOUT = 60  # seconds for one page to load and typeset
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio",
    # One renderer for the one local site, and no page kept for "back":
    # each visit skips a renderer start (about 0.3 s of 1.5 s a visit);
    # what is drawn does not change.
    "--process-per-site", "--disable-site-isolation-trials",
    "--disable-features=BackForwardCache,site-per-process",
]

# Sets window.seqTypeset once MathJax has finished its first typesetting
# pass (at once on a page without MathJax).
WATCH_MATHJAX = """() => {
  window.seqTypeset = false;
  if (window.MathJax && window.MathJax.Hub) {
    // The hook must not return the queued callback: MathJax would make
    // its own start-up wait for it, and neither would ever finish.
    MathJax.Hub.Register.StartupHook("End", () => {
      MathJax.Hub.Queue(() => { window.seqTypeset = true; });
    });
  } else { window.seqTypeset = true; }
  return true;
}"""
READY = ("document.readyState === 'complete' && location.href === {url}"
         " && window.seqTypeset === true"
         " && Array.from(document.images).every(img => img.complete)")
# What a reader sees once the page is ready.
INSPECT = """
JSON.stringify({
  text: document.body ? document.body.innerText : "",
  brokenImages: Array.from(document.images)
    .filter(img => img.naturalWidth === 0)
    .map(img => img.currentSrc || img.src),
  typeset: document.querySelectorAll(".MathJax, .MathJax_Display").length,
  // A TeX error is drawn as its source in a .noError box (MathJax's
  // noErrors extension) or as an merror element; an undefined macro as
  // its name (noUndefined): typeset maths never shows a backslash.
  texErrors: document.querySelectorAll(
    ".MathJax .noError, .MathJax .merror, span.merror").length +
    Array.from(document.querySelectorAll(".MathJax, .MathJax_Display"))
      .filter(math => /\\\\[A-Za-z_{}$%#&]/.test(math.textContent)).length,
  // Content cut at the right edge: a display equation, code or output
  // line or table with a drawn box that reaches past a box hiding its
  // overflow or past the window, with no box on the way that lets the
  // reader scroll to it. Every descendant's box is measured: MathJax 2
  // draws a formula in spans that a container's scroll width misses.
  cut: Array.from(document.querySelectorAll(
      "article div.math, article pre, article table")).filter(el => {
    const width = document.documentElement.clientWidth;
    const hidden = node => {
      const right = node.getBoundingClientRect().right;
      for (let box = node.parentElement; box && box !==
           document.documentElement; box = box.parentElement) {
        const mode = getComputedStyle(box).overflowX;
        if (mode === "auto" || mode === "scroll") {
          return false;  // the reader scrolls; the box itself is checked
        }
        if (mode !== "visible" &&
            right > box.getBoundingClientRect().right + 1) {
          return true;
        }
      }
      return right > width + 1;
    };
    const own = getComputedStyle(el).overflowX;
    if (own !== "visible" && own !== "auto" && own !== "scroll" &&
        el.scrollWidth > el.clientWidth + 1) {
      return true;  // text cut by the element's own box
    }
    // MathJax's copy for screen readers is never drawn on screen.
    return [el, ...el.querySelectorAll("*")].filter(node =>
      !node.closest(".MJX_Assistive_MathML, .MathJax_Preview")).some(hidden);
  }).map(el => el.tagName.toLowerCase() + "." +
         String(el.className).split(" ")[0] + ": " +
         el.textContent.trim().slice(0, 50)),
  font: (window.MathJax && MathJax.OutputJax &&
         MathJax.OutputJax["HTML-CSS"] &&
         MathJax.OutputJax["HTML-CSS"].fontInUse) || null,
})
"""


# The DevTools events that problems_of and in_flight read.
EVENTS = ("Network.requestWillBeSent", "Network.responseReceived",
          "Network.loadingFinished", "Network.loadingFailed",
          "Runtime.exceptionThrown", "Runtime.consoleAPICalled",
          "Log.entryAdded")


class Tab:
    """One Playwright page and the DevTools events of its CDP session,
    kept as ``{"method", "params"}`` records in ``events``."""

    def __init__(self, page):
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.events = []
        for method in EVENTS:
            self.cdp.on(method, functools.partial(self._record, method))
        for domain in ("Network", "Runtime", "Log"):
            self.cdp.send(f"{domain}.enable")

    def _record(self, method, params):
        self.events.append({"method": method, "params": params})

    def call(self, method, **params):
        return self.cdp.send(method, params)

    def pump(self, seconds):
        """Let ``seconds`` pass with Playwright reading the browser's
        messages (events arrive only while it does)."""
        self.page.wait_for_timeout(seconds * 1000)


def _quiet_handler(directory):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    return functools.partial(Handler, directory=str(directory))


@contextlib.contextmanager
def serve(directory):
    """Serve ``directory`` on 127.0.0.1 (a free port); yield its origin."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), _quiet_handler(directory))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(quick_book):
    """The quick build served on 127.0.0.1."""
    with serve(quick_book) as origin:
        yield origin


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("the browser test needs Chromium: sudo apt-get install "
                "chromium (Debian), chromium-browser (Ubuntu); .ci/run "
                "installs it")


def chromium_version():
    """What the system's Chromium says of its version."""
    out = subprocess.run([_chromium(), "--version"], capture_output=True,
                         text=True).stdout
    found = re.search(r"\d+(\.\d+)+", out)
    return found.group(0) if found else out.strip()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(
            executable_path=_chromium(), args=CHROMIUM_FLAGS,
            headless=True, timeout=60_000)
        try:
            page = chromium.new_page()
            page.set_default_timeout(PAGE_TIMEOUT * 1000)
            print(f"Chromium {chromium.version} "
                  f"({chromium_version()} installed)")
            yield Tab(page)
        finally:
            chromium.close()


def problems_of(events, origin):
    """What went wrong on a page, read from the DevTools events."""
    found = []
    host = urlsplit(origin).hostname
    urls = {}
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            urls[params["requestId"]] = url
            scheme = urlsplit(url).scheme
            if scheme in ("http", "https", "ws", "wss") and \
                    urlsplit(url).hostname != host:
                found.append(f"request to another host: {url}")
        elif method == "Network.responseReceived":
            status = params["response"]["status"]
            if status >= 400:
                found.append(f"HTTP {status}: {params['response']['url']}")
        elif method == "Network.loadingFailed":
            found.append(f"request failed ({params['errorText']}): "
                         f"{urls.get(params['requestId'], '?')}")
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = details.get("exception", {}).get(
                "description") or details.get("text")
            found.append(f"uncaught exception: {text}")
        elif method == "Runtime.consoleAPICalled" and \
                params["type"] in ("error", "assert"):
            text = " ".join(str(a.get("value", a.get("description", "")))
                            for a in params["args"])
            found.append(f"console.{params['type']}: {text}")
        elif method == "Log.entryAdded" and \
                params["entry"]["level"] == "error":
            found.append(f"console error: {params['entry']['text']}")
    return found


def in_flight(events):
    """Ids of the requests sent and not yet finished or failed."""
    sent, done = set(), set()
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent":
            sent.add(params["requestId"])
        elif method in ("Network.loadingFinished", "Network.loadingFailed"):
            done.add(params["requestId"])
    return sent - done


def evaluate(tools, expression):
    return tools.page.evaluate(expression)


def visit(tools, url, width):
    """Open ``url`` at ``width`` px; return (report, problems)."""
    tools.call("Emulation.setDeviceMetricsOverride", width=width,
               height=900, deviceScaleFactor=1, mobile=width < 500)
    tools.page.goto("about:blank")
    tools.events.clear()
    tools.page.goto(url, wait_until="load")
    evaluate(tools, WATCH_MATHJAX)
    try:
        tools.page.wait_for_function(READY.format(url=json.dumps(url)),
                                     polling=20)
    except Exception as error:  # Playwright's TimeoutError
        raise TimeoutError(f"{url}: maths or images not ready after "
                           f"{PAGE_TIMEOUT} s") from error
    report = json.loads(evaluate(tools, INSPECT))
    # Requests still in flight (fonts MathJax asked for last) are given up
    # to 0.3 s to finish before the events are read.
    settle = time.monotonic() + 0.3
    tools.pump(0.02)
    while in_flight(tools.events) and time.monotonic() < settle:
        tools.pump(0.02)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    return report, problems_of(tools.events, origin)


def pages(html_dir):
    """Every HTML page of the build but redirects (the root index.html
    only forwards to book/index.html, which is opened itself)."""
    return sorted(
        p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
        if not p.relative_to(html_dir).parts[0].startswith("_")
        and 'http-equiv="refresh"' not in p.read_text()[:500].lower())


def test_problems_are_read_from_devtools_events():
    """The event reader catches each kind of failure (so the test can
    fail), and passes a clean page."""
    origin = "http://127.0.0.1:8000"
    clean = [{"method": "Network.requestWillBeSent", "params": {
        "requestId": "1", "request": {"url": origin + "/a.html"}}},
        {"method": "Network.responseReceived", "params": {
            "requestId": "1", "response": {"status": 200,
                                           "url": origin + "/a.html"}}},
        {"method": "Network.requestWillBeSent", "params": {
            "requestId": "2", "request": {"url": "data:image/png;base64,"}}}]
    assert problems_of(clean, origin) == []
    bad = [
        {"method": "Network.requestWillBeSent", "params": {
            "requestId": "3", "request": {"url": "https://unpkg.com/x.js"}}},
        {"method": "Network.responseReceived", "params": {
            "requestId": "4", "response": {
                "status": 404, "url": origin + "/fontdata.js"}}},
        {"method": "Network.loadingFailed", "params": {
            "requestId": "3", "errorText": "net::ERR_NAME_NOT_RESOLVED"}},
        {"method": "Runtime.exceptionThrown", "params": {
            "exceptionDetails": {"text": "Uncaught", "exception": {
                "description": "SyntaxError: Identifier 'THEBE_JS_URL' "
                               "has already been declared"}}}},
        {"method": "Runtime.consoleAPICalled", "params": {
            "type": "error", "args": [{"value": "boom"}]}},
        {"method": "Log.entryAdded", "params": {"entry": {
            "level": "error", "text": "Failed to load resource"}}},
    ]
    found = problems_of(bad, origin)
    assert len(found) == len(bad), found
    assert any("unpkg.com" in f and "another host" in f for f in found)
    assert any("THEBE_JS_URL" in f for f in found)


def test_a_broken_page_is_caught(quick_book, browser, tmp_path):
    """The same checks, on a page with a TeX error, an undefined macro, a
    missing image and a console error, with the book's MathJax set-up."""
    built = (quick_book / "book" / "lstm" / "lstm.html").read_text()
    config = re.search(r'<script type="text/x-mathjax-config">.*?</script>',
                       built, re.S).group(0)
    (tmp_path / "_static").symlink_to(quick_book / "_static")
    (tmp_path / "probe.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<link rel="icon" href="_static/favicon.svg">' + config +
        '<script async src="_static/mathjax/MathJax.js?config='
        'TeX-AMS-MML_HTMLorMML-full"></script></head><body>'
        "<p>fine: \\(x' + \\overleftarrow{\\mathbf{H}}_t\\)</p>"
        "<p>broken: \\(\\frac{1}\\) \\(\\nosuchmacro x\\)</p>"
        # MathJax 2 prints an escape inside \text{} as it is: "max\_len"
        "<p>escaped: \\(\\text{max\\_len}\\)</p>"
        '<img src="missing.png" alt="">'
        '<script>console.error("probe")</script></body></html>')
    with serve(tmp_path) as origin:
        report, problems = visit(browser, f"{origin}/probe.html", 1280)
    assert report["typeset"] == 4 and report["texErrors"] == 4, report
    assert report["font"] == "STIX-Web"
    assert [urlsplit(u).path for u in report["brokenImages"]] == [
        "/missing.png"]
    assert any(p.startswith("HTTP 404") and "missing.png" in p
               for p in problems), problems
    assert "console.error: probe" in problems, problems


def test_every_page_renders_in_the_browser(quick_book, site, browser):
    names = pages(quick_book)
    assert "book/attention/attention.html" in names, names
    failures, math_pages = [], 0
    for width in WIDTHS:
        for name in names:
            report, problems = visit(browser, f"{site}/{name}", width)
            where = f"{name} at {width} px"
            if "Math Processing Error" in report["text"]:
                problems.append("[Math Processing Error] in the text")
            if report["texErrors"]:
                problems.append(f"{report['texErrors']} TeX errors")
            if report["cut"]:
                problems.append(f"cut at the right edge: {report['cut']}")
            if report["brokenImages"]:
                problems.append(f"images not loaded: "
                                f"{report['brokenImages']}")
            if report["typeset"]:
                math_pages += 1
                if report["font"] != "STIX-Web":
                    problems.append(f"maths drawn with {report['font']}")
            failures += [f"{where}: {p}" for p in problems]
    assert not failures, "\n".join(failures)
    # The maths chapters are typeset at all (MathJax ran and drew).
    assert math_pages >= 10 * len(WIDTHS), math_pages


def _probe_with_book_css(quick_book, tmp_path, body, skip_css=()):
    """A page with the book's MathJax set-up and style sheets (but those
    whose name holds any of ``skip_css``), and ``body`` in an article."""
    built = (quick_book / "book" / "lstm" / "lstm.html").read_text()
    head = re.search(r'<script type="text/x-mathjax-config">.*?</script>',
                     built, re.S).group(0)
    for link in re.findall(r"<link[^>]*stylesheet[^>]*>", built):
        if not any(name in link for name in skip_css):
            head += link.replace("../../_static/", "_static/")
    if not (tmp_path / "_static").exists():
        (tmp_path / "_static").symlink_to(quick_book / "_static")
    name = f"probe{len(list(tmp_path.glob('probe*.html')))}.html"
    (tmp_path / name).write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width">'
        '<link rel="icon" href="_static/favicon.svg">' + head +
        '<script async src="_static/mathjax/MathJax.js?config='
        'TeX-AMS-MML_HTMLorMML-full"></script></head><body><main><article>'
        + body + "</article></main></body></html>")
    return name


WIDE_EQUATION = ('<div class="math notranslate nohighlight">\\[' +
                 " + ".join(f"\\mathbf{{W}}_{{{i}}}\\mathbf{{X}}_{{{i}}}"
                            for i in range(40)) + "\\]</div>")


def test_content_cut_at_the_right_edge_is_caught(quick_book, browser,
                                                 tmp_path):
    """At 390 px: a wide equation scrolls with the book's style sheet
    (seqmodels.css) and is reported cut without it; a line of code in a
    box that hides its overflow is reported cut."""
    hidden = ('<div style="width:200px;overflow:hidden"><pre style="'
              'overflow:hidden">' + "x = 1; " * 60 + "</pre></div>")
    with serve(tmp_path) as origin:
        fixed = _probe_with_book_css(quick_book, tmp_path,
                                     WIDE_EQUATION + hidden)
        report, _ = visit(browser, f"{origin}/{fixed}", 390)
        assert report["typeset"] >= 1, report
        assert [c.split(":")[0] for c in report["cut"]] == ["pre."], \
            report["cut"]
        theme_only = _probe_with_book_css(quick_book, tmp_path,
                                          WIDE_EQUATION, ["seqmodels.css"])
        report, _ = visit(browser, f"{origin}/{theme_only}", 390)
        assert [c.split(":")[0] for c in report["cut"]] == ["div.math"], \
            report["cut"]
