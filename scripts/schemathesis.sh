#!/usr/bin/env bash
# Runs schemathesis (PyPI, in .venv) against lambda-local on a free 127.0.0.1 port: every
# operation of the spec, with a fixed seed and a bounded number of cases, checking for server
# errors, response schemas, declared status codes, content types and headers. Fails on any
# finding.
#
#   scripts/schemathesis.sh target/debug/lambda-local [REPORT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:?usage: $0 LAMBDA_LOCAL_BINARY [REPORT_DIR]}
reports=${2:-target/schemathesis}
st=.venv/bin/schemathesis
if [ ! -x "$st" ]; then
    echo "$st not found: run python3 -m venv .venv && .venv/bin/pip install schemathesis" >&2
    exit 2
fi

port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp "${TMPDIR:-/tmp}/lambda-local.XXXXXX.log")
"$bin" --listen "127.0.0.1:$port" --quiet >"$log" 2>&1 &
pid=$!
stop() {
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$log"
}
trap stop EXIT
for _ in $(seq 100); do
    if .venv/bin/python -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
        break
    fi
    sleep 0.1
done

mkdir -p "$reports"
args=(
    run spec/lambda-2015-03-31.openapi.json
    --url "http://127.0.0.1:$port"
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance,response_headers_conformance
    --phases examples,coverage,fuzzing
    --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-25}"
    --seed "${SCHEMATHESIS_SEED:-20261206}"
    --suppress-health-check all
    --continue-on-failure
    --request-timeout 20
    --report junit --report-dir "$reports"
    --no-color
)
# Bounded to a few minutes whatever the case count.
timeout --signal=INT "${SCHEMATHESIS_TIME_LIMIT:-420}" "$st" "${args[@]}"
