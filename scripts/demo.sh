#!/usr/bin/env bash
# The demo: turn the bundled sample batch into dossiers with the batch command, then
# start the service on its embedded defaults with the same samples dropped into its
# watched folder, and print an admin key to explore the API with.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
OUT=${DEMO_OUT:-demo-out}
DATA=${DEMO_DATA:-demo-data}
PORT=${INTAKE_PORT:-8080}

echo "== intake process samples/batch/scan_* --out $OUT"
"$BIN/intake" process samples/batch/scan_* --out "$OUT" || true
ls -l "$OUT"

echo
echo "== intake serve --data-dir $DATA --watch $DATA/inbox --port $PORT"
mkdir -p "$DATA/inbox"
cp samples/batch/scan_* "$DATA/inbox/"
key=$("$BIN/intake" keys create --role admin --label demo --data-dir "$DATA" | tail -n 1)
cat <<MSG
An admin key for this demo (shown once):
  $key
Try, once the samples are processed (a few seconds per page):
  curl -s -H "Authorization: Bearer $key" http://127.0.0.1:$PORT/api/v1/dossiers
  curl -s -H "Authorization: Bearer $key" "http://127.0.0.1:$PORT/api/v1/events?after=0"
  curl -s http://127.0.0.1:$PORT/health
The officers' review pages: http://127.0.0.1:$PORT/ui/ (sign in with the key above).
The API schema is at http://127.0.0.1:$PORT/docs. Stop with Ctrl-C.
MSG
exec "$BIN/intake" serve --data-dir "$DATA" --watch "$DATA/inbox" --port "$PORT"
