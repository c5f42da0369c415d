#!/usr/bin/env bash
# Restores the notion_bot database from an archive written by backup.sh (mongorestore --drop).
# See usage() below, or run: ops/scripts/restore.sh --help
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: ops/scripts/restore.sh [--docker] [--yes] [--help] FILE

Replaces the notion_bot collections with the contents of FILE, a gzipped mongodump archive made
by backup.sh. Collections in the archive are dropped first (mongorestore --drop).
Stop the API first so nothing writes during the restore (docker-compose stop api), and start it
afterwards (docker-compose start api).

Where the data goes, first match wins:
  --docker             mongorestore inside the compose service "mongodb", FILE streamed to it
  MONGODB_URI is set   mongorestore --uri "$MONGODB_URI" --drop --gzip --archive=FILE
  MONGODB_URI unset    the gateway's embedded store: POST $GATEWAY_URL/admin/restore (body = FILE)

Options:
  --docker             run mongorestore through docker-compose (see COMPOSE_FILE)
  -y, --yes            do not ask for confirmation (required when stdin is not a terminal)
  -h, --help           show this help

Environment:
  MONGODB_URI          a real MongoDB; mongorestore must be on PATH
  MONGODB_DB           database restored from the archive (default: notion_bot)
  GATEWAY_URL          gateway for the embedded store (default: http://localhost:8000)
  ADMIN_API_KEY        sent as X-API-Key to /admin/restore (required for the embedded store)
  COMPOSE_FILE         compose file for --docker (default: docker-compose.yml at the repo root)
  DOCKER_COMPOSE       compose command for --docker (default: docker-compose; e.g. "docker compose")

Exit status: 0 on success; 1 on a failed restore; 2 on bad usage, a bad file or a missing tool;
3 when the restore was not confirmed.
USAGE
}

die() { echo "restore: $*" >&2; exit 1; }
die_usage() { echo "restore: $*" >&2; echo "Run with --help for usage." >&2; exit 2; }
need() {
  command -v "$1" >/dev/null 2>&1 || { echo "restore: '$1' not found on PATH. $2" >&2; exit 2; }
}

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"

use_docker=0
assume_yes=0
file=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --docker) use_docker=1 ;;
    -y|--yes) assume_yes=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) die_usage "unknown option: $1" ;;
    *)
      [ -z "$file" ] || die_usage "only one FILE, got '$file' and '$1'"
      file="$1"
      ;;
  esac
  shift
done

[ -n "$file" ] || { usage >&2; exit 2; }
if [ ! -f "$file" ] || [ ! -r "$file" ]; then die_usage "cannot read archive: $file"; fi
need gzip "Install gzip."
gzip -t "$file" 2>/dev/null || die_usage "$file is not a gzip archive (expected a backup.sh archive)"

db="${MONGODB_DB:-notion_bot}"
gateway_url="${GATEWAY_URL:-http://localhost:8000}"
compose_file="${COMPOSE_FILE:-$repo_root/docker-compose.yml}"
read -r -a compose_cmd <<<"${DOCKER_COMPOSE:-docker-compose}"

if [ "$use_docker" -eq 1 ]; then
  target="the mongodb service of $compose_file"
elif [ -n "${MONGODB_URI:-}" ]; then
  target="MONGODB_URI"
else
  target="the gateway's embedded store at $gateway_url"
fi

if [ "$assume_yes" -ne 1 ]; then
  if [ ! -t 0 ]; then
    echo "restore: not a terminal; pass --yes to replace '$db' in $target with $file" >&2
    exit 3
  fi
  read -r -p "Replace the '$db' collections in $target with $file? Type 'restore' to go on: " answer
  [ "$answer" = "restore" ] || { echo "restore: not confirmed, nothing changed" >&2; exit 3; }
fi

if [ "$use_docker" -eq 1 ]; then
  need "${compose_cmd[0]}" "Install docker-compose (or set DOCKER_COMPOSE), or run without --docker."
  [ -f "$compose_file" ] || die_usage "compose file not found: $compose_file (set COMPOSE_FILE)"
  echo "restore: mongorestore into the mongodb service from $file"
  "${compose_cmd[@]}" -f "$compose_file" exec -T mongodb \
    mongorestore --drop --gzip --archive --nsInclude "${db}.*" <"$file" \
    || die "mongorestore in the mongodb container failed"
elif [ -n "${MONGODB_URI:-}" ]; then
  need mongorestore "Install the MongoDB Database Tools, or use --docker to run mongorestore in the mongodb container."
  echo "restore: mongorestore into MONGODB_URI from $file"
  mongorestore --uri "$MONGODB_URI" --drop --gzip --archive="$file" --nsInclude "${db}.*" \
    || die "mongorestore failed"
else
  # ---- HOOK: embedded store (no MONGODB_URI) -------------------------------------------------
  # The gateway runs its own in-process MongoDB; POST /admin/restore takes a backup.sh archive as
  # the request body (admin key required). Endpoint owned by the gateway.
  need curl "Install curl."
  [ -n "${ADMIN_API_KEY:-}" ] || die_usage "MONGODB_URI is unset, so the restore goes to the gateway's embedded store: set ADMIN_API_KEY (and GATEWAY_URL if not $gateway_url)"
  echo "restore: embedded store via POST $gateway_url/admin/restore"
  curl --fail --silent --show-error --max-time 600 -X POST \
    -H "X-API-Key: $ADMIN_API_KEY" -H "Content-Type: application/gzip" \
    --data-binary "@$file" -o /dev/null "$gateway_url/admin/restore" \
    || die "POST $gateway_url/admin/restore failed"
  # ---- end of HOOK ---------------------------------------------------------------------------
fi

echo "restore: done. Check the counts, e.g.:"
echo "  docker-compose exec mongodb mongosh $db --quiet --eval 'db.tasks.countDocuments({})'"
