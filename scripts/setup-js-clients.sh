#!/usr/bin/env bash
# Installs test/js-clients: the JavaScript GenAI instrumentations (OpenTelemetry, OpenLLMetry,
# OpenInference, Vercel AI SDK) the tests use as real clients, and the Node 22 they need (the
# `node` package; the project itself stays on Node 20). Idempotent: `npm ci` only when
# node_modules is missing or was installed from another package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/../test/js-clients"
stamp=node_modules/.ltl-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
ready() {
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/node ] &&
    node_modules/.bin/node -e 'if (!process.version.startsWith("v22.")) process.exit(1)' 2>/dev/null
}
if ready; then
  exit 0
fi
rm -f "$stamp"
log=$(mktemp)
# The lockfile pins packages that declare node >=22 while npm itself runs on Node 20 here:
# engine warnings are expected. Install scripts are not needed (the `node` package ships its
# binary for linux-x64; its preinstall only fetches the one for other platforms).
if ! npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
  cat "$log"
  rm -f "$log"
  exit 1
fi
rm -f "$log"
if ! node_modules/.bin/node -e 'if (!process.version.startsWith("v22.")) process.exit(1)'; then
  echo "test/js-clients/node_modules/.bin/node is not Node 22 on this platform ($(uname -sm)); run 'npm rebuild node' there" >&2
  exit 1
fi
echo "$want" >"$stamp"
echo "js test clients ready in test/js-clients (node $(node_modules/.bin/node --version))"
