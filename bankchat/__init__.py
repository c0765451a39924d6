"""BankChat: a banking assistant in the browser.

Numeric libraries run single-threaded in every BankChat process. Each chat turn scores one
short message (well under a millisecond of arithmetic); a BLAS or OpenMP thread pool per
worker only spins against the web server for the same two cores (it made a turn 3× dearer).
This is set before anything imports numpy, whatever the environment says.
"""

import os

NUMERIC_THREAD_VARIABLES = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
for _variable in NUMERIC_THREAD_VARIABLES:
    os.environ[_variable] = "1"
