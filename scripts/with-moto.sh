#!/usr/bin/env bash
# Runs a command with a moto server (a mock of the AWS APIs, from PyPI) answering on a
# free 127.0.0.1 port, its URL in MOTO_ENDPOINT and its process id in MOTO_PID. The server is stopped when the command
# ends, however it ends. Needs `moto[server]` in .venv (`.ci/run` installs it).
#
#   scripts/with-moto.sh cargo test -p lambda-tests --test moto -- --ignored --test-threads=1
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi
moto=.venv/bin/moto_server
python=.venv/bin/python
if [ ! -x "$moto" ]; then
    echo "$moto not found: run python3 -m venv .venv && .venv/bin/pip install 'moto[server]'" >&2
    exit 2
fi

log=$(mktemp "${TMPDIR:-/tmp}/moto.XXXXXX.log")
pid=
stop() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -f "$log"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Answers 0 once moto serves its own API on the port.
answers() {
    "$python" - "$1" <<'EOF'
import sys, urllib.request
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/moto-api/config", timeout=1) as r:
        sys.exit(0 if r.status < 300 else 1)
except Exception:
    sys.exit(1)
EOF
}

# A free port can be taken between the probe and moto's bind: try a few.
for attempt in 1 2 3; do
    port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$moto" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
    pid=$!
    up=
    for _ in $(seq 1 100); do # at most ~20 s
        if ! kill -0 "$pid" 2>/dev/null; then
            break
        fi
        if answers "$port"; then
            up=1
            break
        fi
        sleep 0.2
    done
    if [ -n "$up" ]; then
        break
    fi
    echo "moto did not start on port $port (attempt $attempt); its output:" >&2
    cat "$log" >&2
    stop
    pid=
    log=$(mktemp "${TMPDIR:-/tmp}/moto.XXXXXX.log")
done
if [ -z "$up" ]; then
    echo "giving up: moto_server did not answer" >&2
    exit 1
fi

echo "moto $("$python" -c 'import moto; print(moto.__version__)') answering on http://127.0.0.1:$port"
status=0
MOTO_ENDPOINT="http://127.0.0.1:$port" MOTO_PID="$pid" "$@" || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- moto's log (last 40 lines) ---" >&2
    tail -n 40 "$log" >&2
fi
exit "$status"
