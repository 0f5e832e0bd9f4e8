"""``bench/search.py`` keeps working: run at a tiny scale on SQLite (both backends, the
permission filter's levels, its leak check), and its report built from the results."""

import json
import os
import subprocess
import sys
from pathlib import Path

# The suite may run against the installed wheel (tox), from a copy of ``tests/`` alone: the
# bench is in the source tree only.
ROOT = Path(os.environ.get("WAGTAIL_SOCIAL_SOURCE_DIR") or Path(__file__).resolve().parents[2])
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from bench._search_report import document  # noqa: E402


def test_search_bench_runs_at_a_tiny_scale(tmp_path):
    out = tmp_path / "search.json"
    command = [sys.executable, "bench/search.py", "--scale", "0.01", "--rounds", "1"]
    command += ["--database", "sqlite", "--json", str(out)]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(out.read_text())

    assert result["corpus"]["pages"] == 61 and result["corpus"]["comments"] == 150
    assert set(result["backends"]) == {"whoosh", "database"}
    for figures in result["backends"].values():
        assert figures["per_second"] > 0
        assert 0 < figures["p50"] <= figures["p95"]
        assert len(figures["relevance"]) == 12
    # The claim of the French analysis: each query typed without accents finds its page in the top 3.
    assert all(check["rank"] and check["rank"] <= 3 for check in result["backends"]["whoosh"]["relevance"])
    # 12 sections at this scale: none and 10 restricted (the run asserts no hit under them).
    assert sorted(result["permissions"]["whoosh"], key=int) == ["0", "10"]
    assert sorted(result["permissions"]["database"], key=int) == ["0", "10"]

    body, ok = document([result], result, 0.01, 0.0)  # the fork's part, from the same figures
    assert ok
    assert body.startswith("## Search (`bench/search.py`)")
    assert "| SQLite | ours (whoosh) |" in body and "**Which whoosh**" in body
