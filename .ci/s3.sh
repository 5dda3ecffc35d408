#!/usr/bin/env bash
# A throw-away S3 server (moto's, from the project's virtualenv) with one empty bucket
# that anyone may read.
#   .ci/s3.sh start   # progress on stderr, S3_ENDPOINT_URL on stdout
#   .ci/s3.sh stop    # stops it and deletes its files
# Listens on 127.0.0.1 only, port $S3_PORT (default 53790); the bucket is $S3_BUCKET
# (default newsdesk-media). Everything lives in the server's memory. The state file goes in
# $NEWSDESK_CI_STATE_DIR (default /tmp): give each checkout its own to run side by side.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"  # port_in_use, stop_pid
cd /  # never depend on (or trip over) the caller's directory

STATE=${NEWSDESK_CI_STATE_DIR:-/tmp}/newsdesk-ci-s3.state  # lines: temp dir, port
PYTHON=${PYTHON:-$REPO/.venv/bin/python}

log() { echo "s3.sh: $*" >&2; }
die() { echo "s3.sh: ERROR: $*" >&2; exit 1; }

# Creates the bucket, waiting up to 30 s for the server (process $3) to take requests, and
# lets anyone read it, as a public site's media bucket is set up: pages link to the files
# directly. Any key pair will do for moto.
CREATE_BUCKET='
import json, os, sys, time
import boto3, botocore.exceptions
endpoint, bucket, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="newsdesk-ci", aws_secret_access_key="newsdesk-ci")
deadline = time.monotonic() + 30
while True:
    try:
        client.create_bucket(Bucket=bucket)
        break
    except botocore.exceptions.EndpointConnectionError:
        os.kill(pid, 0)  # raises once the server has died: no point waiting
        if time.monotonic() > deadline:
            sys.exit(f"no answer from {endpoint} within 30 s")
        time.sleep(0.2)
client.put_bucket_policy(Bucket=bucket, Policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
                   "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}],
}))
'

start() {
    if [[ -f $STATE ]]; then log "stopping the server left by an earlier run"; stop; fi
    local dir port=${S3_PORT:-53790} bucket=${S3_BUCKET:-newsdesk-media} pid
    [[ -x $PYTHON ]] || die "no Python at $PYTHON (run 'make install' first, or set PYTHON)"
    "$PYTHON" -c 'import moto.server, flask' 2>/dev/null ||
        die "moto's server is not installed in $PYTHON (pip install 'moto[server]'; 'make install' does)"
    if port_in_use "$port"; then die "port $port is already in use; set S3_PORT to a free port"; fi

    dir=$(mktemp -d /tmp/newsdesk-s3.XXXXXX)
    printf '%s\n' "$dir" "$port" >"$STATE"
    log "moto $("$PYTHON" -c 'import moto; print(moto.__version__)') in $dir, port $port"

    # Its own session, so a Ctrl+C meant for the caller does not take it down half-way;
    # output to a file, so the caller's $(...) is not kept waiting for it.
    setsid "$PYTHON" -m moto.server -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$dir/moto.pid"

    if ! "$PYTHON" -c "$CREATE_BUCKET" "http://127.0.0.1:$port" "$bucket" "$pid" >&2; then
        tail -n 20 "$dir/moto.log" >&2 || true
        kill -0 "$pid" 2>/dev/null || log "the server exited"
        die "could not create bucket '$bucket' on 127.0.0.1:$port (log above)"
    fi
    log "ready, bucket '$bucket'"
    echo "http://127.0.0.1:$port"
}

stop() {
    if [[ ! -f $STATE ]]; then log "no server to stop"; return 0; fi
    local dir= port=
    { read -r dir && read -r port; } <"$STATE" || true
    # Only ever delete one of our own temp dirs, whatever the state file says.
    [[ $dir =~ ^/tmp/newsdesk-s3\.[A-Za-z0-9]{6}$ ]] || die "unexpected directory '$dir' in $STATE"
    stop_pid moto "$dir/moto.pid"
    rm -rf -- "$dir" "$STATE"
    log "stopped (port $port), removed $dir"
}

case ${1-} in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
