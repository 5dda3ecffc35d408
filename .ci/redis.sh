#!/usr/bin/env bash
# A throw-away Redis server for the integration tests.
#   .ci/redis.sh start   # progress on stderr, REDIS_URL on stdout
#   .ci/redis.sh stop    # stops it and deletes its files
# Listens on 127.0.0.1 only, port $REDIS_PORT (default 63790), and keeps nothing on disk.
# The state file goes in $NEWSDESK_CI_STATE_DIR (default /tmp): give each checkout its own
# to run side by side.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"  # port_in_use, stop_pid
cd /  # never depend on (or trip over) the caller's directory

STATE=${NEWSDESK_CI_STATE_DIR:-/tmp}/newsdesk-ci-redis.state  # lines: temp dir, port

log() { echo "redis.sh: $*" >&2; }
die() { echo "redis.sh: ERROR: $*" >&2; exit 1; }

start() {
    if [[ -f $STATE ]]; then log "stopping the server left by an earlier run"; stop; fi
    local dir port=${REDIS_PORT:-63790} i
    command -v redis-server >/dev/null || die "no redis-server on PATH (apt-get install redis-server)"
    command -v redis-cli >/dev/null || die "no redis-cli on PATH (apt-get install redis-tools)"
    if port_in_use "$port"; then die "port $port is already in use; set REDIS_PORT to a free port"; fi

    dir=$(mktemp -d /tmp/newsdesk-redis.XXXXXX)
    printf '%s\n' "$dir" "$port" >"$STATE"
    log "$(redis-server --version | cut -d' ' -f1-3) in $dir, port $port"

    # A cache: no snapshots and no append-only file, so nothing is ever written to disk.
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
        --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
        || { cat "$dir/redis.log" >&2 2>/dev/null || true; die "redis-server did not start"; }

    for ((i = 1; ; i++)); do
        [[ $(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null) == PONG ]] && break
        if ((i == 40)); then
            tail -n 20 "$dir/redis.log" >&2 || true
            die "Redis did not answer on 127.0.0.1:$port within 10 s (log above)"
        fi
        sleep 0.25
    done
    log "ready"
    echo "redis://127.0.0.1:$port/0"
}

stop() {
    if [[ ! -f $STATE ]]; then log "no server to stop"; return 0; fi
    local dir= port=
    { read -r dir && read -r port; } <"$STATE" || true
    # Only ever delete one of our own temp dirs, whatever the state file says.
    [[ $dir =~ ^/tmp/newsdesk-redis\.[A-Za-z0-9]{6}$ ]] || die "unexpected directory '$dir' in $STATE"
    stop_pid Redis "$dir/redis.pid"
    rm -rf -- "$dir" "$STATE"
    log "stopped (port $port), removed $dir"
}

case ${1-} in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
