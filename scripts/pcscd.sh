#!/bin/sh
# Start, stop or query a pcscd for tests with the vpcd virtual readers, without systemd.
#
#   scripts/pcscd.sh start    start `pcscd --foreground` in the background (log in
#                             target/pcscd.log, PID in target/pcscd.pid) and wait for
#                             /run/pcscd/pcscd.comm; if another pcscd already runs, use it
#   scripts/pcscd.sh stop     stop the pcscd this script started (by its PID), nothing else
#   scripts/pcscd.sh status   say what runs; exit 0 when a pcscd answers, 3 otherwise
#
# The target folder is $CARGO_TARGET_DIR when set, else target/ at the repository root.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
pidfile=$target/pcscd.pid
logfile=$target/pcscd.log
socket=/run/pcscd/pcscd.comm

pcscd_bin() {
    if command -v pcscd >/dev/null 2>&1; then
        command -v pcscd
    elif [ -x /usr/sbin/pcscd ]; then
        echo /usr/sbin/pcscd
    else
        echo "pcscd.sh: pcscd is not installed (Debian: apt-get install pcscd vsmartcard-vpcd)" >&2
        exit 1
    fi
}

# The PID in our PID file, if that process is alive and is a pcscd.
our_pid() {
    [ -f "$pidfile" ] || return 1
    pid=$(cat "$pidfile" 2>/dev/null) || return 1
    case $pid in '' | *[!0-9]*) return 1 ;; esac
    kill -0 "$pid" 2>/dev/null || return 1
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = pcscd ] || return 1
    echo "$pid"
}

# PIDs of pcscd processes other than ours.
other_pids() {
    mine=$(our_pid || true)
    for p in $(pgrep -x pcscd 2>/dev/null || true); do
        [ "$p" = "$mine" ] || echo "$p"
    done
}

wait_for_socket() { # PID
    i=0
    while [ $i -lt 100 ]; do
        [ -S "$socket" ] && return 0
        if [ -n "${1:-}" ] && ! kill -0 "$1" 2>/dev/null; then
            return 1
        fi
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

start() {
    if pid=$(our_pid); then
        echo "pcscd.sh: pcscd already started by this script (PID $pid)"
        return 0
    fi
    others=$(other_pids)
    if [ -n "$others" ]; then
        echo "pcscd.sh: another pcscd is already running (PID $(echo $others)); using it, not starting one"
        wait_for_socket "" || echo "pcscd.sh: warning: $socket is not there yet" >&2
        return 0
    fi
    bin=$(pcscd_bin)
    set -- --foreground
    # Newer pcscd builds ask polkit, which needs a system bus: turn it off when possible.
    if "$bin" --help 2>&1 | grep -q -- --disable-polkit; then
        set -- "$@" --disable-polkit
    fi
    mkdir -p "$target"
    rm -f "$pidfile"
    nohup "$bin" "$@" >"$logfile" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$pidfile"
    if wait_for_socket "$pid"; then
        echo "pcscd.sh: pcscd started (PID $pid, log $logfile)"
    else
        echo "pcscd.sh: pcscd did not come up; its log ($logfile):" >&2
        tail -n 20 "$logfile" >&2 || true
        kill "$pid" 2>/dev/null || true
        rm -f "$pidfile"
        exit 1
    fi
}

stop() {
    if ! pid=$(our_pid); then
        rm -f "$pidfile"
        echo "pcscd.sh: no pcscd started by this script is running"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
    echo "pcscd.sh: pcscd stopped (PID $pid)"
}

status() {
    if pid=$(our_pid); then
        echo "pcscd.sh: running, started by this script (PID $pid, log $logfile)"
    elif others=$(other_pids) && [ -n "$others" ]; then
        echo "pcscd.sh: running, not started by this script (PID $(echo $others))"
    else
        echo "pcscd.sh: not running"
        return 3
    fi
    if [ -S "$socket" ]; then
        return 0
    fi
    echo "pcscd.sh: but $socket is missing"
    return 3
}

case ${1:-} in
start) start ;;
stop) stop ;;
status) status ;;
*)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
