#!/usr/bin/env bash
# Fetches ONNX Runtime 1.30.0's native library for linux-x64 from the npm package onnxruntime-node (which ships the
# official CPU build), caches it, and prints the library's path. Later runs print the cached path without fetching.
#
#   export MLNET_ONNXRUNTIME_PATH="$(eng/fetch-onnxruntime.sh)"
#
# Cache folder: $MLNET_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/mlnet-neuralextensions.
# With --node it also installs onnxruntime-node itself (for the scoring benchmark) and prints its folder instead.
set -euo pipefail
version="1.30.0"
library_sha256="ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23"
cache="${MLNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mlnet-neuralextensions}"
target="$cache/onnxruntime-$version/linux-x64"
library="$target/libonnxruntime.so.1"

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "fetch-onnxruntime.sh fetches the linux-x64 library; on $(uname -s)-$(uname -m) install ONNX Runtime $version and set MLNET_ONNXRUNTIME_PATH." >&2
  exit 1
fi

if [ "${1:-}" = "--node" ]; then
  node_dir="$cache/onnxruntime-node-$version"
  if [ ! -f "$node_dir/node_modules/onnxruntime-node/package.json" ]; then
    mkdir -p "$node_dir"
    # --ignore-scripts: the package's install script would download the CUDA provider, which the benchmark does not use.
    (cd "$node_dir" && npm install --no-save --no-audit --no-fund --ignore-scripts "onnxruntime-node@$version" >&2)
  fi
  echo "$node_dir/node_modules"
  exit 0
fi

if [ ! -f "$library" ] || ! echo "$library_sha256  $library" | sha256sum --check --status; then
  command -v npm > /dev/null || { echo "npm is needed to fetch ONNX Runtime (apt install npm)." >&2; exit 1; }
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "Fetching onnxruntime-node@$version with npm (about 110 MB, once)..." >&2
  (cd "$work" && npm pack --silent "onnxruntime-node@$version" > /dev/null)
  tar -xzf "$work/onnxruntime-node-$version.tgz" -C "$work" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
  echo "$library_sha256  $work/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" | sha256sum --check --status \
    || { echo "The library in onnxruntime-node@$version does not have the expected SHA-256; not caching it." >&2; exit 1; }
  mkdir -p "$target"
  # Copied under a temporary name and renamed, so an interrupted fetch never leaves a partial library behind.
  cp "$work/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$library.partial"
  mv "$library.partial" "$library"
fi
echo "$library"
