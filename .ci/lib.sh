# Shared by the .ci server scripts: source it after defining log().

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# stop_pid NAME PIDFILE: ask the process politely, wait up to 10 s, then kill it.
stop_pid() {
    local name=$1 pidfile=$2 pid i
    [[ -f $pidfile ]] || return 0
    pid=$(<"$pidfile")
    kill "$pid" 2>/dev/null || true
    for ((i = 1; i <= 40; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.25
    done
    log "$name (pid $pid) ignored SIGTERM; killing it"
    kill -9 "$pid" || true
}
