#!/usr/bin/env bash
# Reconciliation benchmark of notion-bot: see bench/reconcile/README.md.
#
#   bench/reconcile/run.sh [--pages N] [--changed K] [--events E] [--concurrency C] [--edits M]
#                          [--cron-seconds S] [--keep]
#
#   --pages N         pages in the data source (default 10000): 2K of them come from tasks posted
#                     through the REST API, the rest are created as a person, backdated 3 days
#   --changed K       pages edited as a person per scenario (default 5)
#   --events E        signed webhook events sent for the ack latency (default 2000, plus 200 warm-up)
#   --concurrency C   concurrent webhook senders (default 4)
#   --edits M         person edits timed until they reach their task (default 10)
#   --cron-seconds S  reconcile.cron fires every S seconds (default 5; S divides 60)
#   --keep            keep the temporary DATA_DIR with gateway.log (kept anyway when the run fails)
#
# Starts its own gateway in embedded mode (embedded MongoDB on a fixed free port, the local Notion
# emulator on another, no NOTION_API_KEY, fresh temporary DATA_DIR, known API_KEY and ADMIN_API_KEY,
# no inbound rate limit) with --reconcile.cron=0/S * * * * ? and every other setting at its default
# (reconcile.overlap-seconds 120, webhook.debounce-ms 1000, Notion throttle 3/s); stops it on exit.
# Environment: GATEWAY_JAVA_OPTS (gateway JVM options, default -Xmx512m), BENCH_JAVA_OPTS, TMPDIR.
# Exit status: 0 when every aim is met, 1 when one is missed (printed as MISS), 2 when the run
# failed (gateway not ready, a wait timed out, exception), 64 for bad options.
set -euo pipefail

SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
HERE="$(dirname "$SELF")"
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

KEEP=0
CRON_SECONDS=5
EVENTS=2000
BENCH_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) KEEP=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$SELF"; exit 0 ;;
    --cron-seconds)
      [ $# -ge 2 ] || { echo "run.sh: $1 needs a value" >&2; exit 64; }
      CRON_SECONDS="$2"; shift 2 ;;
    --events)
      [ $# -ge 2 ] || { echo "run.sh: $1 needs a value" >&2; exit 64; }
      EVENTS="$2"; BENCH_ARGS+=("$1" "$2"); shift 2 ;;
    --pages|--changed|--concurrency|--edits)
      [ $# -ge 2 ] || { echo "run.sh: $1 needs a value" >&2; exit 64; }
      BENCH_ARGS+=("$1" "$2"); shift 2 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 64 ;;
  esac
done
case "$CRON_SECONDS" in
  1|2|3|4|5|6|10|12|15|20|30) ;;
  *) echo "run.sh: --cron-seconds must divide 60 (1-30)" >&2; exit 64 ;;
esac

log() { echo "run.sh: $*" >&2; }
for tool in java mvn curl; do
  command -v "$tool" >/dev/null || { log "$tool is required"; exit 2; }
done

# shellcheck source=bench/lib.sh
. bench/lib.sh
# The project's runtime classpath (MongoDB sync driver, Jackson) for the benchmark program.
CP_FILE=target/bench-classpath.txt
bench_build


GW_PID=""
DATA_DIR=""
STATUS=2
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  stop_gateway "$GW_PID"
  if [ -n "$DATA_DIR" ]; then
    if [ "$KEEP" = 1 ] || [ "$STATUS" = 2 ]; then log "kept $DATA_DIR (gateway.log)"; else rm -rf "$DATA_DIR"; fi
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/notion-bot-reconcile.XXXXXX")
PORT=$(free_port)
EMU_PORT=$(free_port)
while [ "$EMU_PORT" = "$PORT" ]; do EMU_PORT=$(free_port); done
MONGO_PORT=$(free_port)
while [ "$MONGO_PORT" = "$PORT" ] || [ "$MONGO_PORT" = "$EMU_PORT" ]; do MONGO_PORT=$(free_port); done
KEY="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
ADMIN="admin-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
URL="http://127.0.0.1:$PORT"
CRON="0/$CRON_SECONDS+*+*+*+*+?"
log "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
log "starting the gateway on $URL (emulator 127.0.0.1:$EMU_PORT, MongoDB 127.0.0.1:$MONGO_PORT, DATA_DIR $DATA_DIR, --reconcile.cron=$CRON)"
read -r -a GW_OPTS <<< "${GATEWAY_JAVA_OPTS:--Xmx512m}"
# Started through a link of its own name, so that nothing stopping "notion-bot.jar" processes by
# name (other test runs on a shared machine) stops this one half-way.
ln -s "$ROOT/target/notion-bot.jar" "$DATA_DIR/reconcile-bench-gateway.jar"
env -u NOTION_API_KEY -u NOTION_DATABASE_ID -u NOTION_API_BASE_URL -u NOTION_VERSION -u NOTION_RATE_LIMIT_RPS \
    -u MONGODB_URI -u ENCRYPTION_KEY -u RECONCILE_IMPORT_NEW_PAGES \
    PORT="$PORT" DATA_DIR="$DATA_DIR/data" API_KEY="$KEY" ADMIN_API_KEY="$ADMIN" API_RATE_LIMIT_PER_SECOND=1000000 \
    NOTION_EMULATOR_PORT="$EMU_PORT" EMBEDDED_MONGO_PORT="$MONGO_PORT" \
    java "${GW_OPTS[@]}" -jar "$DATA_DIR/reconcile-bench-gateway.jar" "--reconcile.cron=$CRON" >"$DATA_DIR/gateway.log" 2>&1 &
GW_PID=$!

# Ready = /health 200 with the workspace's Notion access ok, GET /tasks 200, and the emulator's
# webhook subscription verified (the gateway subscribes once its routes are up).
# shellcheck disable=SC2317  # called by await_gateway
ready() {
  curl -s --max-time 2 "$URL/health" | grep -q '"access":"ok"' &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H "X-API-Key: $KEY" "$URL/tasks?limit=1" || true)" = 200 ] &&
    curl -s --max-time 2 "http://127.0.0.1:$EMU_PORT/_emulator/webhook" | grep -q '"configured":true' &&
    curl -s --max-time 2 -H "X-API-Key: $ADMIN" "$URL/admin/workspaces" | grep -q '"verification_token":"secret_'
}
t_start=$(date +%s)
await_gateway "$GW_PID" "$DATA_DIR/gateway.log" 180 ready
log "gateway ready after $(( $(date +%s) - t_start )) s"

# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:-} -Dlogback.configurationFile="$HERE/logback-bench.xml" \
    -cp "$(cat "$CP_FILE")" "$HERE/ReconcileBench.java" \
    --gateway "$URL" --emulator "http://127.0.0.1:$EMU_PORT" --key "$KEY" --admin-key "$ADMIN" \
    --mongo-uri "mongodb://127.0.0.1:$MONGO_PORT" --cron-label "every ${CRON_SECONDS} s" "${BENCH_ARGS[@]}" && STATUS=0 || STATUS=$?

# The gateway's own timing of the same webhook requests (access log, whole milliseconds): the last
# E lines are the counted events of [2], which runs last.
if [ "$STATUS" != 2 ]; then
  grep -E 'notionbot.access +: POST /webhooks/notion ' "$DATA_DIR/gateway.log" | tail -n "$EVENTS" \
    | sed -E 's/.* ([0-9]+)ms$/\1/' | sort -n \
    | awk '{ a[NR] = $1 } END { if (NR > 0) { printf "[2] the same %d requests as timed by the gateway access log: p50 %d, p95 %d, p99 %d, max %d ms\n", NR, a[int(NR * 0.50 + 0.999)], a[int(NR * 0.95 + 0.999)], a[int(NR * 0.99 + 0.999)], a[NR] } }'
fi
if grep -qE ' (ERROR|WARN) ' "$DATA_DIR/gateway.log"; then
  echo "gateway log, ERROR/WARN lines by message (count, level, logger and message):"
  grep -E ' (ERROR|WARN) ' "$DATA_DIR/gateway.log" | grep -v 'using the local Notion EMULATOR' \
    | sed -E 's/^[^ ]+ +(ERROR|WARN) +[0-9]+ --- \[[^]]*\] +/\1 /' | cut -c1-220 | sort | uniq -c | sort -rn | head -10 | sed 's/^/  /'
fi
log "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$STATUS"
