#!/usr/bin/env bash
# Times the report endpoints on a province-sized data set (issue 5 / 6).
#
#   bench/report_times.sh DB [PORT]
#
# Starts `xiaoan serve` on DB (a SQLite file or a postgres:// URI that already
# holds `xiaoan demo --scale province` data), logs in as the province, a
# county and a school user of the demo, and times each report once (first
# call, cold caches of the server; the OS page cache is whatever it is):
# weekly report, monthly bulletin, statistics table, ledger export (xlsx),
# the hazard list's first page and the dashboard counters. Prints a
# Markdown table (seconds) on stdout; a request slower than $MAX_S (300)
# seconds is cut off and shown as ">300". Only 127.0.0.1 is contacted.
#
# Environment: XA_BIN (default build/xiaoan), MAX_S, WEEK (2026-W47),
# MONTH (2026-10), FROM / TO (2026-01-01 / 2026-10-31).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:?usage: bench/report_times.sh DB [PORT]}
PORT=${2:-18351}
BIN=${XA_BIN:-build/xiaoan}
MAX_S=${MAX_S:-300}
WEEK=${WEEK:-2026-W47}
MONTH=${MONTH:-2026-10}
FROM=${FROM:-2026-01-01}
TO=${TO:-2026-10-31}
BASE=http://127.0.0.1:$PORT
LOG=${LOG:-/tmp/report_times-$PORT.log}

"$BIN" serve --db "$DB" --port "$PORT" >"$LOG" 2>&1 &
PID=$!
stop_server() { # a sweep in progress may hold shutdown up: wait 20 s at most
  kill "$PID" 2>/dev/null || return 0
  for _ in $(seq 200); do kill -0 "$PID" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$PID" 2>/dev/null || true
}
trap stop_server EXIT
for _ in $(seq 600); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "$BASE/healthz" >/dev/null || { echo "server did not start; see $LOG" >&2; exit 1; }

# login USER -> "token org_id"
login() {
  local out
  out=$(curl -s -X POST -H 'Content-Type: application/json' "$BASE/api/v1/login" -d "{\"username\":\"$1\",\"password\":\"Demo#2026\"}")
  local tok org
  tok=$(printf '%s' "$out" | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
  org=$(printf '%s' "$out" | sed -n 's/.*"user":{[^}]*"org_id":\([0-9]*\).*/\1/p')
  [ -n "$tok" ] && [ -n "$org" ] || { echo "cannot log in as $1: $out" >&2; return 1; }
  echo "$tok $org"
}

# timed TOKEN PATH -> "seconds" (or ">MAX" / "HTTP nnn")
timed() {
  local out code t
  out=$(curl -s -o /dev/null --max-time "$MAX_S" -w '%{http_code} %{time_total}' \
    -H "Authorization: Bearer $1" "$BASE$2" || true)
  code=${out%% *}
  t=${out#* }
  if [ "$code" = "000" ]; then echo ">$MAX_S"
  elif [ "$code" != "200" ]; then echo "HTTP $code"
  else awk -v t="$t" 'BEGIN {printf "%.3f", t}'; fi
}

declare -a NAMES=(
  "weekly report ($WEEK)"
  "monthly bulletin ($MONTH)"
  "statistics ($FROM..$TO)"
  "ledger export (xlsx, newest 20000)"
  "hazard list, first page (20)"
  "dashboard counters (/stats)"
)
paths() { # org
  echo "/api/v1/reports/weekly?org=$1&week=$WEEK"
  echo "/api/v1/reports/monthly?org=$1&month=$MONTH"
  echo "/api/v1/reports/statistics?org=$1&from=$FROM&to=$TO"
  echo "/api/v1/hazards/export?org=$1&format=xlsx"
  echo "/api/v1/hazards?org=$1&per_page=20"
  echo "/api/v1/stats?org=$1"
}

declare -A T
for who in province:prov_admin county:k001_admin school:s000001_safety; do
  scope=${who%%:*}
  read -r tok org < <(login "${who#*:}")
  i=0
  while read -r p; do
    T[$scope,$i]=$(timed "$tok" "$p")
    echo "  $scope ${NAMES[$i]}: ${T[$scope,$i]} s" >&2
    i=$((i + 1))
  done < <(paths "$org")
done

echo "| endpoint (seconds, first call) | province | county | school |"
echo "| --- | ---: | ---: | ---: |"
for i in "${!NAMES[@]}"; do
  echo "| ${NAMES[$i]} | ${T[province,$i]} | ${T[county,$i]} | ${T[school,$i]} |"
done
