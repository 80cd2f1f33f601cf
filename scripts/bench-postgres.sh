#!/usr/bin/env bash
# Runs the benchmarks that compare the engines against a throwaway
# PostgreSQL cluster with its durability on, as SQLite's commits are synced.
# Extra arguments name benchmarks (default: engines), e.g.
#   TEREN_BENCH_RECORDS=1000000 scripts/bench-postgres.sh engines
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/postgres.sh"

ensure_postgres
TEREN_PG_DURABLE=1 start_throwaway_postgres
for bench in "${@:-engines}"; do
  cargo bench -p server --bench "$bench"
done
