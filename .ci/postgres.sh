#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: the distribution's package, initialised in a
# temporary directory, listening on 127.0.0.1 and a unix socket on a free port, stopped (and its
# directory removed) by `stop`. `start` prints the URL the tests read from GOALCLI_TEST_PG_URL.
#   .ci/postgres.sh start   -> prints postgresql+psycopg://goalcli@127.0.0.1:PORT/goalcli
#   .ci/postgres.sh stop
# The state (data directory, port) lives in .ci/.postgres (git-ignored). initdb refuses to run as
# root, so as root the server runs as the `postgres` user the package creates.
set -euo pipefail
cd "$(dirname "$0")"
state="$PWD/.postgres"

pg_bin() {
  local found
  found=$(command -v pg_ctl 2>/dev/null || true)
  if [ -n "$found" ]; then dirname "$(readlink -f "$found")"; return; fi
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] || { echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
  echo "$found"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local bin port dir
  bin=$(pg_bin)
  if [ -f "$state/url" ]; then
    # Already started (e.g. by hand before .ci/run): reuse it while it runs, else start afresh.
    if as_owner "'$bin/pg_ctl' -D '$(cat "$state/dir")/data' status >/dev/null 2>&1"; then
      cat "$state/url"
      return
    fi
    rm -rf "$(cat "$state/dir")" "$state"
  fi
  dir=$(mktemp -d /tmp/goalcli-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  port=$(free_port)
  as_owner "'$bin/initdb' -D '$dir/data' -U goalcli --auth=trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
  as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null"
  as_owner "'$bin/createdb' -h 127.0.0.1 -p $port -U goalcli goalcli"
  mkdir -p "$state"
  echo "$dir" >"$state/dir"
  echo "postgresql+psycopg://goalcli@127.0.0.1:$port/goalcli" >"$state/url"
  cat "$state/url"
}

stop() {
  [ -f "$state/dir" ] || return 0
  local bin dir
  bin=$(pg_bin)
  dir=$(cat "$state/dir")
  as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null" || true
  rm -rf "$dir" "$state"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
