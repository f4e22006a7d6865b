"""Headless Chromium for the report's browser test and the README screenshots.

:func:`why_not` says why no browser can be driven here (None when one can);
:func:`chromium` starts Debian's ``chromium`` through ``chromedriver`` with
Selenium, headless, logging the page's console.
"""

from __future__ import annotations

import shutil
from typing import Any, Optional

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DRIVERS = ("chromedriver",)


def _which(names: tuple[str, ...]) -> Optional[str]:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def why_not() -> Optional[str]:
    """Return why the browser cannot run here (missing package), or None if it can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install '.[browser]')"
    if _which(BROWSERS) is None:
        return "no Chromium on PATH (Debian: apt-get install chromium chromium-driver)"
    if _which(DRIVERS) is None:
        return "no chromedriver on PATH (Debian: apt-get install chromium-driver)"
    return None


def chromium(width: int = 1500, height: int = 1100) -> Any:
    """Return a Selenium WebDriver for headless Chromium of ``width`` x ``height`` pixels."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--hide-scrollbars",
                "--force-color-profile=srgb"):
        opts.add_argument(arg)
    binary = _which(BROWSERS)
    if binary:
        opts.binary_location = binary
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = _which(DRIVERS)
    service = Service(driver) if driver else Service()
    return webdriver.Chrome(service=service, options=opts)


def severe_console(driver: Any) -> list[str]:
    """Return the page's console errors (SEVERE entries) logged so far."""
    try:
        return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    except Exception:  # noqa: BLE001 - a driver without log support: nothing to report
        return []
