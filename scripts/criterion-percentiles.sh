#!/usr/bin/env bash
# Median and p99 of every criterion benchmark from its raw samples
# (target/criterion/*/new/sample.json, written by `cargo bench`). Each
# sample is the mean of a batch of iterations, so p99 here is the p99 of
# those batch means; examples/latency.rs gives true per-keystroke p99.
# Per-element times divide by the benchmark's throughput (12 keystrokes).
#
# Usage: scripts/criterion-percentiles.sh   (after cargo bench; needs python3)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import glob, json, os

print("| benchmark | samples | median | p99 | per element (median) |")
print("|---|---|---|---|---|")
for path in sorted(glob.glob("target/criterion/**/new/sample.json", recursive=True)):
    new = os.path.dirname(path)
    with open(path) as f:
        sample = json.load(f)
    times = sorted(t / n for t, n in zip(sample["times"], sample["iters"]))
    with open(os.path.join(new, "benchmark.json")) as f:
        bench = json.load(f)
    elements = (bench.get("throughput") or {}).get("Elements")
    at = lambda p: times[round((len(times) - 1) * p)]
    def show(ns):
        return f"{ns / 1e6:.3f} ms" if ns >= 1e5 else f"{ns / 1e3:.1f} µs"
    per = show(at(0.5) / elements) if elements else ""
    print(f"| {bench['full_id']} | {len(times)} | {show(at(0.5))} | {show(at(0.99))} | {per} |")
PY
