#!/usr/bin/env bash
# Installs the command-line tools that the ops tests (src/test/java/com/notionbot/ops) need,
# all from Debian's packages:
#   promtool        (package prometheus)     checks and unit-tests ops/prometheus/*.yml
#   docker-compose  (package docker-compose) renders docker-compose.yml; needs no Docker engine
#   nginx           (package nginx)          `nginx -t` on ops/nginx/nginx.conf
#   ShellCheck      (package shellcheck)     lints ops/scripts/*.sh and this file
#   curl            (package curl)           used by ops/scripts against the gateway
#   chromium        (package chromium)       headless browser of the Hawtio console test
#                                            (HawtioBrowserIT), with fonts-liberation for its text
# Idempotent: installs only what is missing, runs `apt-get update` only when a package must be
# installed and the lists are missing or stale, and never leaves a service running (prometheus
# and nginx ship daemons). Prints one line per tool. Needs root (or sudo) to install.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -E"
  else
    echo "install-tools: not root and no sudo; install prometheus, docker-compose and shellcheck by hand" >&2
    exit 1
  fi
fi

# Debian's prometheus package puts promtool in /usr/bin; fall back to asking dpkg where it went.
# Prints the path only when the file is there and executable (a removed package leaves dpkg
# records behind).
find_promtool() {
  local candidate
  if candidate="$(command -v promtool 2>/dev/null)" && [ -x "$candidate" ]; then
    echo "$candidate"
    return 0
  fi
  candidate="$(dpkg -L prometheus 2>/dev/null | grep -E '/promtool$' | head -n 1 || true)"
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "$candidate"
    return 0
  fi
  return 1
}

missing=()
find_promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# nginx lives in /usr/sbin, which a non-root PATH may lack.
{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || missing+=(nginx)
# Debian's own Chromium only; the browser test never downloads a browser build.
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)

if [ "${#missing[@]}" -gt 0 ]; then
  # Deny service starts while packages install (invoke-rc.d honours policy-rc.d; exit 101 = "action
  # forbidden"). Keep an existing policy-rc.d untouched; remove only the one we wrote.
  policy=/usr/sbin/policy-rc.d
  wrote_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod 0755 "$policy"
    wrote_policy=1
  fi
  cleanup() { if [ "$wrote_policy" -eq 1 ]; then $SUDO rm -f "$policy"; fi; }
  trap cleanup EXIT

  # Update the package lists only when they are missing or older than a day.
  # apt's chatter goes to a log that is shown only when something fails.
  log="$(mktemp)"
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -n 1)" ]; then
    $SUDO apt-get update -qq >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  fi
  echo "install-tools: installing ${missing[*]}"
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1 \
    || { cat "$log" >&2; exit 1; }
  rm -f "$log"

  # Belt and braces: if a daemon got started anyway (policy-rc.d not honoured, systemd running),
  # stop it and keep it from starting at boot. Only for the packages installed just now.
  for svc in prometheus nginx; do
    [[ " ${missing[*]} " == *" $svc "* ]] || continue
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || true
    fi
    if [ -x "/etc/init.d/$svc" ]; then
      $SUDO "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
    fi
  done
fi

promtool_path="$(find_promtool || true)"
if [ -z "$promtool_path" ] || [ ! -x "$promtool_path" ]; then
  echo "install-tools: promtool not found after installing prometheus" >&2
  exit 1
fi
if ! command -v promtool >/dev/null 2>&1; then
  # The tests look promtool up on PATH; link it in if the package put it elsewhere.
  $SUDO ln -sf "$promtool_path" /usr/local/bin/promtool
fi

echo "install-tools: promtool $(promtool --version 2>&1 | head -n 1 | awk '{print $3}') at $promtool_path"
echo "install-tools: docker-compose $(docker-compose version --short 2>/dev/null || docker-compose --version)"
echo "install-tools: shellcheck $(shellcheck --version | awk '/^version:/ {print $2}')"
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
echo "install-tools: nginx $("$nginx_bin" -v 2>&1 | sed 's|.*nginx/||') at $nginx_bin"
[ -x /usr/bin/chromium ] || { echo "install-tools: /usr/bin/chromium not found after installing chromium" >&2; exit 1; }
echo "install-tools: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}') at /usr/bin/chromium"
