"""The HTML report in a real browser: Debian's headless Chromium driven by Selenium.

Reports of 2.7, 3.8, 3.12 and 3.15 pycs (the committed fixtures, with their
sources from ../shared/samples when present) are opened from disk.  The test
checks that there are no JavaScript errors, that every code object and every
instruction is on the page with the text the instruction layer gives, and that
real clicks highlight: instruction -> source line (and columns from 3.11),
source line -> instructions, CFG block -> instructions, marshal tree -> hex
bytes and hex byte -> tree.  It saves a screenshot of each report (in
$BYTESCOPE_SCREENSHOTS, else pytest's tmp dir).  Without Chromium, chromedriver
or selenium it is skipped, saying which is missing (.ci/run installs them).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest
from interpreters import shared_dir

import bytescope
from bytescope.views.report import report_html

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools"))
import browser  # noqa: E402

CASES = [("2.7", "legacy2"), ("3.8", "errors"), ("3.12", "errors"), ("3.15", "errors")]


@pytest.fixture(scope="module")
def driver() -> Any:
    reason = browser.why_not()
    if reason:
        pytest.skip(f"browser test skipped: {reason}")
    d = browser.chromium()
    yield d
    d.quit()


def _shots_dir(tmp_path: Any) -> str:
    out = os.environ.get("BYTESCOPE_SCREENSHOTS") or str(tmp_path)
    os.makedirs(out, exist_ok=True)
    return out


def _open(driver: Any, path: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("file://" + path)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.body.dataset.ready") == "1")


@pytest.mark.parametrize("version,name", CASES, ids=[f"{v}-{n}" for v, n in CASES])
def test_report_in_chromium(driver: Any, tmp_path: Any, version: str, name: str) -> None:
    from selenium.webdriver.common.by import By

    pyc_path = os.path.join(HERE, "fixtures", version, name + ".pyc")
    pyc = bytescope.load(pyc_path)
    samples = shared_dir("samples")
    source = None
    if samples and os.path.exists(os.path.join(samples, name + ".py")):
        with open(os.path.join(samples, name + ".py"), encoding="utf-8") as fh:
            source = fh.read().splitlines()
    html = tmp_path / f"{version}-{name}.html"
    html.write_text(report_html(pyc, source=source, source_name=name + ".py"), encoding="utf-8")
    _open(driver, str(html))
    assert driver.execute_script("return window.__bsErrors") == []

    # every code object in the tree, every instruction in its listing
    from bytescope.analysis.cfg import cfg

    codes = list(pyc.code.iter_code())
    items = driver.find_elements(By.CSS_SELECTOR, "nav#tree .citem")
    assert len(items) == len(codes)
    for k, code in enumerate(codes):
        items[k].click()
        rows = driver.execute_script(
            "return Array.from(document.querySelectorAll('#dis .row')).map("
            "function (r) { return [+r.dataset.offset, r.textContent]; })")
        raw = cfg(code).listing.raw
        assert [r[0] for r in rows] == [r[0] for r in raw], f"{version} {code.co_name}"
        assert all(text.strip() for _off, text in rows)
        blocks = driver.find_elements(By.CSS_SELECTOR, "#cfg svg .blk")
        assert len(blocks) == len(cfg(code).blocks)

    # pick the code object with the most blocks: click an instruction with a line
    biggest = max(range(len(codes)), key=lambda k: len(cfg(codes[k]).blocks))
    items[biggest].click()
    rows = driver.find_elements(By.CSS_SELECTOR, "#dis .row")
    data = driver.execute_script(f"return bytescope.data.codes[{biggest}].ins")
    pick = next(i for i, r in enumerate(data) if isinstance(r[3], int) and r[3] > 0)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", rows[pick])
    rows[pick].click()
    assert "sel" in rows[pick].get_attribute("class")
    assert driver.find_elements(By.CSS_SELECTOR, "#cfg svg .blk.sel")
    if source is not None:
        line = data[pick][3]
        hl = driver.find_elements(By.CSS_SELECTOR, "#src .row.hl")
        assert hl and int(hl[0].get_attribute("data-line")) == line
        if pyc.version.line_table == "locations" and data[pick][5] is not None:
            assert driver.find_elements(By.CSS_SELECTOR, "#src .row.hl mark")
        # source line -> its instructions
        src_row = driver.find_elements(By.CSS_SELECTOR, "#src .row")[line - 1]
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", src_row)
        src_row.click()
        lit = driver.find_elements(By.CSS_SELECTOR, "#dis .row.hl")
        current = "bytescope.data.codes[bytescope.state.code].ins"
        lines = [driver.execute_script(f"return {current}[{int(r.get_attribute('data-i'))}][3]")
                 for r in lit]
        assert lit and all(n == line for n in lines)
    # CFG block -> its instructions
    blk = driver.find_elements(By.CSS_SELECTOR, "#cfg svg .blk rect")[-1]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", blk)
    driver.execute_script(
        "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", blk)
    assert driver.find_elements(By.CSS_SELECTOR, "#dis .row.blk-hl")

    # marshal tree -> hex bytes
    node = driver.find_elements(By.CSS_SELECTOR, "#mtree .mnode .kids .mt")[1]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", node)
    node.click()
    idx = int(node.find_element(By.XPATH, "..").get_attribute("data-span"))
    start, end = driver.execute_script(f"return bytescope.data.spans[{idx}].slice(0, 2)")
    lit = driver.find_elements(By.CSS_SELECTOR, "#hex .b.hl")
    assert lit and int(lit[0].get_attribute("data-at")) == start
    assert len(lit) == min(end - start, len(lit))
    # hex byte -> the innermost object in the tree
    at = int(driver.find_elements(By.CSS_SELECTOR, "#hex .b.os")[-1].get_attribute("data-at"))
    # the hex view renders only visible rows: scroll, let it redraw, then click
    driver.execute_script(
        "document.querySelector('#hex .b[data-at=\"' + arguments[0] + '\"]')"
        ".scrollIntoView({block: 'center'});"
        "return new Promise(function (r) { requestAnimationFrame(function () {"
        " requestAnimationFrame(r); }); });", at)
    driver.find_element(By.CSS_SELECTOR, f'#hex .b[data-at="{at}"]').click()
    sel = driver.find_elements(By.CSS_SELECTOR, "#mtree .mt.sel")
    assert len(sel) == 1
    span = driver.execute_script(
        "return bytescope.data.spans[bytescope.state.span].slice(0, 2)")
    assert span[0] <= at < span[1]

    assert driver.execute_script("return window.__bsErrors") == []
    assert browser.severe_console(driver) == []
    out = _shots_dir(tmp_path)
    bottom = os.path.join(out, f"report-{version}-{name}-marshal.png")
    driver.save_screenshot(bottom)  # the marshal tree and hex view, as the clicks left them
    driver.execute_script("window.scrollTo(0, 0)")
    top = os.path.join(out, f"report-{version}-{name}.png")
    driver.save_screenshot(top)
    assert os.path.getsize(top) > 10_000 and os.path.getsize(bottom) > 10_000
    print(f"\nscreenshots: {top}, {bottom}")
