# shellcheck shell=bash
# Shared by bench/stream-query, bench/arrow-out and bench/small-statements (sourced after
# bench/lib/server.sh, with the test services' environment set): postgres-nio's own rate, the
# ceiling of anything built on it. bench/postgres-nio-read is a separate package, built once into
# .build-bench (a few minutes the first time), so the server's build is not touched.
# Defines: build_postgres_nio_read, postgres_nio_read SQL ROWS (prints seconds),
# postgres_nio_rate CLIENTS SECONDS SQL (prints statements per second).

postgres_nio_bin=.build-bench/release/postgres-nio-read

build_postgres_nio_read() {
    echo "bench: building bench/postgres-nio-read (release, .build-bench)" >&2
    swift build -c release --package-path bench/postgres-nio-read --scratch-path .build-bench >&2
    [ -x "$postgres_nio_bin" ] || die "no binary at $postgres_nio_bin"
}

# postgres_nio_read SQL ROWS: runs SQL through postgres-nio alone, checks that it read ROWS rows,
# and prints the seconds it took.
postgres_nio_read() {
    local sql=$1 rows=$2 start end counts
    start=$EPOCHREALTIME
    counts=$("$postgres_nio_bin" "$sql") || die "postgres-nio-read failed"
    end=$EPOCHREALTIME
    [ "${counts%% *}" = "$rows" ] || die "postgres-nio-read read ${counts%% *} rows, expected $rows"
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

# postgres_nio_rate CLIENTS SECONDS SQL: SQL run over and over from CLIENTS tasks sharing a pool
# of 8 connections, for SECONDS; prints statements per second.
postgres_nio_rate() {
    "$postgres_nio_bin" --tasks "$1" --seconds "$2" "$3" || die "postgres-nio-read failed"
}
