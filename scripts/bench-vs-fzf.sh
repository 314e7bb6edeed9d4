#!/usr/bin/env bash
# Time `syncfix search Q --kb big.ron --limit 20` against `fzf --filter Q`
# over the same item titles, whole process, for a common word, a typo, one
# letter and a query that matches nothing; print the ratio per query
# (syncfix / fzf, medians; below 1.0 means syncfix is faster) and, last,
# the worst ratio.
#
# Usage: scripts/bench-vs-fzf.sh [N]   (N items, default 100000)
#
# Needs hyperfine and fzf (Debian packages of those names; installed with
# apt-get when missing and this runs as root, else: sudo apt-get install
# hyperfine fzf). Builds syncfix and the generator in release mode.
# syncfix runs with a warm cache (its first run writes it; hyperfine's
# warm-up runs take care of that), in a state directory of its own.
set -euo pipefail

cd "$(dirname "$0")/.."
n=${1:-100000}

missing=()
for tool in hyperfine fzf; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        apt-get install -y "${missing[@]}" >/dev/null
    else
        echo "bench-vs-fzf: missing ${missing[*]}: install with: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

cargo build --quiet --release --bin syncfix --example gen_kb
syncfix=$PWD/target/release/syncfix
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SYNCFIX_STATE=$work/state/progress.ron

target/release/examples/gen_kb "$n" >"$work/big.ron"
# The titles, from syncfix's own listing: kind and id have no spaces.
"$syncfix" search "" --kb "$work/big.ron" | sed -E 's/^[a-z]+ +[^ ]+ +//' >"$work/titles.txt"
echo "$(wc -l <"$work/titles.txt") items, $(du -h "$work/big.ron" | cut -f1) of RON; $(nproc) cores"
echo
echo "| query | what | syncfix ms | fzf ms | ratio |"
echo "|---|---|---|---|---|"

worst=0
for pair in "photos:a common word" "uplaod:a typo" "p:one letter" "zqxj:no match"; do
    query=${pair%%:*}
    what=${pair#*:}
    csv=$work/$query.csv
    hyperfine --style none --warmup 3 --min-runs 10 --ignore-failure --export-csv "$csv" \
        "$syncfix search $query --kb $work/big.ron --limit 20" \
        "fzf --filter $query < $work/titles.txt" >/dev/null 2>"$work/hyperfine.err" ||
        { cat "$work/hyperfine.err" >&2; exit 1; }
    # Columns: command,mean,stddev,median,user,system,min,max (seconds).
    read -r ours theirs < <(awk -F, 'NR == 2 { s = $4 } NR == 3 { f = $4 } END { print s * 1000, f * 1000 }' "$csv")
    ratio=$(awk -v s="$ours" -v f="$theirs" 'BEGIN { printf "%.2f", s / f }')
    worst=$(awk -v r="$ratio" -v w="$worst" 'BEGIN { print (r > w) ? r : w }')
    printf '| `%s` | %s | %.1f | %.1f | %s |\n' "$query" "$what" "$ours" "$theirs" "$ratio"
done
echo
echo "worst ratio: $worst"
