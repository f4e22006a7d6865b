"""How fast a large report opens and responds in headless Chromium.

    python bench/report_open.py [PYC] [--write]   # default: Python 3.12's _pydecimal pyc

Writes the report, opens it from disk in Debian's headless Chromium (Selenium),
and prints: the time to write the report, the page's own step timings
(``window.__bsTimes``), navigation start -> page ready, and the time the
page takes to answer clicks (select a code object, an instruction, a marshal
object).  The goal: open and respond within 2 s.  ``--write`` runs three rounds
and puts their figures into ``bench/RESULTS.md`` (the ``report`` section).
"""

from __future__ import annotations

import glob
import os
import sys
import tempfile
import time
from typing import Any

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


def measure(path: str) -> dict[str, Any]:
    """Write the report of ``path``, open it in Chromium; return the figures."""
    source_path = os.path.join(os.path.dirname(os.path.dirname(path)),
                               os.path.basename(path).split(".")[0] + ".py")
    source = open(source_path, encoding="utf-8").read().splitlines() \
        if os.path.exists(source_path) else None
    t = time.perf_counter()
    pyc = bytescope.load(path)
    html = report_html(pyc, source=source, source_name=source_path)
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
    return {"kib": len(html) // 1024, "codes": len(list(pyc.code.iter_code())),
            "version": pyc.version.key, "source": source is not None, "write_s": write_s,
            "nav": nav, "steps": steps, "clicks": clicks, "errors": errors}


def show(path: str, m: dict[str, Any]) -> None:
    """Print one round's figures."""
    nav = m["nav"]
    print(f"{path}: {m['kib']} KiB report written in {m['write_s']:.2f} s")
    print(f"navigation -> response end {nav[0]} ms, -> interactive {nav[1]} ms, "
          f"-> load end {nav[2]} ms")
    print("page steps (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(m["steps"].items())))
    print("clicks (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in m["clicks"].items()))
    print(f"JavaScript errors: {m['errors'] or 'none'}")


def write_results(path: str, rounds: list[dict[str, Any]]) -> None:
    """Put the rounds' figures into bench/RESULTS.md between the report markers."""
    import datetime
    import platform
    import subprocess

    version = subprocess.run([browser._which(browser.BROWSERS) or "chromium", "--version"],
                             capture_output=True, text=True).stdout.strip()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    rows = []
    for k, m in enumerate(rounds, 1):
        c = m["clicks"]
        rows.append(f"| {k} | {m['kib']} | {m['write_s']:.2f} | {m['nav'][0]} | "
                    f"{m['steps'].get('ready', 0):.0f} | {c['code']:.0f} | "
                    f"{c['instruction']:.0f} | {c['marshal_object']:.0f} | "
                    f"{len(m['errors'])} |")
    body = "\n".join([
        "<!-- report:begin -->",
        "## report: a large module in Chromium (bench/report_open.py)",
        "",
        f"{now}; {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load {load:.1f}; {version} (headless, Selenium).  File: `{os.path.basename(path)}` "
        f"({rounds[0]['version']}, {rounds[0]['codes']} code objects"
        f"{', its source beside it' if rounds[0]['source'] else ''}).  "
        "*ready*: navigation start to the page fully built (first screen, then the "
        "marshal view); clicks: time for the page "
        "to answer (select a code object, an instruction, a marshal object).  Goal: open "
        "and respond within 2 s.",
        "",
        "| round | report KiB | write s | file read ms | ready ms | code click ms | "
        "instruction click ms | marshal click ms | JS errors |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        *rows,
        "<!-- report:end -->",
    ])
    results = os.path.join(HERE, "RESULTS.md")
    text = open(results, encoding="utf-8").read()
    if "<!-- report:begin -->" in text:
        head, rest = text.split("<!-- report:begin -->", 1)
        text = head + body + rest.split("<!-- report:end -->", 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + body + "\n"
    with open(results, "w", encoding="utf-8") as fh:
        fh.write(text)


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--write"]
    path = args[0] if args else default_pyc()
    reason = browser.why_not()
    if reason:
        raise SystemExit(reason)
    rounds = [measure(path) for _ in range(3 if "--write" in sys.argv else 1)]
    for m in rounds:
        show(path, m)
    if "--write" in sys.argv:
        write_results(path, rounds)


if __name__ == "__main__":
    main()
