"""How fast a large report opens and responds in headless Chromium.

    python bench/report_open.py [PYC]      # default: Python 3.12's _pydecimal pyc

Writes the report, opens it from disk in Debian's headless Chromium (Selenium),
and prints: the time to write the report, the page's own step timings
(``window.__bsTimes``), navigation start -> page ready, and the time the
page takes to answer clicks (select a code object, an instruction, a marshal
object).  The goal: open and respond within 2 s.
"""

from __future__ import annotations

import glob
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, os.path.join(ROOT, "tools"))

import browser  # noqa: E402

import bytescope  # noqa: E402
from bytescope.views.report import report_html  # noqa: E402


def default_pyc() -> str:
    """Return 3.12's _pydecimal pyc (pyenv), or exit saying it is missing."""
    pattern = os.path.expanduser("~/.pyenv/versions/3.12.*/lib/python3.12/__pycache__/"
                                 "_pydecimal.cpython-312.pyc")
    found = sorted(glob.glob(pattern))
    if not found:
        raise SystemExit("no 3.12 _pydecimal pyc (give a PYC)")
    return found[-1]


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else default_pyc()
    reason = browser.why_not()
    if reason:
        raise SystemExit(reason)
    source_path = os.path.join(os.path.dirname(os.path.dirname(path)),
                               os.path.basename(path).split(".")[0] + ".py")
    source = open(source_path, encoding="utf-8").read().splitlines() \
        if os.path.exists(source_path) else None
    t = time.perf_counter()
    html = report_html(bytescope.load(path), source=source, source_name=source_path)
    write_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "report.html")
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(html)
        driver = browser.chromium()
        try:
            from selenium.webdriver.support.ui import WebDriverWait

            driver.get("file://" + out)
            WebDriverWait(driver, 60).until(
                lambda d: d.execute_script("return document.body.dataset.ready") == "1")
            nav = driver.execute_script(
                "var t = performance.timing; return [t.responseEnd - t.navigationStart,"
                " t.domInteractive - t.navigationStart, t.loadEventEnd - t.navigationStart]")
            steps = driver.execute_script("return window.__bsTimes")
            clicks = driver.execute_script(
                "var out = {}, t = performance.now(), n = bytescope.data.codes.length;"
                "bytescope.selectCode(Math.floor(n / 2)); out.code = performance.now() - t;"
                "t = performance.now(); bytescope.selectIns(3, true);"
                "out.instruction = performance.now() - t;"
                "t = performance.now(); bytescope.selectSpan(bytescope.data.spans.length - 1,"
                " false); out.marshal_object = performance.now() - t; return out;")
            errors = driver.execute_script("return window.__bsErrors")
        finally:
            driver.quit()
    print(f"{path}: {len(html) // 1024} KiB report written in {write_s:.2f} s")
    print(f"navigation -> response end {nav[0]} ms, -> interactive {nav[1]} ms, "
          f"-> load end {nav[2]} ms")
    print("page steps (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(steps.items())))
    print("clicks (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in clicks.items()))
    print(f"JavaScript errors: {errors or 'none'}")


if __name__ == "__main__":
    main()
