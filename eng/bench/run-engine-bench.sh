#!/usr/bin/env bash
# Runs the engine benchmarks side by side with PyTorch on the same data, architecture and thread count, and prints the
# ratios. Usage: eng/bench/run-engine-bench.sh [threads] [benchmarks...]   (default: all processors; gemm mlp cnn lstm)
# The peer is Debian's python3-torch on OpenBLAS's OpenMP build (libopenblas0-openmp), both limited to the thread count.
set -euo pipefail
cd "$(dirname "$0")/../.."
threads="${1:-$(nproc)}"
shift || true
benchmarks=("${@:-gemm mlp cnn lstm}")
read -r -a benchmarks <<< "${benchmarks[*]}"

bash eng/bench/install-peers.sh python3-torch libopenblas0-openmp

dotnet build eng/bench/EngineBench -c Release -v q -nologo --disable-build-servers >&2
# Build servers left running would compete for the cores being measured.
dotnet build-server shutdown >/dev/null 2>&1 || true
ours="eng/bench/EngineBench/bin/Release/net10.0/EngineBench.dll"
echo "threads=$threads cpu=\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\" peer=torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') on OpenBLAS (OpenMP build)"
for what in "${benchmarks[@]}"; do
  mine=$(dotnet "$ours" "$what" "$threads")
  peer=$(LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS="$threads" /usr/bin/python3 eng/bench/peers/torch_peer.py "$what" "$threads")
  # Both print "<bench> <key> <value>" lines in the same order; pair them and print the ratio ours / peer.
  paste -d' ' <(echo "$mine") <(echo "$peer") | awk '{ printf "%-6s %-18s ours %10s  torch %10s  ratio %.2f\n", $1, $2, $3, $6, ($6 == 0 ? 0 : $3 / $6) }'
done
