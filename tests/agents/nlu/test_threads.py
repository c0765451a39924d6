"""The server's numeric libraries run single-threaded, whatever the environment asks (issue 14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bankchat.agents.nlu import IntentClassifier

PROJECT_ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import json, psutil
process = psutil.Process()
before = process.num_threads()
import bankchat.bankchat  # the app module the server imports
from bankchat.agents.router import route
from threadpoolctl import threadpool_info
for text in ("send 50 to savings", "my card got stolen", "what is my balance") * 20:
    route(text)
pools = [(p["internal_api"], p["num_threads"]) for p in threadpool_info()]
print(json.dumps({"before": before, "after": process.num_threads(), "pools": pools}))
"""


def test_classifier_in_the_server_starts_no_numeric_threads(classifier: IntentClassifier, nlu_cache_dir: Path) -> None:
    threads = {"OPENBLAS_NUM_THREADS": "4", "OMP_NUM_THREADS": "4", "MKL_NUM_THREADS": "4"}
    env = {**os.environ, **threads, "BANKCHAT_NLU_CACHE": str(nlu_cache_dir)}  # trained by ``classifier``
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])

    assert found["pools"], "numpy's BLAS should be loaded by the classifier"
    assert all(threads == 1 for _, threads in found["pools"]), found
    assert found["after"] == found["before"], found  # no pool threads beside the interpreter's own
