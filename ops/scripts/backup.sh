#!/usr/bin/env bash
# Backs up the notion_bot database to a timestamped, gzipped mongodump archive and prunes old ones.
# See usage() below, or run: ops/scripts/backup.sh --help
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: ops/scripts/backup.sh [--docker] [--dir DIR] [--help]

Writes BACKUP_DIR/notion_bot_backup_<UTC timestamp>.archive.gz and deletes archives older than
RETENTION_DAYS days from BACKUP_DIR, only after the new archive is complete and checked.

Where the data comes from, first match wins:
  --docker             mongodump inside the compose service "mongodb"
                       (docker-compose exec -T mongodb mongodump ...), streamed to this host
  MONGODB_URI is set   mongodump --uri "$MONGODB_URI" --db notion_bot --archive=FILE --gzip
  MONGODB_URI unset    the gateway's embedded store: POST $GATEWAY_URL/admin/backup

Options:
  --docker             run mongodump through docker-compose (see COMPOSE_FILE)
  --dir DIR            backup directory (overrides BACKUP_DIR)
  -h, --help           show this help

Environment:
  BACKUP_DIR           where archives go (default: ./backups)
  RETENTION_DAYS       delete archives older than this many days (default: 7)
  MONGODB_URI          a real MongoDB; mongodump must be on PATH
  MONGODB_DB           database to dump (default: notion_bot)
  GATEWAY_URL          gateway for the embedded store (default: http://localhost:8000)
  ADMIN_API_KEY        sent as X-API-Key to /admin/backup (required for the embedded store)
  COMPOSE_FILE         compose file for --docker (default: docker-compose.yml at the repo root)
  DOCKER_COMPOSE       compose command for --docker (default: docker-compose; e.g. "docker compose")

Exit status: 0 on success; 1 on a failed backup; 2 on bad usage or a missing tool.
Cron example (daily at 02:00):
  0 2 * * * cd /srv/notion-bot && ops/scripts/backup.sh --docker >> /var/log/notion-bot-backup.log 2>&1
USAGE
}

die() { echo "backup: $*" >&2; exit 1; }
die_usage() { echo "backup: $*" >&2; echo "Run with --help for usage." >&2; exit 2; }
need() {
  command -v "$1" >/dev/null 2>&1 || { echo "backup: '$1' not found on PATH. $2" >&2; exit 2; }
}

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"

use_docker=0
backup_dir="${BACKUP_DIR:-./backups}"
while [ "$#" -gt 0 ]; do
  case "$1" in
    --docker) use_docker=1 ;;
    --dir)
      [ "$#" -ge 2 ] || die_usage "--dir needs a directory"
      backup_dir="$2"
      shift
      ;;
    -h|--help) usage; exit 0 ;;
    *) die_usage "unknown argument: $1" ;;
  esac
  shift
done

retention_days="${RETENTION_DAYS:-7}"
case "$retention_days" in
  ''|*[!0-9]*) die_usage "RETENTION_DAYS must be a whole number of days, got '$retention_days'" ;;
esac
db="${MONGODB_DB:-notion_bot}"
gateway_url="${GATEWAY_URL:-http://localhost:8000}"
compose_file="${COMPOSE_FILE:-$repo_root/docker-compose.yml}"
read -r -a compose_cmd <<<"${DOCKER_COMPOSE:-docker-compose}"

need gzip "Install gzip."
need find "Install findutils."

mkdir -p "$backup_dir"
timestamp="$(date -u +%Y%m%dT%H%M%SZ)"
final="$backup_dir/notion_bot_backup_${timestamp}.archive.gz"
n=1
while [ -e "$final" ]; do  # two runs within the same second
  n=$((n + 1))
  final="$backup_dir/notion_bot_backup_${timestamp}_${n}.archive.gz"
done
partial="$final.partial"

# A failed or interrupted run leaves no half-written archive behind.
cleanup() { rm -f "$partial"; }
trap cleanup EXIT

if [ "$use_docker" -eq 1 ]; then
  need "${compose_cmd[0]}" "Install docker-compose (or set DOCKER_COMPOSE), or run without --docker."
  [ -f "$compose_file" ] || die_usage "compose file not found: $compose_file (set COMPOSE_FILE)"
  echo "backup: mongodump of '$db' inside the mongodb service ($compose_file)"
  "${compose_cmd[@]}" -f "$compose_file" exec -T mongodb \
    mongodump --db "$db" --archive --gzip >"$partial" \
    || die "mongodump in the mongodb container failed"
elif [ -n "${MONGODB_URI:-}" ]; then
  need mongodump "Install the MongoDB Database Tools, or use --docker to run mongodump in the mongodb container."
  echo "backup: mongodump of '$db' from MONGODB_URI"
  mongodump --uri "$MONGODB_URI" --db "$db" --archive="$partial" --gzip \
    || die "mongodump failed"
else
  # ---- HOOK: embedded store (no MONGODB_URI) -------------------------------------------------
  # The gateway runs its own in-process MongoDB; it serves a gzip archive of the notion_bot
  # database at POST /admin/backup (admin key required). Endpoint owned by the gateway.
  need curl "Install curl."
  [ -n "${ADMIN_API_KEY:-}" ] || die_usage "MONGODB_URI is unset, so the backup comes from the gateway's embedded store: set ADMIN_API_KEY (and GATEWAY_URL if not $gateway_url)"
  echo "backup: embedded store via POST $gateway_url/admin/backup"
  curl --fail --silent --show-error --max-time 600 -X POST \
    -H "X-API-Key: $ADMIN_API_KEY" -H "Accept: application/gzip" \
    -o "$partial" "$gateway_url/admin/backup" \
    || die "POST $gateway_url/admin/backup failed"
  # ---- end of HOOK ---------------------------------------------------------------------------
fi

[ -s "$partial" ] || die "the archive is empty"
gzip -t "$partial" 2>/dev/null || die "the archive is not a valid gzip stream"
mv "$partial" "$final"
trap - EXIT

echo "backup: wrote $final ($(wc -c <"$final" | tr -d ' ') bytes)"

# Retention: only our own archives, only in this directory, only after a good backup.
deleted="$(find "$backup_dir" -maxdepth 1 -type f -name 'notion_bot_backup_*.archive.gz' \
  -mtime +"$retention_days" -print -delete)"
if [ -n "$deleted" ]; then
  echo "backup: deleted archives older than $retention_days days:"
  printf '%s\n' "$deleted" | sed 's/^/  /'
fi
