#!/usr/bin/env bash
# Copies the README's screenshots from the last test run (test-artifacts/screenshots/, written by
# the Chromium and code-server tests) into extension/media/screenshots/. Run after `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
src=test-artifacts/screenshots
dst=extension/media/screenshots
mkdir -p "$dst"
while read -r from to; do
  [ -f "$src/$from" ] || { echo "missing $src/$from: run npm test first" >&2; exit 1; }
  cp "$src/$from" "$dst/$to"
done <<'MAP'
e2e-04-trace-panel.png vscode-trace-panel.png
e2e-editor-04-hover.png vscode-codelens-hover.png
e2e-editor-01-warning-notification.png vscode-warning.png
e2e-editor-09-compare-panel.png vscode-compare.png
e2e-editor-10-native-diff.png vscode-native-diff.png
cost-dark.png cost-dashboard.png
gpu-dark.png gpu-panel.png
flame-10k-zoomed.png flame-10k.png
MAP
ls -1 "$dst"
