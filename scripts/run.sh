#!/usr/bin/env bash
# Run BankChat: install what is missing, migrate and seed the database, then serve the
# app (front end and REST API on one port) until Ctrl-C.
# Port: BANKCHAT_PORT (default 3000). Extra arguments go to `reflex run`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
# shellcheck source=scripts/env.sh
. scripts/env.sh

port="${BANKCHAT_PORT:-3000}"
# The websocket and CORS accept this origin only: open the app at exactly this URL.
export BANKCHAT_FRONTEND_ORIGIN="${BANKCHAT_FRONTEND_ORIGIN:-http://localhost:$port}"

echo "run: migrating and seeding the database"
python -m bankchat.migrate

cat <<MSG
run: starting BankChat; once the front end is built (a few seconds) open
run:   $BANKCHAT_FRONTEND_ORIGIN
run: demo users (for the demo only): manager, alice, bob, each with password Password123!
run: Ctrl-C stops it.
MSG
exec reflex run --env prod --single-port --frontend-port "$port" ${1+"$@"}
