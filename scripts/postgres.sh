# Sourced by scripts/test.sh (and usable by hand): makes sure Debian's PostgreSQL is installed and
# running, with a password role that may create databases (each bank test makes its own), and prints
# the Npgsql connection string. Idempotent; needs root (or the postgres user's rights) the first time.
#   source scripts/postgres.sh && postgres_for_tests
# No systemd in containers: clusters are started with pg_ctlcluster. TCP + password (scram), not peer
# authentication, so the tests connect as any OS user.
# A subshell body with errexit: a failed step ends it with an error instead of printing a string that cannot work.
postgres_for_tests() (
  set -euo pipefail
  local role=actorchat_test password=actorchat_test
  if ! command -v pg_lsclusters >/dev/null; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  # The package creates a cluster "main"; a machine where it was dropped gets a new one.
  if [ -z "$(pg_lsclusters -h)" ]; then
    pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -n 1)" main >/dev/null
  fi
  local version cluster port status
  read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1)
  if [ "$status" != online ]; then
    pg_ctlcluster "$version" "$cluster" start >&2
  fi
  local psql=(runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA)
  [ "$(id -u)" = 0 ] || psql=(sudo -u postgres psql -p "$port" -v ON_ERROR_STOP=1 -qtA)
  # Wait until it accepts connections (a fresh start takes a moment).
  for _ in $(seq 1 30); do "${psql[@]}" -c 'select 1' >/dev/null 2>&1 && break; sleep 1; done
  if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname = '$role'")" != 1 ]; then
    "${psql[@]}" -c "create role $role login createdb password '$password'" >&2
  fi
  if [ "$("${psql[@]}" -c "select 1 from pg_database where datname = '$role'")" != 1 ]; then
    "${psql[@]}" -c "create database $role owner $role" >&2
  fi
  echo "Host=127.0.0.1;Port=$port;Username=$role;Password=$password;Database=$role"
)
