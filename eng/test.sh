#!/usr/bin/env bash
# Runs every test of the solution and writes TRX results under artifacts/test-results.
# Usage: eng/test.sh [extra dotnet test arguments]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
dotnet test MLNet.NeuralExtensions.sln -c Release \
  --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
