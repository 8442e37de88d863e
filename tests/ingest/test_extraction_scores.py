"""Extraction quality, measured by the project's scorer (shared/eval/score.py) on annotated texts.

The seed gold has the binding thresholds (actor F1 ≥ 0.95, relation F1 ≥ 0.90). The dev set is
scored in place (third-party texts, never copied) as a regression guard at the generalisation
targets (actor F1 ≥ 0.85, relation F1 ≥ 0.75). Skipped where ../shared is absent (an installed copy).
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

EVAL = ROOT.parent / "shared" / "eval"
SETS = {
    "seeds": (ROOT.parent / "shared" / "seeds", EVAL / "seeds_gold", 0.95, 0.90),
    "dev": (EVAL / "dev" / "docs", EVAL / "dev" / "gold", 0.85, 0.75),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", SETS)
def test_extraction_scores_reach_the_thresholds(name):
    docs, gold, actor_bar, relation_bar = SETS[name]
    if not (EVAL / "score.py").exists() or not gold.exists():
        pytest.skip(f"{EVAL} not present")
    out = subprocess.run([sys.executable, str(EVAL / "score.py"), "--docs", str(docs), "--gold", str(gold),
                          "--cmd", f"{sys.executable} -m api extract --format json"],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    summary = out.stdout.strip().splitlines()[-1]
    scores = {k: float(v) for k, v in re.findall(r"(\w+) F1=([\d.]+)", summary)}
    assert scores["actors"] >= actor_bar and scores["relations"] >= relation_bar, summary
