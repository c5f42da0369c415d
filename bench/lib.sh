# shellcheck shell=bash
# Shared by bench/*/run.sh (sourced from the project root): ports, build, waiting for and stopping the gateway.

# A port nobody listens on (checked by trying to connect; the gateway fails loudly if it got taken).
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  echo "bench: found no free port" >&2; return 1
}

# Builds target/notion-bot.jar when missing, and the project's runtime classpath file when stale.
bench_build() {
  if [ ! -s target/notion-bot.jar ]; then
    echo "bench: building target/notion-bot.jar" >&2
    mvn -B -q package -DskipTests >&2
  fi
  if [ ! -s target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; then
    echo "bench: writing the project classpath to target/bench-classpath.txt" >&2
    mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
  fi
}

# Stops a gateway: SIGTERM, up to 15 s to finish, then SIGKILL.
stop_gateway() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "bench: stopping the gateway (pid $pid)" >&2
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

# Waits until the command "$@" succeeds (polled every 0.5 s), while the gateway <pid> runs:
#   await_gateway <pid> <log file> <seconds> <command...>
# Exits 2 with the log's last lines when the gateway dies or is not ready in time.
await_gateway() {
  local pid=$1 log_file=$2 seconds=$3
  shift 3
  local deadline=$(( $(date +%s) + seconds ))
  until "$@"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "bench: the gateway exited during start; its log:" >&2; tail -n 40 "$log_file" >&2; exit 2
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "bench: the gateway was not ready within $seconds s; its log:" >&2; tail -n 40 "$log_file" >&2; exit 2
    fi
    sleep 0.5
  done
}
