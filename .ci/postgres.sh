#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the test suite.
#   .ci/postgres.sh start   # progress on stderr, DATABASE_URL on stdout
#   .ci/postgres.sh stop    # stops it and deletes its files
# Listens on 127.0.0.1 only, port $PGPORT (default 54329). The state file goes in
# $NEWSDESK_CI_STATE_DIR (default /tmp): give each checkout its own to run side by side.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"  # port_in_use, stop_pid
cd /  # never depend on (or trip over) the caller's directory

OS_USER=newsdesk-pg
STATE=${NEWSDESK_CI_STATE_DIR:-/tmp}/newsdesk-ci-postgres.state  # lines: temp dir, port

log() { echo "postgres.sh: $*" >&2; }
die() { echo "postgres.sh: ERROR: $*" >&2; exit 1; }

# PostgreSQL refuses to run as root, so root runs the server as a plain user.
if ((EUID == 0)); then AS_PG=(runuser -u "$OS_USER" --); else AS_PG=(); fi

# Debian's newest server, by explicit path: a pg_ctl earlier on PATH may be anything.
server_bindir() {
    local postgres
    postgres=$(printf '%s\n' /usr/lib/postgresql/*/bin/postgres | sort -V | tail -n 1)
    [[ -x $postgres ]] || die "no PostgreSQL server under /usr/lib/postgresql/*/bin (apt-get install postgresql)"
    dirname "$postgres"
}

start() {
    if [[ -f $STATE ]]; then log "stopping the cluster left by an earlier run"; stop; fi
    local bin dir port=${PGPORT:-54329} i
    bin=$(server_bindir)
    if port_in_use "$port"; then die "port $port is already in use; set PGPORT to a free port"; fi
    if ((EUID == 0)) && ! id -u "$OS_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$OS_USER"
    fi

    dir=$(mktemp -d /tmp/newsdesk-pg.XXXXXX)
    printf '%s\n' "$dir" "$port" >"$STATE"
    if ((EUID == 0)); then chown "$OS_USER:" "$dir"; fi
    log "$("$bin/postgres" --version) in $dir, port $port"

    # Password auth over TCP; the superuser is reachable only through the socket in $dir.
    "${AS_PG[@]}" "$bin/initdb" -D "$dir/data" -U postgres --encoding=UTF8 --no-locale \
        --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    # Durability is pointless for a throw-away cluster; turning it off speeds up the tests.
    "${AS_PG[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -W start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2

    # Up to 30 s; give up early once the server has died (its pid file is gone).
    for ((i = 1; ; i++)); do
        "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" && break
        if ((i == 60)) || [[ $i -ge 4 && ! -f $dir/data/postmaster.pid ]]; then
            tail -n 20 "$dir/postgres.log" >&2 || true
            die "PostgreSQL did not become ready on 127.0.0.1:$port (log above)"
        fi
        sleep 0.5
    done

    "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
        -c "CREATE ROLE newsdesk LOGIN CREATEDB PASSWORD 'newsdesk'" \
        -c "CREATE DATABASE newsdesk OWNER newsdesk"
    log "ready"
    echo "postgres://newsdesk:newsdesk@127.0.0.1:$port/newsdesk"
}

stop() {
    if [[ ! -f $STATE ]]; then log "no cluster to stop"; return 0; fi
    local dir= port=
    { read -r dir && read -r port; } <"$STATE" || true
    # The state file sits in world-writable /tmp: only ever delete one of our temp dirs.
    [[ $dir =~ ^/tmp/newsdesk-pg\.[A-Za-z0-9]{6}$ ]] || die "unexpected directory '$dir' in $STATE"
    if [[ -f $dir/data/postmaster.pid ]]; then
        "${AS_PG[@]}" "$(server_bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || log "pg_ctl stop failed"
    fi
    rm -rf -- "$dir" "$STATE"
    log "stopped (port $port), removed $dir"
}

case ${1-} in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
