"""Make the README's pictures from the bundled example, with bytescope itself.

    python tools/make_screenshots.py   # writes docs/cfg-example.svg, docs/report-example.png

* ``docs/cfg-example.svg``: ``bytescope cfg examples/fib.cpython-312.pyc
  --function Counter.step --format svg --layout builtin``;
* ``docs/report-example.png``: ``bytescope report`` of the same pyc (source
  ``examples/fib.py``) in headless Chromium, ``Counter.step`` selected and one
  instruction clicked, so the highlighting shows.

Needs Debian's ``chromium`` and ``chromium-driver`` and ``selenium`` for the PNG.
"""

from __future__ import annotations

import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, HERE)

import browser  # noqa: E402

from bytescope.cli import main  # noqa: E402

# relative, as a user would type them (the report shows the path it was given)
PYC = os.path.join("examples", "fib.cpython-312.pyc")
SOURCE = os.path.join("examples", "fib.py")
DOCS = "docs"


def cfg_picture() -> str:
    """Write the CFG of Counter.step as SVG; return its path."""
    out = os.path.join(DOCS, "cfg-example.svg")
    status = main(["cfg", PYC, "--function", "Counter.step", "--format", "svg",
                   "--layout", "builtin", "-o", out])
    if status:
        raise SystemExit(f"bytescope cfg failed ({status})")
    return out


def report_picture() -> str:
    """Open the report in headless Chromium, click, and save a PNG; return its path."""
    reason = browser.why_not()
    if reason:
        raise SystemExit(f"cannot take the report screenshot: {reason}")
    out = os.path.join(DOCS, "report-example.png")
    with tempfile.TemporaryDirectory() as tmp:
        html = os.path.join(tmp, "report.html")
        if main(["report", PYC, "--source-file", SOURCE, "-o", html]):
            raise SystemExit("bytescope report failed")
        driver = browser.chromium(1400, 900)
        try:
            from selenium.webdriver.support.ui import WebDriverWait

            driver.get("file://" + os.path.abspath(html))
            WebDriverWait(driver, 30).until(
                lambda d: d.execute_script("return document.body.dataset.ready") == "1")
            driver.execute_script(
                "var items = document.querySelectorAll('nav#tree .citem');"
                "for (var i = 0; i < items.length; i++)"
                "  if (items[i].firstChild.textContent === 'Counter.step') items[i].click();"
                "var rows = document.querySelectorAll('#dis .row');"
                "rows[8].click(); window.scrollTo(0, 0);")
            driver.save_screenshot(out)
            errors = driver.execute_script("return window.__bsErrors")
            if errors:
                raise SystemExit(f"JavaScript errors: {errors}")
        finally:
            driver.quit()
    return out


if __name__ == "__main__":
    os.chdir(ROOT)
    os.makedirs(DOCS, exist_ok=True)
    print(cfg_picture())
    print(report_picture())
