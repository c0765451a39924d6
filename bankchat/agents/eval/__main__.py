"""``python -m bankchat.agents.eval`` (see ``cli.py``)."""

import sys

from bankchat.agents.eval.cli import main

sys.exit(main())
