#!/usr/bin/env bash
# Runs every test of the solution and writes TRX results (one file per test project) under artifacts/test-results.
# Usage: eng/test.sh [extra dotnet test arguments]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# ONNX Runtime's native library, fetched once and cached; the ONNX tests need it.
if [ -z "${MLNET_ONNXRUNTIME_PATH:-}" ]; then
  MLNET_ONNXRUNTIME_PATH="$(bash "$root/eng/fetch-onnxruntime.sh")" || { echo "warning: ONNX Runtime could not be fetched; the ONNX tests will fail." >&2; MLNET_ONNXRUNTIME_PATH=""; }
  export MLNET_ONNXRUNTIME_PATH
fi
# onnx.checker (Debian's python3-onnx) validates every exported model in the ONNX tests; installed when apt can.
if ! /usr/bin/python3 -c "import onnx" 2> /dev/null && [ "$(id -u)" = "0" ] && command -v apt-get > /dev/null; then
  apt-get install -y -qq python3-onnx > /dev/null 2>&1 || echo "warning: python3-onnx could not be installed; the onnx.checker test will be skipped." >&2
fi
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
# One TRX file per test project (the prefix gets the project's framework and a time stamp appended).
dotnet test MLNet.NeuralExtensions.sln -c Release \
  --logger "trx;LogFilePrefix=results" --results-directory "$results" "$@"
