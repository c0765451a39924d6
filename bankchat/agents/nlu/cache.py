"""The fitted default classifier, cached on disk and kept once per process.

The cache file's name carries a hash of the training data and the teacher
embeddings, of this package's feature, model and distillation code and of the
scikit-learn version, so any change to one
of them trains a fresh model on the next load. The directory is
``$BANKCHAT_NLU_CACHE`` or ``.cache/nlu`` at the repository root. Cache files
are pickles written by this process for this process: never point the
variable at a directory that others can write to.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from pathlib import Path

import joblib
import sklearn
from threadpoolctl import threadpool_limits

from bankchat.agents.nlu import distil, model, neighbours, text
from bankchat.agents.nlu.data import data_fingerprint
from bankchat.agents.nlu.model import IntentClassifier

logger = logging.getLogger(__name__)

CACHE_ENV = "BANKCHAT_NLU_CACHE"
_REPO_ROOT = Path(__file__).resolve().parents[3]
_PREFIX = "intent-"

_lock = threading.Lock()
_classifier: IntentClassifier | None = None


def cache_dir() -> Path:
    """Where cached models live."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else _REPO_ROOT / ".cache" / "nlu"


def cache_key() -> str:
    """Hash of the training data, the code that shapes the model, and the library version."""
    digest = hashlib.sha256(data_fingerprint().encode())
    for module in (model, text, distil, neighbours):
        digest.update(Path(module.__file__ or "").read_bytes())
    if distil.TEACHER_FILE.exists():
        digest.update(distil.TEACHER_FILE.read_bytes())
    digest.update(sklearn.__version__.encode())
    return digest.hexdigest()[:20]


def _load(path: Path) -> IntentClassifier | None:
    try:
        loaded = joblib.load(path)
    except Exception:  # a broken or stale cache file only means "train again"
        logger.warning("ignoring unreadable intent model cache %s", path, exc_info=True)
        return None
    if not isinstance(loaded, IntentClassifier) or not loaded.is_fitted:
        logger.warning("ignoring intent model cache %s: not a fitted IntentClassifier", path)
        return None
    return loaded


def _save(classifier: IntentClassifier, directory: Path, path: Path) -> None:
    temporary: str | None = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a concurrent reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".joblib")
        os.close(handle)
        joblib.dump(classifier, temporary)
        os.replace(temporary, path)
    except OSError:
        logger.warning("could not write intent model cache %s", path, exc_info=True)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        return
    for stale in directory.glob(f"{_PREFIX}*.joblib"):
        if stale != path:
            stale.unlink(missing_ok=True)


def load_or_train(directory: Path | None = None) -> tuple[IntentClassifier, bool]:
    """The default classifier from the cache if valid, else freshly trained and cached.

    Returns:
        The classifier, and whether it was trained (``False`` when it came from the cache).
    """
    directory = directory or cache_dir()
    path = directory / f"{_PREFIX}{cache_key()}.joblib"
    if path.exists():
        cached = _load(path)
        if cached is not None:
            return cached, False
    classifier = IntentClassifier.train_default()
    _save(classifier, directory, path)
    return classifier, True


def get_classifier() -> IntentClassifier:
    """The process-wide default classifier, loaded (or trained) on first use; thread-safe."""
    global _classifier
    if _classifier is None:
        with _lock:
            if _classifier is None:
                _classifier, trained = load_or_train()
                threadpool_limits(limits=1)  # in case numpy came before ``bankchat`` set its variables
                logger.info("intent classifier %s", "trained" if trained else "loaded from cache")
    return _classifier
