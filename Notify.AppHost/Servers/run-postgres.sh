#!/bin/sh
# Runs a local PostgreSQL server for the AppHost: initdb on the first start, then exec postgres (so stopping the
# resource stops the server itself). As root, both run as the postgres user (PostgreSQL refuses to run as root).
# Usage: run-postgres.sh BIN_DIR STATE_DIR PORT DURABLE(true|false) [SERVICE_USER]; the password is in $POSTGRES_PASSWORD.
set -eu
bin="$1" state="$2" port="$3" durable="$4" user="${5:-}"
data="$state/data" sockets="$state/sockets"

run_as_user() {
  if [ -n "$user" ]; then
    exec setpriv --reuid "$user" --regid "$user" --init-groups "$@"
  fi
  exec "$@"
}

mkdir -p "$sockets"
if [ ! -f "$data/PG_VERSION" ]; then
  mkdir -p "$data"
  password_file="$state/initdb-password"
  (umask 077 && printf '%s' "$POSTGRES_PASSWORD" > "$password_file")
  [ -n "$user" ] && chown -R "$user:$user" "$state"
  sync_option=""
  [ "$durable" = true ] || sync_option="--no-sync"
  (run_as_user "$bin/initdb" -D "$data" -U postgres --auth=scram-sha-256 --pwfile="$password_file" \
    --encoding=UTF8 --locale=C $sync_option)
  rm -f "$password_file"
fi
[ -n "$user" ] && chown "$user:$user" "$state" "$sockets"

# fsync off outside durable runs; synchronous_commit stays on, so a killed server keeps every committed transaction.
if [ "$durable" = true ]; then
  run_as_user "$bin/postgres" -D "$data" -p "$port" -k "$sockets" -c listen_addresses=127.0.0.1
fi
run_as_user "$bin/postgres" -D "$data" -p "$port" -k "$sockets" -c listen_addresses=127.0.0.1 \
  -c fsync=off -c full_page_writes=off
