#!/usr/bin/env bash
# Regenerates the query descriptions that let `sqlx::query!` check SQL at
# compile time without a database: `.sqlx/` for SQLite (app, server) and
# `server/postgres/.sqlx/` for PostgreSQL. Run it after changing a query or a
# migration, and commit the result.
#
# It applies the SQLite migrations to a scratch file with Python's sqlite3
# (always present) and the PostgreSQL ones to a throwaway cluster, then
# rebuilds the crates with queries while sqlx writes what it learns (the
# mechanism `cargo sqlx prepare` uses). Each crate finds its database in a
# `.env` of its own, written here and removed at the end. A query's file is
# named by its text, so a statement worded the same on both engines would be
# one file: word each engine's apart.
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/postgres.sh"

ensure_postgres
start_throwaway_postgres
scratch="$(mktemp -d)"
envs=(app/.env server/.env server/postgres/.env)
cleanup() { rm -rf "$scratch"; rm -f "${envs[@]}"; stop_throwaway_postgres; }
trap cleanup EXIT

python3 - "$scratch/prepare.db" server/migrations/*.sql <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for path in sorted(sys.argv[2:]):
    with open(path, encoding="utf-8") as f:
        db.executescript(f.read())
db.commit()
PY

pg_url="${TEREN_TEST_POSTGRES%/*}/prepare"
psql -q "$TEREN_TEST_POSTGRES" -c "CREATE DATABASE prepare LC_COLLATE 'C' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
# The control database's one table goes beside an organisation's schema:
# the crate's queries of both are checked against this one database.
for migration in server/postgres/migrations/*.sql server/postgres/control/*.sql; do
  psql -q -v ON_ERROR_STOP=1 "$pg_url" -f "$migration" >/dev/null
done

echo "DATABASE_URL=sqlite://$scratch/prepare.db" | tee app/.env >server/.env
echo "DATABASE_URL=$pg_url" >server/postgres/.env

rm -rf .sqlx server/postgres/.sqlx
mkdir -p .sqlx server/postgres/.sqlx
# Touching the crates' sources makes cargo re-expand every query macro.
find app/src server/src server/tests server/postgres/src server/postgres/tests -name '*.rs' \
  -exec touch {} + 2>/dev/null || true
env -u DATABASE_URL SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$ROOT/.sqlx" \
  cargo check --workspace --all-targets --quiet
# sqlx writes every query where SQLX_OFFLINE_DIR says; PostgreSQL's belong
# beside their crate.
grep -l '"db_name": "PostgreSQL"' .sqlx/*.json | xargs -r mv -t server/postgres/.sqlx/
echo "prepared $(ls .sqlx | wc -l) SQLite and $(ls server/postgres/.sqlx | wc -l) PostgreSQL queries"
