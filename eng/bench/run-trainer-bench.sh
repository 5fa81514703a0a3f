#!/usr/bin/env bash
# The MLP trainers against PyTorch and scikit-learn's MLPClassifier/MLPRegressor on the same prepared data (spam: 20
# epochs, boston-housing: 200), architecture (one hidden layer of 100 ReLU units), optimizer (Adam at 0.001, batch 32),
# and thread count, best of 3 trainings each; prints the training times, the test metrics and the ratios.
# satellite: the autoencoder anomaly detector against the same autoencoder in PyTorch (PyOD's defaults, 10 epochs)
# and, in the sklearn column, scikit-learn's IsolationForest; the metric is the test part's ROC AUC.
# fashion-mlp, fashion-cnn, fashion-lstm: the multiclass Mlp, Cnn and Lstm trainers on Fashion-MNIST against the same
# networks in PyTorch (and, for the MLP, scikit-learn's MLPClassifier): Adam at 0.001, batch 128, 5/2/2 epochs, one
# training each; seconds per epoch of the whole training, test accuracy and peak memory (about 4 minutes in all).
# Usage: eng/bench/run-trainer-bench.sh [threads] [benchmarks...]
#        (default: all processors; spam boston satellite fashion-mlp fashion-cnn fashion-lstm)
# The peers are Debian's python3-torch and python3-sklearn on OpenBLAS's OpenMP build (libopenblas0-openmp).
set -euo pipefail
cd "$(dirname "$0")/../.."
threads="${1:-$(nproc)}"
shift || true
benchmarks=("${@:-spam boston satellite fashion-mlp fashion-cnn fashion-lstm}")
read -r -a benchmarks <<< "${benchmarks[*]}"

bash eng/bench/install-peers.sh python3-torch python3-sklearn libopenblas0-openmp

data=artifacts/bench/trainers
[ -f "$data/satellite-test.csv" ] || /usr/bin/python3 eng/bench/peers/trainer_peer.py data ../shared/datasets "$data"
dotnet build eng/bench/TrainerBench -c Release -v q -nologo --disable-build-servers >&2
dotnet build-server shutdown >/dev/null 2>&1 || true
pin="taskset -c 0-$((threads - 1))"
ours="eng/bench/TrainerBench/bin/Release/net10.0/TrainerBench.dll"
echo "threads=$threads cpu=\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\" peers=torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), sklearn $(/usr/bin/python3 -c 'import sklearn; print(sklearn.__version__)') on OpenBLAS (OpenMP build)"
for what in "${benchmarks[@]}"; do
  if [[ "$what" == fashion-* ]]; then
    case "$what" in fashion-mlp) epochs=5; peers=(torch sklearn) ;; *) epochs=2; peers=(torch) ;; esac
    results=$(DOTNET_PROCESSOR_COUNT="$threads" $pin dotnet "$ours" "$what" - "$epochs" 1
      for peer in "${peers[@]}"; do
        LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS="$threads" $pin /usr/bin/python3 eng/bench/peers/trainer_peer.py "$what" "$peer" - "$epochs" 1
      done)
    echo "$results" | awk -v bench="$what" '
      { value[$2 " " $3] = $4; seen[$2] = 1 }
      END {
        for (key in seen) if (key != "ours") {
          printf "%-12s vs %-7s s/epoch: ours %7.3f  %s %7.3f  ratio %.2f   accuracy: ours %.4f  %s %.4f   peak MB: ours %d  %s %d\n", bench, key,
            value["ours seconds_per_epoch"], key, value[key " seconds_per_epoch"], value["ours seconds_per_epoch"] / value[key " seconds_per_epoch"],
            value["ours accuracy"], key, value[key " accuracy"], value["ours peak_memory_mb"], key, value[key " peak_memory_mb"]
        }
      }'
    continue
  fi
  case "$what" in spam) epochs=20 ;; satellite) epochs=10 ;; *) epochs=200 ;; esac
  mine=$(DOTNET_PROCESSOR_COUNT="$threads" $pin dotnet "$ours" "$what" "$data" "$epochs" 3)
  peers=$(for peer in torch sklearn; do
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS="$threads" $pin /usr/bin/python3 eng/bench/peers/trainer_peer.py "$what" "$peer" "$data" "$epochs" 3
  done)
  echo "$mine"$'\n'"$peers" | awk -v bench="$what" '
    { value[$2 " " $3] = $4; if ($3 != "seconds") metric = $3 }
    END {
      printf "%-7s seconds: ours %7.3f  torch %7.3f  sklearn %7.3f   ours/torch %.2f  ours/sklearn %.2f\n", bench,
        value["ours seconds"], value["torch seconds"], value["sklearn seconds"], value["ours seconds"] / value["torch seconds"], value["ours seconds"] / value["sklearn seconds"]
      printf "%-7s %-8s ours %7.4f  torch %7.4f  sklearn %7.4f\n", bench, metric ":", value["ours " metric], value["torch " metric], value["sklearn " metric]
    }'
done
