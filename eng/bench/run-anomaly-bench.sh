#!/usr/bin/env bash
# The autoencoder anomaly detector through ML.NET (AnomalyDetection.Trainers.Autoencoder, PyOD's defaults, 10 epochs)
# against the same autoencoder in PyTorch and scikit-learn's IsolationForest, on the same prepared data and threads,
# five trainings each (seeds 1-5): the best training time (wall-clock, and processor time, which a busy machine
# inflates less) and the mean ROC AUC on the test part. Benchmarks:
# <set>-all (trained on every training row without labels, the ODDS protocol) and <set>-normal (on the normal training
# rows only), for satellite and breastw.
# Usage: eng/bench/run-anomaly-bench.sh [threads] [benchmarks...]
#        (default: all processors; satellite-all satellite-normal breastw-all breastw-normal)
# The peers are Debian's python3-torch and python3-sklearn on OpenBLAS's OpenMP build (libopenblas0-openmp).
set -euo pipefail
cd "$(dirname "$0")/../.."
threads="${1:-$(nproc)}"
shift || true
benchmarks=("${@:-satellite-all satellite-normal breastw-all breastw-normal}")
read -r -a benchmarks <<< "${benchmarks[*]}"

bash eng/bench/install-peers.sh python3-torch python3-sklearn libopenblas0-openmp

data=artifacts/bench/anomaly
[ -f "$data/breastw-test.csv" ] || /usr/bin/python3 eng/bench/peers/anomaly_peer.py data test/TestData "$data"
dotnet build eng/bench/AnomalyBench -c Release -v q -nologo --disable-build-servers >&2
dotnet build-server shutdown >/dev/null 2>&1 || true
pin="taskset -c 0-$((threads - 1))"
ours="eng/bench/AnomalyBench/bin/Release/net10.0/AnomalyBench.dll"
echo "threads=$threads cpu=\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\" peers=torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), sklearn $(/usr/bin/python3 -c 'import sklearn; print(sklearn.__version__)') on OpenBLAS (OpenMP build)"
for what in "${benchmarks[@]}"; do
  results=$(DOTNET_PROCESSOR_COUNT="$threads" $pin dotnet "$ours" "$what" "$data" 10 5
    for peer in torch sklearn; do
      LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS="$threads" $pin /usr/bin/python3 eng/bench/peers/anomaly_peer.py "$what" "$peer" "$data" 10 5
    done)
  echo "$results" | awk -v bench="$what" '
    { value[$2 " " $3] = $4 }
    END {
      printf "%-16s seconds: ours %7.3f  torch %7.3f  iforest %7.3f   ours/torch %.2f\n", bench,
        value["ours seconds"], value["torch seconds"], value["sklearn seconds"], value["ours seconds"] / value["torch seconds"]
      printf "%-16s cpu s:   ours %7.3f  torch %7.3f  iforest %7.3f   ours/torch %.2f\n", bench,
        value["ours cpu_seconds"], value["torch cpu_seconds"], value["sklearn cpu_seconds"], value["ours cpu_seconds"] / value["torch cpu_seconds"]
      printf "%-16s auc:     ours %7.4f  torch %7.4f  iforest %7.4f\n", bench, value["ours auc"], value["torch auc"], value["sklearn auc"]
    }'
done
