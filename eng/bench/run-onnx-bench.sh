#!/usr/bin/env bash
# Scoring throughput of the Fashion-MNIST MLP and CNN, rows per second at batch 1 and batch 1024: the managed engine,
# ONNX Runtime through this package's binding, and onnxruntime-node 1.30.0 running the same model file on the same
# images with the same thread count. Usage: eng/bench/run-onnx-bench.sh [threads]   (default: all processors)
set -euo pipefail
cd "$(dirname "$0")/../.."
threads="${1:-$(nproc)}"
export MLNET_ONNXRUNTIME_PATH="${MLNET_ONNXRUNTIME_PATH:-$(bash eng/fetch-onnxruntime.sh)}"
node_modules="$(bash eng/fetch-onnxruntime.sh --node)"
dotnet build eng/bench/EngineBench -c Release -v q -nologo --disable-build-servers >&2
dotnet build-server shutdown >/dev/null 2>&1 || true
ours="eng/bench/EngineBench/bin/Release/net10.0/EngineBench.dll"
echo "threads=$threads cpu=\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\" node=$(node --version) onnxruntime-node=1.30.0"
for net in mlp cnn; do
  dims=$([ "$net" = mlp ] && echo 784 || echo 1,28,28)
  mine=$(dotnet "$ours" "onnx-$net" "$threads")
  peer=$(NODE_PATH="$node_modules" node eng/bench/peers/ort_node_peer.js "$net" "artifacts/bench/fashion-$net.onnx" artifacts/bench/fashion-t10k.f32 "$threads" "$dims")
  echo "$mine"
  echo "$peer"
  for batch in batch1 batch1024; do
    binding=$(echo "$mine" | awk -v k="$batch-binding" '$2 == k { print $3 }')
    managed=$(echo "$mine" | awk -v k="$batch-managed" '$2 == k { print $3 }')
    node=$(echo "$peer" | awk -v k="$batch-node" '$2 == k { print $3 }')
    awk -v n="$net" -v b="$batch" -v o="$binding" -v m="$managed" -v p="$node" \
      'BEGIN { printf "%-4s %-10s binding/node %.2f  managed/node %.2f  (rows/s: binding %s, node %s, managed %s)\n", n, b, o / p, m / p, o, p, m }'
  done
done
