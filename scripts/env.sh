# shellcheck shell=bash disable=SC2034  # the BANKCHAT_* variables are used by the scripts that source this
# Source this file (". scripts/env.sh") to get BankChat's tool environment:
# the project's own bun and Node (in .tools/, installed by scripts/setup.sh) and
# the virtualenv (.venv/) first on PATH, plus the REFLEX_* settings that keep
# Reflex off the internet. It only sets variables: no shell options, no output.

BANKCHAT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BANKCHAT_ROOT

# The JavaScript toolchain Reflex 0.10 needs: bun >= 1.4.4 and Node >= 22.22
# (reflex_base/constants/installer.py). What setup.sh installs: these npm versions.
BANKCHAT_BUN_VERSION="1.4.5"
BANKCHAT_BUN_MIN="1.4.4"
BANKCHAT_NODE_VERSION="22"
BANKCHAT_NODE_MIN="22.22.0"

# Platform names used by the npm packages @oven/bun-<os>-<arch> and node-<os>-<arch>.
# Leaves BANKCHAT_TOOLS_OS empty on a platform that has no such packages.
bankchat_platform() {
    BANKCHAT_TOOLS_OS=""
    BANKCHAT_NODE_ARCH=""
    BANKCHAT_BUN_ARCH=""
    case "$(uname -s)" in
        Linux) BANKCHAT_TOOLS_OS="linux" ;;
        Darwin) BANKCHAT_TOOLS_OS="darwin" ;;
        *) return 0 ;;
    esac
    case "$(uname -m)" in
        x86_64 | amd64)
            BANKCHAT_NODE_ARCH="x64"
            BANKCHAT_BUN_ARCH="x64"
            # Bun's default x64 build needs AVX2; older CPUs need the baseline build.
            if [ "$BANKCHAT_TOOLS_OS" = linux ] && [ -r /proc/cpuinfo ] && ! grep -qw avx2 /proc/cpuinfo; then
                BANKCHAT_BUN_ARCH="x64-baseline"
            fi
            ;;
        arm64 | aarch64)
            BANKCHAT_NODE_ARCH="arm64"
            BANKCHAT_BUN_ARCH="aarch64"
            ;;
        *) BANKCHAT_TOOLS_OS="" ;;
    esac
}
bankchat_platform

BANKCHAT_BUN_PKG="@oven/bun-${BANKCHAT_TOOLS_OS}-${BANKCHAT_BUN_ARCH}"
BANKCHAT_NODE_PKG="node-${BANKCHAT_TOOLS_OS}-${BANKCHAT_NODE_ARCH}"
BANKCHAT_TOOLS_DIR="$BANKCHAT_ROOT/.tools"
BANKCHAT_BUN_BIN="$BANKCHAT_TOOLS_DIR/node_modules/$BANKCHAT_BUN_PKG/bin"
BANKCHAT_NODE_BIN="$BANKCHAT_TOOLS_DIR/node_modules/$BANKCHAT_NODE_PKG/bin"
BANKCHAT_VENV="$BANKCHAT_ROOT/.venv"

# The npm registry this machine's npm already uses (asked before PATH changes below).
if [ -z "${NPM_CONFIG_REGISTRY:-}" ]; then
    NPM_CONFIG_REGISTRY="$(npm config get registry 2>/dev/null || true)"
    case "$NPM_CONFIG_REGISTRY" in
        http://* | https://*) ;;
        *) NPM_CONFIG_REGISTRY="https://registry.npmjs.org/" ;;
    esac
fi
export NPM_CONFIG_REGISTRY

# Put a folder first on PATH, dropping any other copy (sourcing twice does not grow PATH).
bankchat_path_prepend() {
    local rest=":$PATH:"
    rest="${rest//:$1:/:}"
    rest="${rest#:}"
    rest="${rest%:}"
    PATH="$1${rest:+:$rest}"
}
bankchat_path_prepend "$BANKCHAT_VENV/bin"
if [ -n "$BANKCHAT_TOOLS_OS" ]; then
    bankchat_path_prepend "$BANKCHAT_NODE_BIN"
    bankchat_path_prepend "$BANKCHAT_BUN_BIN"
fi
export PATH

export REFLEX_USE_SYSTEM_BUN=1
export REFLEX_CHECK_LATEST_VERSION=0
export REFLEX_TELEMETRY_ENABLED=false
export PYTHONUNBUFFERED=1
