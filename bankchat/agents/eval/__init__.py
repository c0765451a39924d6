"""One command for BankChat's understanding figures: ``python -m bankchat.agents.eval``.

Public data (BANKING77 cross-validation, CLINC150's test split under the mapping
table of ``bankchat.agents.nlu.clinc``) and our own held-out messages
(``data/heldout.tsv``, never trained on), through one swappable predictor.
"""

from bankchat.agents.eval.cli import main
from bankchat.agents.eval.heldout import HELDOUT_FILE, load_heldout
from bankchat.agents.eval.predictor import Predictor, accepted, understand

__all__ = ["HELDOUT_FILE", "Predictor", "accepted", "load_heldout", "main", "understand"]
