# shellcheck shell=bash
# Shared by the bench scripts (sourced, not run): engines and test services, the release build
# that scripts/serve makes (.build/release/switchyard), and a Switchyard server on
# 127.0.0.1:$PORT with a throwaway data directory, stopped on exit.
# Defines: BIN, BASE, TOKEN, tmp, server_pid, die, prepare_engines, build_release,
# server_command, start_server [VAR=value ...], stop_server, server_failed, rss_kib, api,
# add_postgres_connection.
# BENCH_BIN=/path/to/switchyard makes build_release use that binary instead of building.

die() { echo "bench: $*" >&2; exit 1; }

prepare_engines() {
    echo "bench: scripts/setup-engines" >&2
    scripts/setup-engines
    # shellcheck disable=SC1091
    source .tools/engines.env
    echo "bench: scripts/test-services start" >&2
    scripts/test-services start
    eval "$(scripts/test-services env)"
}

# Sets BIN: $BENCH_BIN when given, else the build scripts/serve makes (one build tree, .build).
build_release() {
    if [ -n "${BENCH_BIN:-}" ]; then
        BIN=$BENCH_BIN
        [ -x "$BIN" ] || die "BENCH_BIN=$BIN is not an executable file"
        echo "bench: using $BIN (BENCH_BIN), not building" >&2
        return
    fi
    echo "bench: building release (swift build -c release --product switchyard)" >&2
    swift build -c release --product switchyard >&2
    BIN=.build/release/switchyard
    [ -x "$BIN" ] || die "no binary at $BIN"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/switchyard-bench.XXXXXX")
server_pid=""
stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
cleanup() {
    stop_server
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

TOKEN=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
BASE="http://127.0.0.1:${PORT:-}"

# server_command DATA-DIR PORT [VAR=value ...]: sets the array server_cmd to the command line
# that runs $BIN on 127.0.0.1:PORT with data in DATA-DIR, the extra variables in its environment.
server_command() {
    local data=$1 port=$2
    shift 2
    server_cmd=(env SWITCHYARD_ADMIN_TOKEN="$TOKEN" SWITCHYARD_LOG_LEVEL=warning "$@"
        "$BIN" serve --data-dir "$data" --port "$port")
}

# start_server [VAR=value ...]: starts the server on $PORT with data in $tmp/data (kept from an
# earlier start unless removed), the extra variables in its environment; waits for /healthz.
# shellcheck disable=SC2120 # the variables are optional
start_server() {
    BASE="http://127.0.0.1:$PORT"
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
        die "port $PORT on 127.0.0.1 is already in use (set BENCH_PORT)"
    fi
    server_command "$tmp/data" "$PORT" "$@"
    "${server_cmd[@]}" >"$tmp/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do
        if curl -sf -o /dev/null "$BASE/healthz"; then return; fi
        kill -0 "$server_pid" 2>/dev/null || server_failed "server exited during startup"
        sleep 0.1
    done
    server_failed "server did not answer /healthz within 10s"
}

server_failed() {
    echo "bench: $*" >&2
    echo "--- server log (last 20 lines) ---" >&2
    tail -n 20 "$tmp/server.log" >&2 || true
    exit 1
}

rss_kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$server_pid/status"; }

api() { # method path [body]: fails the bench on a non-2xx answer
    local code
    local -a data=()
    [ $# -lt 3 ] || data=(--data "$3")
    code=$(curl -sS -o "$tmp/response" -w '%{http_code}' -X "$1" "$BASE$2" \
        -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" "${data[@]}")
    [[ $code == 2* ]] || { cat "$tmp/response" >&2; echo >&2; die "$1 $2 answered $code"; }
}

# The private test PostgreSQL as a connection `pg` in project `default`.
add_postgres_connection() {
    api POST /api/v0/projects/default/connections/pg "{\"postgresConnection\": {
        \"host\": \"$SWITCHYARD_TEST_POSTGRES_HOST\", \"port\": $SWITCHYARD_TEST_POSTGRES_PORT,
        \"databaseName\": \"$SWITCHYARD_TEST_POSTGRES_DATABASE\", \"userName\": \"$SWITCHYARD_TEST_POSTGRES_USER\",
        \"password\": \"$SWITCHYARD_TEST_POSTGRES_PASSWORD\"}}"
}
