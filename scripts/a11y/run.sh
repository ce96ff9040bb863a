#!/usr/bin/env bash
# Accessibility check: serves a demo organization and runs axe-core on every main page in
# headless Chromium (Debian's), signed in as the demo admin. Exits non-zero on any violation.
set -euo pipefail
cd "$(dirname "$0")"
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
[ -d node_modules/playwright-core ] || npm install --no-save --silent playwright-core@1 axe-core@4 >/dev/null
( cd ../.. && cargo build --release -q -p grove )
dir=$(mktemp -d)
port=18181
bin=../../target/release/grove
"$bin" --database-url "sqlite://$dir/a11y.db" demo --members 300 > "$dir/demo.txt"
admin=$(awk '/^  admin/ {print $2}' "$dir/demo.txt")
member=$(awk '/^  member/ {print $2}' "$dir/demo.txt")
"$bin" --database-url "sqlite://$dir/a11y.db" serve --bind 127.0.0.1:$port > "$dir/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
node check.js "http://127.0.0.1:$port" "$admin" "$member"
