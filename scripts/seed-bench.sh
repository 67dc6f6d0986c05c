#!/usr/bin/env bash
# npm run seed:bench -- [seed-job options]: seeds a fresh seed (every row new) into the local
# stores, where it stays, medium preset unless told otherwise, prints rows/s per store, then
# times psql's \copy of the very same PostgreSQL rows into empty tables shaped like the real
# ones (LIKE ... INCLUDING ALL: indexes, primary keys, unique, check and not-null constraints,
# but never foreign keys, so \copy checks no references where the seeder's inserts do) and
# prints how the seeder's rate compares.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node24.sh
source scripts/lib/deps.sh

seed=$((100000000 + RANDOM * 32768 + RANDOM))
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

npm run build --workspace seed-job --silent
node --enable-source-maps seed-job/dist/seed-job/src/main.js --preset medium --seed "$seed" "$@" | tee "$work/seed.log"
seeder_rate="$(awk '$1 == "postgres" && $4 ~ /^[0-9]+$/ { rate = $4 } END { print rate }' "$work/seed.log")"
if [ -z "$seeder_rate" ]; then
  echo "seed-bench: no postgres phase in this run, nothing to compare" >&2
  exit 0
fi

export PGHOST="${DATABASE_HOST:-127.0.0.1}" PGPORT="${DATABASE_PORT:-5432}" PGUSER="${DATABASE_USER:-summer_trip}"
export PGPASSWORD="${DATABASE_PASSWORD:-summer_trip}" PGDATABASE="${DATABASE_NAME:-summer_trip}"
export PGOPTIONS="-c client_min_messages=warning"
run_psql() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# The seed's rows, by the email domain that names the seed and the references from its users.
declare -A rows_of=(
  [users]="SELECT * FROM users WHERE email LIKE '%@seed$seed.example.com'"
  [groups]="SELECT g.* FROM groups g JOIN users u ON u.id = g.owner_id WHERE u.email LIKE '%@seed$seed.example.com'"
  [group_members]="SELECT m.* FROM group_members m JOIN groups g ON g.id = m.group_id JOIN users u ON u.id = g.owner_id WHERE u.email LIKE '%@seed$seed.example.com'"
  [files]="SELECT f.* FROM files f JOIN users u ON u.id = f.owner_id WHERE u.email LIKE '%@seed$seed.example.com'"
)
tables=(users groups group_members files)

run_psql -c 'DROP SCHEMA IF EXISTS seed_bench CASCADE' -c 'CREATE SCHEMA seed_bench'
trap 'run_psql -c "DROP SCHEMA IF EXISTS seed_bench CASCADE" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
total_rows=0
total_ms=0
for table in "${tables[@]}"; do
  run_psql -c "\\copy (${rows_of[$table]}) TO '$work/$table.csv' (FORMAT csv)"
  run_psql -c "CREATE TABLE seed_bench.$table (LIKE public.$table INCLUDING ALL)"
  started=$(date +%s%N)
  run_psql -c "\\copy seed_bench.$table FROM '$work/$table.csv' (FORMAT csv)"
  total_ms=$((total_ms + ($(date +%s%N) - started) / 1000000))
  total_rows=$((total_rows + $(wc -l <"$work/$table.csv")))
done

psql_rate=$((total_rows * 1000 / (total_ms > 0 ? total_ms : 1)))
echo
echo "postgres: seeder ${seeder_rate} rows/s, psql \\copy of the same ${total_rows} rows ${psql_rate} rows/s (${total_ms} ms)"
awk -v seeder="$seeder_rate" -v copy="$psql_rate" 'BEGIN { printf "postgres: seeder / psql \\copy = %.2f\n", seeder / copy }'
