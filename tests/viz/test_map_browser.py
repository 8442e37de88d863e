"""The map in headless Chromium: it settles, draws, loads nothing from the network, and a hostile label
stays text in the tooltip, the search and the details panel. Screenshots go to test-artifacts/."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from graph import open_store
from ingest.bootstrap import ensure_reference
from ingest.pipeline import ingest_paths
from tests.conftest import ARTIFACTS, EXAMPLES
from viz import build_network
from viz.maps import write_map
from viz.projections import network

from .conftest import HOSTILE, hand_built

pytestmark = pytest.mark.browser


def open_map(page, path):
    """Open a map file; return the lists of dialogs and non-file requests seen."""
    dialogs, requests = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else requests.append(r.url))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(path.as_uri())
    page.wait_for_function("document.body.dataset.state === 'stable'", timeout=60_000)
    return dialogs, requests


def drawn_pixels(png: bytes) -> tuple[int, int]:
    """(pixels that are not background white, distinct colours) of a screenshot."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    raw = image.tobytes()
    pixels = [raw[i:i + 3] for i in range(0, len(raw), 3)]
    return sum(1 for p in pixels if min(p) < 235), len(set(pixels))


def test_examples_map_settles_and_draws(page, tmp_path):
    store = open_store("memory:")
    ensure_reference(store)
    ingest_paths(store, [EXAMPLES])
    for kind in ("collaboration", "funding"):
        path = write_map(build_network(store, kind), tmp_path / f"{kind}.html", title=f"Examples: {kind}",
                         size_by="funding" if kind == "funding" else "degree")
        dialogs, requests = open_map(page, path)
        canvas = page.locator("#network canvas").screenshot()
        drawn, colours = drawn_pixels(canvas)
        assert drawn > 0.02 * 1000 * 760 and colours > 20, "the canvas looks blank"
        assert page.locator("#status").inner_text() == "Layout settled; physics stopped."
        assert page.evaluate("window.innokgNetwork.physics.options.enabled") is False
        page.screenshot(path=str(ARTIFACTS / f"map-{kind}.png"))
        assert not dialogs and not requests
    store.close()


def test_hostile_label_stays_text(page, tmp_path):
    path = write_map(network(hand_built(HOSTILE), "collaboration"), tmp_path / "hostile.html", title=HOSTILE)
    dialogs, requests = open_map(page, path)

    # hover the hostile node: vis shows its tooltip
    point = page.evaluate("""() => {
        const net = window.innokgNetwork;
        const id = net.body.data.nodes.get().find(n => n.info.name.startsWith("<img")).id;
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.querySelector("#network").getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""")
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator(".vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert HOSTILE in tooltip.inner_text() and tooltip.locator("img").count() == 0

    # search-to-focus, then the details panel
    page.fill("#search-input", "<img src=x")
    page.click("#search button")
    assert HOSTILE in page.locator("#details").inner_text()
    assert page.locator("#details img").count() == 0 and page.locator("img").count() == 0
    page.wait_for_timeout(600)  # the focus animation
    assert page.evaluate("window.innokgNetwork.getSelectedNodes().length") == 1
    page.screenshot(path=str(ARTIFACTS / "map-hostile-label.png"))
    assert page.title() == HOSTILE
    assert not dialogs and not requests
