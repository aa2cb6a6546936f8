#!/usr/bin/env bash
# Instructions per durable hazard write request (callgrind), deterministic
# on a busy machine, unlike req/s:
#
#   bench/callgrind_write.sh BIN DB-OR-URI PORT [PAIRS]
#
# Generates a small province in DB (an SQLite file path that must not exist,
# or an empty PostgreSQL database's URI), serves it under callgrind with
# instrumentation off, logs in as s000001_safety, warms up with 40 report +
# assign pairs, then counts PAIRS (default 20) pairs — the requests of
# bench/lua/hazard_write.lua, one at a time with curl — including the
# server's jobs thread (the counter fold) meanwhile. Prints
# "<instructions per request>".
set -euo pipefail
BIN=$1 DB=$2 PORT=$3 PAIRS=${4:-20}
OUT=$(mktemp -d /tmp/cgw.XXXXXX)
"$BIN" demo --db "$DB" --scale province --schools 200 --hazards 20000 --patrols 2000 >"$OUT/gen.log" 2>&1
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/cg.%p" \
  "$BIN" serve --db "$DB" --port "$PORT" >"$OUT/server.log" 2>&1 &
VPID=$!
trap 'kill $VPID 2>/dev/null || true' EXIT
BASE=http://127.0.0.1:$PORT
for _ in $(seq 600); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done
J=$(curl -s -X POST -H 'Content-Type: application/json' "$BASE/api/v1/login" -d '{"username":"s000001_safety","password":"Demo#2026"}')
TOK=$(echo "$J" | sed 's/.*"token":"\([0-9a-f]*\)".*/\1/')
UID_=$(echo "$J" | sed 's/.*"user":{"id":\([0-9]*\).*/\1/')
SCHOOL=$(curl -s -H "Authorization: Bearer $TOK" "$BASE/api/v1/me" | sed 's/.*"org_id":\([0-9]*\).*/\1/')
pair() {
  local id
  id=$(curl -s -X POST -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' "$BASE/api/v1/hazards" \
    -d "{\"school_id\":$SCHOOL,\"title\":\"压测隐患$1\",\"category\":\"fire\",\"grade\":\"general\",\"source\":\"self_check\"}" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  [ -n "$id" ] || { echo "report failed" >&2; exit 1; }
  curl -sf -o /dev/null -X POST -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' \
    "$BASE/api/v1/hazards/$id/actions" -d "{\"action\":\"assign\",\"rectifier_id\":$UID_}" || { echo "assign failed" >&2; exit 1; }
}
# every worker thread opens its connection during the warm-up (16 threads on
# 2 cores; one request per connection with curl)
for i in $(seq 40); do pair "w$i"; done
callgrind_control -i on "$VPID" >/dev/null
for i in $(seq "$PAIRS"); do pair "$i"; done
callgrind_control -i off "$VPID" >/dev/null
callgrind_control -d "$VPID" >/dev/null
sleep 1
kill -TERM $VPID; wait $VPID 2>/dev/null || true
TOTAL=0
for f in "$OUT"/cg.*; do
  n=$(awk '/^totals:/ {print $2; exit}' "$f")
  TOTAL=$((TOTAL + ${n:-0}))
done
echo $((TOTAL / (2 * PAIRS)))
echo "callgrind files in $OUT" >&2
