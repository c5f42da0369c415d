#!/usr/bin/env bash
# Intake benchmark of notion-bot: see bench/intake/README.md.
#
#   bench/intake/run.sh [--workers N] [--warmup S] [--duration S] [--open-duration S]
#                       [--open-rate R] [--open-workers N] [--request-timeout S] [--database NAME] [--keep]
#
# By default it builds target/notion-bot.jar if missing, starts its own gateway (free port, fresh
# temporary DATA_DIR, known API_KEY, no rate limit, embedded MongoDB on a fixed free port), runs the
# benchmark against it and stops it on exit. With GATEWAY_URL set it uses that running gateway
# instead, and then needs API_KEY and MONGODB_URI (the MongoDB that gateway writes to).
# Environment: GATEWAY_URL, API_KEY, MONGODB_URI (external mode), GATEWAY_JAVA_OPTS (JVM options of
# the gateway it starts), BENCH_JAVA_OPTS (JVM options of the benchmark), TMPDIR (where DATA_DIR goes).
# Exit status: 0 when every accepted task is in MongoDB (aims missed are findings, printed as MISS),
# 1 when some are missing, 2 when the run itself failed (gateway not ready, exception).
set -euo pipefail

SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
ROOT=$(cd "$(dirname "$SELF")/../.." && pwd)
cd "$ROOT"

KEEP=0
BENCH_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) KEEP=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$SELF"; exit 0 ;;
    --workers|--warmup|--duration|--open-duration|--open-rate|--open-workers|--request-timeout|--database)
      [ $# -ge 2 ] || { echo "run.sh: $1 needs a value" >&2; exit 64; }
      BENCH_ARGS+=("$1" "$2"); shift 2 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 64 ;;
  esac
done

log() { echo "run.sh: $*" >&2; }

# shellcheck source=bench/lib.sh
. bench/lib.sh
# The project's runtime classpath (MongoDB sync driver, Jackson) for the benchmark program.
CP_FILE=target/bench-classpath.txt
bench_build


GW_PID=""
DATA_DIR=""
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  stop_gateway "$GW_PID"
  if [ -n "$DATA_DIR" ]; then
    if [ "$KEEP" = 1 ]; then log "kept $DATA_DIR (gateway.log, mongo.mv.db)"; else rm -rf "$DATA_DIR"; fi
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "${GATEWAY_URL:-}" ]; then
  : "${API_KEY:?GATEWAY_URL is set: API_KEY must be the gateway key to post tasks with}"
  : "${MONGODB_URI:?GATEWAY_URL is set: MONGODB_URI must name the MongoDB that gateway writes to}"
  URL="${GATEWAY_URL%/}"
  KEY="$API_KEY"
  MONGO="$MONGODB_URI"
  log "using the running gateway $URL (its rate limit must allow the load, or 429s show as errors)"
else
  DATA_DIR=$(mktemp -d -t notion-bot-intake.XXXXXX)
  PORT=$(free_port)
  MONGO_PORT=$(free_port)
  while [ "$MONGO_PORT" = "$PORT" ]; do MONGO_PORT=$(free_port); done
  KEY="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  URL="http://127.0.0.1:$PORT"
  MONGO="mongodb://127.0.0.1:$MONGO_PORT"
  log "starting the gateway on $URL, embedded MongoDB on $MONGO, DATA_DIR $DATA_DIR"
  # shellcheck disable=SC2086
  env -u MONGODB_URI -u ADMIN_API_KEY \
      PORT="$PORT" DATA_DIR="$DATA_DIR" API_KEY="$KEY" API_RATE_LIMIT_PER_SECOND=1000000 \
      EMBEDDED_MONGO_PORT="$MONGO_PORT" \
      java ${GATEWAY_JAVA_OPTS:-} -jar target/notion-bot.jar >"$DATA_DIR/gateway.log" 2>&1 &
  GW_PID=$!

  # Ready = /health answers 200 AND GET /tasks with the key answers 200 (404 until Camel is up).
  # shellcheck disable=SC2317  # called by await_gateway
  ready() {
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$URL/health" || true)" = 200 ] &&
      [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H "X-API-Key: $KEY" "$URL/tasks?limit=1" || true)" = 200 ]
  }
  await_gateway "$GW_PID" "$DATA_DIR/gateway.log" 180 ready
  log "gateway ready"
fi

rc=0
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:-} -Dlogback.configurationFile="$ROOT/bench/intake/logback-bench.xml" \
    -cp "$(cat "$CP_FILE")" bench/intake/IntakeBench.java \
    --url "$URL" --key "$KEY" --mongo-uri "$MONGO" "${BENCH_ARGS[@]}" || rc=$?
exit "$rc"
