#!/usr/bin/env bash
# The test command (README and .ci/run): installs what the tests need that a fresh Debian
# machine with the .NET SDK lacks, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive Debian's chromium through Playwright (never a downloaded browser).
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# The file library's tests run the course's own ftp_client.py.
command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3 >/dev/null; }

# The multi-node bank tests share a real PostgreSQL journal: Debian's postgresql, a password role over TCP.
source scripts/postgres.sh
[ -n "${ACTORCHAT_TEST_POSTGRES:-}" ] || ACTORCHAT_TEST_POSTGRES="$(postgres_for_tests)"
export ACTORCHAT_TEST_POSTGRES

dotnet test ActorChat.sln --nologo -v quiet --logger "console;verbosity=minimal" "$@"
