"""The router's embedded intent classifier: no network, no GPU, trains in seconds.

A linear SVM over TF-IDF word, character and word-pair features, trained on
BANKING77 plus BankChat's own transactional and conversational examples, with a
sentence encoder (all-MiniLM-L6-v2) distilled into it at training time from
embeddings shipped in ``data/`` (``distil.py``), and a nearest-neighbour vote in
that encoder's space beside it (``neighbours.py``), so no encoder runs at all::

    from bankchat.agents.nlu import CONFIDENCE_THRESHOLD, get_classifier

    prediction = get_classifier().predict("send 50 to savings")
    if prediction.confidence < CONFIDENCE_THRESHOLD:
        ...  # ask a clarifying question, e.g. offer prediction.alternatives
"""

from bankchat.agents.clarify import CONFIDENCE_THRESHOLD
from bankchat.agents.nlu.cache import get_classifier
from bankchat.agents.nlu.data import BANKING77_LABELS, OWN_INTENTS
from bankchat.agents.nlu.model import IntentClassifier, Prediction

__all__ = [
    "BANKING77_LABELS",
    "CONFIDENCE_THRESHOLD",
    "OWN_INTENTS",
    "IntentClassifier",
    "Prediction",
    "get_classifier",
]
