#!/usr/bin/env bash
# Makes .venv-test with the Python OpenTelemetry SDK, exporters and GenAI instrumentations the
# tests use as real clients. Idempotent. Uses the offline wheel set beside the project when
# present (../shared/python), otherwise plain pip with the pins in test/python/requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-test
check='import openai, opentelemetry.sdk, opentelemetry.exporter.otlp.proto.grpc, opentelemetry.exporter.otlp.proto.http'
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$check" 2>/dev/null; then
  exit 0
fi
rm -rf "$venv"
if [ -x ../shared/python/install.sh ]; then
  log=$(mktemp)
  ../shared/python/install.sh "$venv" >"$log" 2>&1 || { cat "$log"; exit 1; }
  rm -f "$log"
else
  python3 -m venv "$venv"
  "$venv/bin/pip" install --disable-pip-version-check -q --no-deps -r test/python/requirements.txt
fi
"$venv/bin/python" -c "$check"
echo "python test clients ready in $venv"
