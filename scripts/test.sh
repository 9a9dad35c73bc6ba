#!/usr/bin/env bash
# The test command (README and .ci/run): installs what the tests need that a fresh Debian
# machine with the .NET SDK lacks, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet test ActorChat.sln --nologo -v quiet "$@"
