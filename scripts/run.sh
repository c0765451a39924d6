#!/usr/bin/env bash
# Run BankChat: install what is missing, migrate and seed the database, load (or, the
# first time, train and cache) the intent classifier, then serve the app (front end and
# REST API on one port) until Ctrl-C. The URL is announced once /api/health says ready.
# Port: BANKCHAT_PORT (default 3000). Extra arguments go to `reflex run`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
# shellcheck source=scripts/env.sh
. scripts/env.sh

port="${BANKCHAT_PORT:-3000}"

# The slow part happens here, with progress, not behind the first message.
python -m bankchat.prepare

# A fresh clone's front-end project is set up here rather than by `reflex run`, whose set-up
# ends with "Run `uv run reflex run` to start the app" in the middle of the run.
if python -c 'import sys; from reflex.utils.prerequisites import needs_reinit; sys.exit(not needs_reinit())'; then
    echo "run: setting up the front-end project (first run only)"
    reflex init --no-agents --loglevel warning
fi

echo "run: starting BankChat on port $port (building the front end takes a few seconds)"
echo "run: its address is printed once it answers at once; Reflex's \"App running at\" comes earlier"
# Announce the address only once a message would be answered at once. The page works under
# any address of this machine (localhost, 127.0.0.1, its network name) on this port.
python scripts/announce_ready.py "$port" $$ &
# Reflex's output as one JSON record a line, like BankChat's own logs: its progress bars go
# (they counted "Compiling 100% 19/18"), its messages and any error stay.
export REFLEX_LOG_JSON="${REFLEX_LOG_JSON:-1}"
exec reflex run --env prod --single-port --frontend-port "$port" ${1+"$@"}
