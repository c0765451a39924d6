"""The router's embedded intent classifier: no network, no GPU, trains in seconds.

A linear SVM over TF-IDF word, character and word-pair features, trained on
BANKING77 plus BankChat's own transactional and conversational examples::

    from bankchat.agents.nlu import CONFIDENCE_THRESHOLD, get_classifier

    prediction = get_classifier().predict("send 50 to savings")
    if prediction.confidence < CONFIDENCE_THRESHOLD:
        ...  # ask a clarifying question, e.g. offer prediction.alternatives
"""

from bankchat.agents.nlu.cache import get_classifier
from bankchat.agents.nlu.data import BANKING77_LABELS, OWN_INTENTS
from bankchat.agents.nlu.model import CONFIDENCE_THRESHOLD, IntentClassifier, Prediction

__all__ = [
    "BANKING77_LABELS",
    "CONFIDENCE_THRESHOLD",
    "OWN_INTENTS",
    "IntentClassifier",
    "Prediction",
    "get_classifier",
]
