#!/usr/bin/env bash
# SMOTE on 100,000 rows × 30 features (10 % minority, grown to balance) and nearest-neighbour imputation of 20,000 rows ×
# 30 features (10 % of values missing, k = 5), ours against imbalanced-learn's SMOTE and scikit-learn's KNNImputer on the
# same CSV files and thread count, best of several runs; prints the ratios.
# Usage: eng/bench/run-dataprep-bench.sh [threads] [benchmarks...]   (default: all processors; smote knn-impute)
# The peers are Debian's python3-imblearn and python3-sklearn on OpenBLAS's OpenMP build (libopenblas0-openmp).
set -euo pipefail
cd "$(dirname "$0")/../.."
threads="${1:-$(nproc)}"
shift || true
benchmarks=("${@:-smote knn-impute}")
read -r -a benchmarks <<< "${benchmarks[*]}"

bash eng/bench/install-peers.sh python3-sklearn python3-imblearn libopenblas0-openmp

data=artifacts/bench/dataprep
[ -f "$data/knn.csv" ] || /usr/bin/python3 eng/bench/peers/dataprep_peer.py data "$data"
dotnet build eng/bench/DataPrepBench -c Release -v q -nologo --disable-build-servers >&2
# Build servers left running would compete for the cores being measured.
dotnet build-server shutdown >/dev/null 2>&1 || true
# Both sides are pinned to the first $threads processors: .NET's thread pool may add threads beyond its processor count.
pin="taskset -c 0-$((threads - 1))"
ours="eng/bench/DataPrepBench/bin/Release/net10.0/DataPrepBench.dll"
echo "threads=$threads cpu=\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\" peers=imblearn $(/usr/bin/python3 -c 'import imblearn; print(imblearn.__version__)'), sklearn $(/usr/bin/python3 -c 'import sklearn; print(sklearn.__version__)') on OpenBLAS (OpenMP build)"
for what in "${benchmarks[@]}"; do
  repeats=$([ "$what" = smote ] && echo 5 || echo 2)
  mine=$(DOTNET_PROCESSOR_COUNT="$threads" $pin dotnet "$ours" "$what" "$data" "$repeats")
  peer=$(LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS="$threads" $pin /usr/bin/python3 eng/bench/peers/dataprep_peer.py "$what" "$data" "$repeats")
  # Both print "<bench> <key> <value>" lines in the same order; pair them and print the ratio ours / peer.
  paste -d' ' <(echo "$mine") <(echo "$peer") | awk '{ printf "%-10s %-12s ours %10s  peer %10s  ratio %.2f\n", $1, $2, $3, $6, ($6 == 0 ? 0 : $3 / $6) }'
done
