#!/usr/bin/env bash
# Prepares a machine for svcpack: system toolchains, pnpm, the workspace build, and the demo
# monorepo in fixtures/demo. Safe to run again: a step with nothing to do is skipped or quick.
#
#   bash scripts/setup.sh            everything, ending with `svcpack package fixtures/demo`
#   bash scripts/setup.sh --no-demo  everything but packaging the demo (what CI runs)
#
# Each step prints one line; a failing step prints its captured output and stops the script.
set -euo pipefail

readonly PNPM_VERSION='10.34.9'
readonly APT_PACKAGES=(golang-go python3-fastapi python3-uvicorn)
# Debian's FastAPI and uvicorn are importable only by the system interpreter, not by pyenv's.
readonly SYSTEM_PYTHON='/usr/bin/python3'

usage() {
  sed -n '2,8s/^# \{0,1\}//p' "$0"
}

package_demo=1
for arg in "$@"; do
  case "$arg" in
    --no-demo) package_demo=0 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      echo "setup.sh: unknown option '$arg' (expected --no-demo or --help)" >&2
      exit 2
      ;;
  esac
done

cd "$(dirname "$0")/.."
root="$(pwd)"
demo="$root/fixtures/demo"
started="$EPOCHREALTIME"

export NEXT_TELEMETRY_DISABLED=1

# step LABEL COMMAND... runs COMMAND with its output captured, on one line: "LABEL ... ok (1.2s)".
step() {
  local label="$1" log begin status
  shift
  log="$(mktemp)"
  begin="$EPOCHREALTIME"
  printf 'setup: %s ... ' "$label"
  # A subshell with errexit of its own, so a failing command inside a helper function stops it.
  set +e
  (
    set -e
    "$@"
  ) </dev/null >"$log" 2>&1
  status=$?
  set -e
  if ((status != 0)); then
    printf 'failed (exit %d)\n' "$status"
    if [[ -s "$log" ]]; then
      sed 's/^/  | /' "$log" >&2
    else
      echo '  | (the command printed nothing)' >&2
    fi
    rm -f "$log"
    echo "setup: step '$label' failed; fix the error above and run 'bash scripts/setup.sh' again" >&2
    exit "$status"
  fi
  rm -f "$log"
  printf 'ok (%ss)\n' "$(elapsed "$begin")"
}

# skip LABEL REASON prints the line of a step that had nothing to do.
skip() {
  printf 'setup: %s ... skipped (%s)\n' "$1" "$2"
}

elapsed() {
  local now="${EPOCHREALTIME//[.,]/}" then="${1//[.,]/}"
  local tenths=$(((now - then) / 100000))
  printf '%d.%d' $((tenths / 10)) $((tenths % 10))
}

as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "installing ${APT_PACKAGES[*]} needs root; run this script as root or install sudo" >&2
    return 1
  fi
}

install_apt_packages() {
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${APT_PACKAGES[@]}"
}

has_system_toolchains() {
  command -v go >/dev/null && "$SYSTEM_PYTHON" -c 'import fastapi, uvicorn' 2>/dev/null
}

# The demo's node_modules matches its lockfile when the lockfile's hash was stored after `npm ci`.
lock_hash() {
  sha256sum "$demo/package-lock.json" | cut -d ' ' -f 1
}

install_demo() {
  (cd "$demo" && npm ci --no-audit --no-fund)
  lock_hash >"$demo/node_modules/.svcpack-lock-hash"
}

if has_system_toolchains; then
  skip 'apt: go, fastapi, uvicorn' 'installed'
else
  step "apt-get install ${APT_PACKAGES[*]}" install_apt_packages
fi

if [[ "$(pnpm --version 2>/dev/null || true)" == "$PNPM_VERSION" ]]; then
  skip "pnpm $PNPM_VERSION" 'installed'
else
  step "npm i -g pnpm@$PNPM_VERSION" npm i -g "pnpm@$PNPM_VERSION" --no-audit --no-fund
fi

step 'pnpm install --frozen-lockfile' pnpm install --frozen-lockfile
step 'pnpm build' pnpm build

if [[ -f "$demo/node_modules/.svcpack-lock-hash" &&
  "$(cat "$demo/node_modules/.svcpack-lock-hash")" == "$(lock_hash)" ]]; then
  skip 'npm ci in fixtures/demo' 'node_modules matches package-lock.json'
else
  step 'npm ci in fixtures/demo' install_demo
fi

if ((package_demo)); then
  # Not captured like the other steps: its summary says where each bundle went.
  echo 'setup: svcpack package fixtures/demo'
  node packages/cli/bin/svcpack.js package fixtures/demo
else
  skip 'svcpack package fixtures/demo' '--no-demo'
fi

echo "setup: done in $(elapsed "$started")s"
