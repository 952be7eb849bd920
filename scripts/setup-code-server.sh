#!/usr/bin/env bash
# Installs a real VS Code (code-server, VS Code for the web) for the end-to-end tests, cached
# outside the repository so later runs reuse it. code-server refuses Node majors other than 24,
# so it gets its own Node from the npm package "node".
#
#   scripts/setup-code-server.sh        # prints the cache folder when ready
# Environment: LLM_TRACE_LENS_CODE_SERVER_HOME (default ~/.cache/llm-trace-lens/code-server)
set -euo pipefail
HOME_DIR=${LLM_TRACE_LENS_CODE_SERVER_HOME:-$HOME/.cache/llm-trace-lens/code-server}
VERSION=4.139.1
BIN="$HOME_DIR/node_modules/.bin"
ENTRY="$HOME_DIR/node_modules/code-server/out/node/entry.js"

need_debs=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config chromium fonts-dejavu-core)
if ! dpkg -s "${need_debs[@]}" >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup-code-server: missing Debian packages (${need_debs[*]}); install them as root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_debs[@]}" >/dev/null
fi

mkdir -p "$HOME_DIR"
cd "$HOME_DIR"
[ -f package.json ] || echo '{"name":"llm-trace-lens-code-server","private":true}' >package.json
[ -x "$BIN/node" ] || npm install --no-audit --no-fund --loglevel=error node@24 >/dev/null
export PATH="$BIN:$PATH"
[ -f "$ENTRY" ] || npm install --no-audit --no-fund --loglevel=error "code-server@$VERSION" >/dev/null
if [ ! -f "$HOME_DIR/.postinstall-done" ]; then
  # npm 11 may skip dependency install scripts; code-server's postinstall installs VS Code's own
  # dependencies and insists on knowing which package manager runs it.
  (cd "$HOME_DIR/node_modules/code-server" &&
    npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" sh ./postinstall.sh \
      >"$HOME_DIR/postinstall.log" 2>&1) ||
    { echo "setup-code-server: code-server postinstall failed, see $HOME_DIR/postinstall.log" >&2; exit 1; }
  touch "$HOME_DIR/.postinstall-done"
fi
"$BIN/node" "$ENTRY" --version >/dev/null
echo "$HOME_DIR"
