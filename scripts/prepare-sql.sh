#!/usr/bin/env bash
# Regenerates `.sqlx/`, the query descriptions that let `sqlx::query!` check
# SQL at compile time without a database. Run it after changing a query or a
# migration, and commit the result.
#
# It applies the migrations to a scratch SQLite file with Python's sqlite3
# (always present), then rebuilds the crates with queries while sqlx writes
# what it learns into `.sqlx/` (the mechanism `cargo sqlx prepare` uses).
source "$(dirname "$0")/lib.sh"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
python3 - "$scratch/prepare.db" server/migrations/*.sql <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for path in sorted(sys.argv[2:]):
    with open(path, encoding="utf-8") as f:
        db.executescript(f.read())
db.commit()
PY

rm -rf .sqlx
mkdir -p .sqlx
# Touching the crates' sources makes cargo re-expand every query macro.
find app/src server/src server/tests -name '*.rs' -exec touch {} +
SQLX_OFFLINE=false DATABASE_URL="sqlite://$scratch/prepare.db" SQLX_OFFLINE_DIR="$ROOT/.sqlx" \
  cargo check --workspace --all-targets --quiet
echo "prepared $(ls .sqlx | wc -l) queries in .sqlx/"
