#!/usr/bin/env bash
# The test command (README and .ci/run): installs what the tests need that a fresh Debian
# machine with the .NET SDK lacks, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

# The file library's tests run the course's own ftp_client.py.
command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3 >/dev/null; }

dotnet test ActorChat.sln --nologo -v quiet "$@"
