#!/usr/bin/env bash
# Install everything BankChat needs, inside the project folder:
#   .venv/   Python >= 3.11 virtualenv with requirements.txt (tests/requirements.txt with --dev)
#   .tools/  bun and Node 22 from the npm registry (Reflex builds the front end with them)
# Idempotent: a second run only checks, and takes a second or two.
# Usage: scripts/setup.sh [--dev]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
. scripts/env.sh

say() { printf 'setup: %s\n' "$*"; }
die() {
    printf 'setup: ERROR: %s\n' "$*" >&2
    exit 1
}

mode="runtime"
requirements="requirements.txt"
case "${1:-}" in
    "") ;;
    --dev)
        mode="dev"
        requirements="tests/requirements.txt"
        ;;
    -h | --help)
        sed -n '2,7s/^# \{0,1\}//p' "$0"
        exit 0
        ;;
    *) die "unknown option '$1' (usage: scripts/setup.sh [--dev])" ;;
esac
[ -f "$requirements" ] || die "$requirements is missing in $BANKCHAT_ROOT"

# version_ge A B: true when dotted version A >= B (a leading "v" and suffixes like "-rc1" are ignored).
version_ge() {
    local a="${1#v}" b="${2#v}" x y _
    for _ in 1 2 3; do
        x="${a%%.*}"
        y="${b%%.*}"
        x="${x%%[!0-9]*}"
        y="${y%%[!0-9]*}"
        x="${x:-0}"
        y="${y:-0}"
        if ((10#$x > 10#$y)); then return 0; fi
        if ((10#$x < 10#$y)); then return 1; fi
        if [ "$a" = "${a#*.}" ]; then a=""; else a="${a#*.}"; fi
        if [ "$b" = "${b#*.}" ]; then b=""; else b="${b#*.}"; fi
    done
    return 0
}

# ---------------------------------------------------------------- Python
python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

find_python() {
    local candidate
    for candidate in ${BANKCHAT_PYTHON:-} python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

venv_python="$BANKCHAT_VENV/bin/python"
if [ -x "$venv_python" ] && python_ok "$venv_python"; then
    say "Python: .venv ($("$venv_python" -V 2>&1))"
else
    if [ -e "$BANKCHAT_VENV" ]; then
        say "Python: .venv is broken or older than Python 3.11, recreating it"
        rm -rf "$BANKCHAT_VENV"
    fi
    python="$(find_python)" ||
        die "Python 3.11 or newer is needed, and none of python3.12, python3.11, python3 on PATH is one.
       Install Python 3.11+ (e.g. 'apt-get install python3 python3-venv', 'brew install python@3.11'),
       or point BANKCHAT_PYTHON at one."
    say "Python: creating .venv with $python ($("$python" -V 2>&1))"
    if ! "$python" -m venv "$BANKCHAT_VENV"; then
        rm -rf "$BANKCHAT_VENV"
        die "could not create a virtualenv with $python (on Debian/Ubuntu: apt-get install python3-venv)"
    fi
fi

# A hash of every requirements file and the interpreter: installs are skipped while it matches.
requirements_hash() {
    "$venv_python" - requirements.txt tests/requirements.txt <<'PY'
import hashlib
import sys

digest = hashlib.sha256(sys.version.encode())
for name in sorted(sys.argv[1:]):
    digest.update(name.encode())
    with open(name, "rb") as handle:
        digest.update(handle.read())
print(digest.hexdigest())
PY
}

stamp_dir="$BANKCHAT_VENV/.bankchat"
wanted="$(requirements_hash)"
installed_dev="$(cat "$stamp_dir/dev" 2>/dev/null || true)"
installed_runtime="$(cat "$stamp_dir/runtime" 2>/dev/null || true)"
if [ "$installed_dev" = "$wanted" ] || { [ "$mode" = runtime ] && [ "$installed_runtime" = "$wanted" ]; }; then
    say "Python packages: up to date ($requirements)"
else
    say "Python packages: installing $requirements (a few minutes the first time)"
    rm -rf "$stamp_dir"
    "$venv_python" -m pip install --disable-pip-version-check --quiet -r "$requirements" ||
        die "pip install -r $requirements failed (see above)"
    mkdir -p "$stamp_dir"
    printf '%s\n' "$wanted" >"$stamp_dir/$mode"
    # The dev set includes the runtime set.
    if [ "$mode" = dev ]; then printf '%s\n' "$wanted" >"$stamp_dir/runtime"; fi
    say "Python packages: installed"
fi

# ---------------------------------------------------------------- bun and Node
bun_ok() {
    local v
    v="$("$1" --version 2>/dev/null)" && version_ge "$v" "$BANKCHAT_BUN_MIN"
}
node_ok() {
    local v
    v="$("$1" --version 2>/dev/null)" && version_ge "$v" "$BANKCHAT_NODE_MIN"
}

# npm_tool PACKAGE@VERSION: install one package into .tools/ from the npm registry.
npm_tool() {
    say "JavaScript tools: npm install $1 into .tools"
    mkdir -p "$BANKCHAT_TOOLS_DIR"
    npm install --prefix "$BANKCHAT_TOOLS_DIR" --no-audit --no-fund --ignore-scripts --loglevel=error "$1"
}

# ensure_tool NAME CHECK BIN_DIR PACKAGE MIN: the project's own copy, else npm, else the system's.
ensure_tool() {
    local name="$1" check="$2" bin_dir="$3" package="$4" min="$5" system
    if [ -n "$BANKCHAT_TOOLS_OS" ] && "$check" "$bin_dir/$name"; then
        say "$name: $("$bin_dir/$name" --version) (.tools)"
        return 0
    fi
    if [ -n "$BANKCHAT_TOOLS_OS" ] && command -v npm >/dev/null 2>&1; then
        if npm_tool "$package" && "$check" "$bin_dir/$name"; then
            say "$name: $("$bin_dir/$name" --version) (.tools)"
            return 0
        fi
        say "$name: could not install $package from the npm registry"
    fi
    system="$(command -v "$name" 2>/dev/null || true)"
    if [ -n "$system" ] && "$check" "$system"; then
        say "$name: $("$system" --version) ($system)"
        return 0
    fi
    if [ -z "$BANKCHAT_TOOLS_OS" ]; then
        die "$name >= $min is needed. This platform ($(uname -s) $(uname -m)) has no npm package for it:
       install $name >= $min yourself and put it on PATH (on Windows, use WSL)."
    fi
    if ! command -v npm >/dev/null 2>&1; then
        die "$name >= $min is needed. setup fetches it from the npm registry, which needs Node.js
       with npm (any version) to bootstrap: install Node.js/npm, or install $name >= $min yourself."
    fi
    die "$name >= $min is needed and $package could not be installed (see above); install $name >= $min yourself."
}

ensure_tool bun bun_ok "$BANKCHAT_BUN_BIN" "$BANKCHAT_BUN_PKG@$BANKCHAT_BUN_VERSION" "$BANKCHAT_BUN_MIN"
ensure_tool node node_ok "$BANKCHAT_NODE_BIN" "$BANKCHAT_NODE_PKG@$BANKCHAT_NODE_VERSION" "$BANKCHAT_NODE_MIN"

# axe-core for the accessibility tests (tests/e2e/test_accessibility.py injects its axe.min.js).
BANKCHAT_AXE_VERSION="4.14.1"
if [ "$mode" = dev ]; then
    axe_js="$BANKCHAT_TOOLS_DIR/node_modules/axe-core/axe.min.js"
    axe_have="$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$BANKCHAT_TOOLS_DIR/node_modules/axe-core/package.json" 2>/dev/null | head -n 1 || true)"
    if [ -f "$axe_js" ] && [ "$axe_have" = "$BANKCHAT_AXE_VERSION" ]; then
        say "axe-core: $axe_have (.tools)"
    elif command -v npm >/dev/null 2>&1; then
        npm_tool "axe-core@$BANKCHAT_AXE_VERSION" || die "could not install axe-core from the npm registry"
    else
        die "the accessibility tests need axe-core: install npm (Node.js) and run scripts/setup.sh --dev again"
    fi
fi

say "done ($mode)"
