#!/usr/bin/env bash
# Makes sure a PostgreSQL server accepts password-less TCP connections from 127.0.0.1 as user
# `postgres`, which the PostgreSQL test suites need (they create and drop their own databases).
# Idempotent: a server that already answers is left alone. On a machine without one it starts the
# Debian cluster, installing the `postgresql` package first when there is none.
#
# The cluster and port can be overridden (for testing this script on a throwaway cluster):
#   SKILLSHIP_PG_CLUSTER (default main), SKILLSHIP_PG_PORT (default 5432).
# "trust" for 127.0.0.1 lets every local user in as superuser: meant for CI and dev machines only.
set -euo pipefail

host=127.0.0.1
port="${SKILLSHIP_PG_PORT:-5432}"
cluster="${SKILLSHIP_PG_CLUSTER:-main}"
wait_seconds=30

log() { echo "ensure-postgres: $*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    log "needs root to run: $*"
    exit 1
  fi
}

is_ready() {
  command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$host" -p "$port"
}

can_connect() {
  command -v psql >/dev/null 2>&1 &&
    psql -w -h "$host" -p "$port" -U postgres -d postgres -tAc 'SELECT 1' >/dev/null 2>&1
}

# The newest installed major version that has our cluster, or nothing.
cluster_version() {
  [ -d /etc/postgresql ] || return 0
  local version
  for version in $(ls /etc/postgresql | sort -V -r); do
    if [ -d "/etc/postgresql/$version/$cluster" ]; then
      echo "$version"
      return 0
    fi
  done
}

install_postgres() {
  log "no PostgreSQL cluster found; installing the postgresql package"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
}

start_cluster() {
  local version="$1"
  log "starting cluster $version/$cluster"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
}

wait_until_ready() {
  local deadline=$((SECONDS + wait_seconds))
  until is_ready; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "PostgreSQL did not become ready on $host:$port within ${wait_seconds}s"
      exit 1
    fi
    sleep 1
  done
  log "PostgreSQL is ready on $host:$port"
}

# A reload is asynchronous: the server applies the new rules a moment after pg_ctlcluster returns.
wait_until_trusted() {
  local deadline=$((SECONDS + wait_seconds))
  until can_connect; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "still cannot connect as postgres@$host:$port without a password"
      exit 1
    fi
    sleep 1
  done
}

# First match wins in pg_hba.conf, so the trust rule goes before every other line.
allow_trust() {
  local version="$1"
  local hba="/etc/postgresql/$version/$cluster/pg_hba.conf"
  local rule="host all postgres $host/32 trust"
  if ! grep -qxF "$rule" "$hba"; then
    log "adding '$rule' to $hba"
    as_root sed -i "1i $rule" "$hba"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" reload
  log "reloaded cluster $version/$cluster"
}

main() {
  if is_ready && can_connect; then
    log "PostgreSQL already accepts postgres@$host:$port without a password; nothing to do"
    exit 0
  fi
  local version
  version="$(cluster_version)"
  if ! is_ready; then
    if [ -z "$version" ]; then
      install_postgres
      version="$(cluster_version)"
      if [ -z "$version" ]; then
        log "the postgresql package created no cluster named $cluster"
        exit 1
      fi
    fi
    start_cluster "$version"
    wait_until_ready
  fi
  if ! can_connect; then
    if [ -z "$version" ]; then
      log "a server answers on $host:$port but refuses postgres without a password, and it is not a local Debian cluster; leaving it alone"
      exit 0
    fi
    allow_trust "$version"
  fi
  wait_until_trusted
  log "PostgreSQL accepts postgres@$host:$port without a password"
}

main "$@"
