#!/usr/bin/env bash
# Runs every test of the solution and writes TRX results (one file per test project) under artifacts/test-results.
# Usage: eng/test.sh [extra dotnet test arguments]
# Needs the .NET 10 SDK and NuGet (ONNX Runtime's native library comes with the Microsoft.ML.OnnxRuntime package the
# tests reference). The onnx.checker tests use Debian's python3-onnx, and the search report's browser test Debian's
# chromium (driven by Playwright, which downloads no browser), each installed here when it is missing and apt can;
# without them those tests are reported as skipped (inconclusive).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if ! /usr/bin/python3 -c "import onnx" 2> /dev/null && [ "$(id -u)" = "0" ] && command -v apt-get > /dev/null; then
  apt-get install -y -qq python3-onnx > /dev/null 2>&1 || echo "warning: python3-onnx could not be installed; the onnx.checker tests will be skipped." >&2
fi
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ] && command -v apt-get > /dev/null; then
  { apt-get install -y -qq chromium || { apt-get update -qq && apt-get install -y -qq chromium; }; } > /dev/null 2>&1 || echo "warning: chromium could not be installed; the report's browser test will be skipped." >&2
fi
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
# One TRX file per test project (the prefix gets the project's framework and a time stamp appended).
dotnet test MLNet.NeuralExtensions.sln -c Release \
  --logger "trx;LogFilePrefix=results" --results-directory "$results" "$@"
