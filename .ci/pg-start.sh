#!/usr/bin/env bash
# Provides a PostgreSQL database for tests and CI and prints `export DATABASE_URL=...` on stdout
# (everything else goes to stderr), so callers do: eval "$(.ci/pg-start.sh)".
#   - When $DATABASE_URL already answers, it is reused as is.
#   - Otherwise: install the Debian package `postgresql` when the binaries are missing (unless
#     SWB_PG_NO_INSTALL=1), create a throwaway cluster in a temp dir with initdb (as the
#     `postgres` user when running as root: initdb refuses root), start it with pg_ctl on a free
#     port on 127.0.0.1 only, and create the database `switchboard`.
# Stop it with: eval "$SWB_PG_STOP" (also printed).
set -euo pipefail
log() { echo "pg-start: $*" >&2; }

if [[ -n "${DATABASE_URL:-}" ]]; then
  if command -v psql >/dev/null && ! psql "$DATABASE_URL" -Atqc 'select 1' >/dev/null 2>&1; then
    log "\$DATABASE_URL is set but does not answer"; exit 2
  fi
  log "using the server at \$DATABASE_URL"
  printf 'export DATABASE_URL=%q\n' "$DATABASE_URL"
  exit 0
fi

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
BIN="${PG_BIN:-$(find_bin)}"
if [[ -z "$BIN" || ! -x "$BIN/initdb" ]]; then
  if [[ "${SWB_PG_NO_INSTALL:-}" == "1" ]]; then log "no PostgreSQL binaries in /usr/lib/postgresql/*/bin"; exit 3; fi
  SUDO=""; [[ "$(id -u)" != "0" ]] && SUDO="sudo"
  log "installing the postgresql package (apt-get)"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  BIN="$(find_bin)"
fi
[[ -x "$BIN/initdb" ]] || { log "initdb not found after install"; exit 3; }

# initdb and postgres refuse to run as root: use the package's system user then.
RUN=()
if [[ "$(id -u)" == "0" ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  RUN=(runuser -u postgres --)
fi

DIR="$(mktemp -d "${TMPDIR:-/tmp}/swb-pg.XXXXXX")"
chmod 755 "$DIR"
[[ ${#RUN[@]} -gt 0 ]] && chown postgres "$DIR"
PORT="${PG_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}"

log "initdb in $DIR/data"
"${RUN[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
log "starting on 127.0.0.1:$PORT"
"${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=200" start >&2 \
  || { cat "$DIR/server.log" >&2; exit 1; }
"${RUN[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres switchboard

URL="postgres://postgres@127.0.0.1:$PORT/switchboard"
STOP="${RUN[*]} $BIN/pg_ctl -D $DIR/data -m fast -w stop >/dev/null; rm -rf $DIR"
log "DATABASE_URL=$URL"
printf 'export DATABASE_URL=%q\n' "$URL"
printf 'export SWB_PG_DIR=%q\n' "$DIR"
printf 'export SWB_PG_STOP=%q\n' "$STOP"
