#!/usr/bin/env bash
# BankChat's whole check: install (setup.sh --dev), find a Chromium for the browser
# tests, lint (ruff, mypy), then pytest (the scale-out job, tests/scaleout, included).
# Arguments go to pytest: scripts/test.sh -k login -x
# Exit status: non-zero if setup, lint or any test fails, or if pytest collected no tests.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'test: %s\n' "$*"; }
die() {
    printf 'test: ERROR: %s\n' "$*" >&2
    exit 1
}

bash scripts/setup.sh --dev
# shellcheck source=scripts/env.sh
. scripts/env.sh

# ---------------------------------------------------------------- Chromium
browser_log="$(mktemp "${TMPDIR:-/tmp}/bankchat-chromium.XXXXXX")"
trap 'rm -f "$browser_log"' EXIT

# chromium_starts [EXECUTABLE]: Playwright can start it headless (no argument: Playwright's own build).
chromium_starts() {
    python - "${1:-}" >"$browser_log" 2>&1 <<'PY'
import sys

from playwright.sync_api import sync_playwright

executable = sys.argv[1] or None
args = ["--no-sandbox", "--disable-gpu", "--no-first-run"]
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=executable, args=args, timeout=60_000)
    browser.new_page().set_content("<p>ok</p>")
    browser.close()
PY
}

# use_system_chromium PATH: true (and exported for the e2e tests) if that executable works.
use_system_chromium() {
    if [ -z "$1" ] || [ ! -x "$1" ] || ! chromium_starts "$1"; then
        return 1
    fi
    export BANKCHAT_CHROMIUM="$1"
    say "Chromium: $1 ($("$1" --version 2>/dev/null || true))"
}

find_chromium() {
    local candidate
    if [ -n "${BANKCHAT_CHROMIUM:-}" ]; then
        use_system_chromium "$BANKCHAT_CHROMIUM" && return 0
        die "BANKCHAT_CHROMIUM=$BANKCHAT_CHROMIUM does not start: $(tail -n 3 "$browser_log")"
    fi
    if chromium_starts; then
        export BANKCHAT_CHROMIUM=""
        say "Chromium: Playwright's own"
        return 0
    fi
    for candidate in /usr/bin/chromium chromium chromium-browser google-chrome google-chrome-stable \
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" \
        "/Applications/Chromium.app/Contents/MacOS/Chromium"; do
        case "$candidate" in
            /*) ;;
            *) candidate="$(command -v "$candidate" 2>/dev/null || true)" ;;
        esac
        use_system_chromium "$candidate" && return 0
    done
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Chromium: installing Debian's chromium (apt-get install chromium)"
        export DEBIAN_FRONTEND=noninteractive
        if ! apt-get install -y -q chromium >"$browser_log" 2>&1; then
            say "Chromium: apt-get install failed, running apt-get update and trying again"
            apt-get update -q >"$browser_log" 2>&1 || true
            apt-get install -y -q chromium >"$browser_log" 2>&1 || say "Chromium: apt-get: $(tail -n 3 "$browser_log")"
        fi
        use_system_chromium /usr/bin/chromium && return 0
    fi
    say "Chromium: trying 'python -m playwright install chromium'"
    if python -m playwright install chromium && chromium_starts; then
        export BANKCHAT_CHROMIUM=""
        say "Chromium: Playwright's own (just downloaded)"
        return 0
    fi
    die "no Chromium for the browser tests. Tried Playwright's own build, /usr/bin/chromium,
       chromium-browser, google-chrome, apt-get (only as root) and 'python -m playwright install chromium'.
       Install one of them (e.g. 'python -m playwright install chromium' with internet access,
       or 'apt-get install chromium' as root), or set BANKCHAT_CHROMIUM=/path/to/chrome.
       Last error: $(tail -n 3 "$browser_log")"
}

find_chromium

# ---------------------------------------------------------------- lint
lint_failed=0
say "ruff check ."
ruff check . || lint_failed=1
say "ruff format --check ."
ruff format --check . || lint_failed=1
say "mypy (--strict on the packages [tool.mypy] lists in pyproject.toml)"
mypy || lint_failed=1
if [ "$lint_failed" -ne 0 ]; then
    say "lint FAILED (see above; 'make format' fixes formatting and import order); running the tests anyway"
fi

# ---------------------------------------------------------------- tests
# tests/scaleout runs the app on PostgreSQL + Redis with 2 workers (docs/running.md: both on
# localhost). Without them those tests are skipped with a loud reason; CI has both, so
# there their absence fails the run.
if [ "${CI:-}" = true ]; then
    export BANKCHAT_REQUIRE_SCALEOUT=1
    say "scale-out tests: PostgreSQL and Redis required (CI=true)"
fi
say "pytest${*:+ $*}"
status=0
python -m pytest ${1+"$@"} || status=$?

if [ "$status" -eq 5 ]; then
    die "pytest collected no tests (exit 5). That counts as a failure: check the test paths and -k/-m filters."
fi
if [ "$status" -ne 0 ]; then
    die "pytest failed (exit $status)"
fi
if [ "$lint_failed" -ne 0 ]; then
    die "the tests passed, but lint failed (see 'ruff' and 'mypy' above)"
fi
say "all checks passed"
