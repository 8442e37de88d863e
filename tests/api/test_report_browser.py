"""The report in headless Chromium: offline (no request leaves the file), no script runs (a hostile label
stays text), numbers link to their projects; screenshots for people to look at in test-artifacts/."""

from __future__ import annotations

import pytest

from api.report import region_reports, render_report
from tests.api.test_report import hand_built_store
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def _open(page, tmp_path, html: str):
    requests, dialogs = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(path.as_uri())
    return requests, dialogs, path


def test_hand_built_report_is_offline_and_inert(page, tmp_path):
    html = render_report(region_reports(hand_built_store(), "Östergötlands län"))
    requests, dialogs, path = _open(page, tmp_path, html)
    assert dialogs == []
    assert {u for u in requests if not u.startswith(("file:", "data:"))} == set()
    assert "Nätverket <script>alert(1)</script>" in page.inner_text("body")
    page.locator("table.matrix td.filled a").first.click()
    assert page.evaluate("location.hash").startswith("#c-")


def test_examples_report_screenshots(page, tmp_path, examples_store):
    html = render_report(region_reports(examples_store, "Östergötlands län", "Gävleborgs län"))
    _, dialogs, _ = _open(page, tmp_path, html)
    assert dialogs == []
    assert page.locator("table.matrix").count() == 2 and page.locator("img.map").count() == 2
    assert page.locator("img.map").first.evaluate("i => i.naturalWidth") > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-compare.png"))
    page.locator("#overview").scroll_into_view_if_needed()
    page.locator("#matrix").screenshot(path=str(ARTIFACTS / "report-matrix.png"))
    page.locator("#money").screenshot(path=str(ARTIFACTS / "report-money.png"))
