#!/usr/bin/env bash
# Time `syncfix search Q --kb big.ron --limit 20` against `fzf --filter Q`
# over the same item titles, whole process, warm (syncfix's cache written)
# and cold (a first run: no cache), for a common word, two words, a typo, a
# gapped word, two letters, one letter and a query that matches nothing;
# print the ratio per query (syncfix / fzf, medians; below 1.0 means
# syncfix is faster), the worst ratio of each, and the peak memory of both.
#
# Usage: scripts/bench-vs-fzf.sh [N...]   (item counts, default 100000 1000000)
#
# Needs hyperfine and fzf (Debian packages of those names; installed with
# apt-get when missing and this runs as root, else: sudo apt-get install
# hyperfine fzf). Builds syncfix and the generator in release mode.
# syncfix runs with a state and cache directory of its own.
set -euo pipefail

cd "$(dirname "$0")/.."
sizes=("$@")
((${#sizes[@]})) || sizes=(100000 1000000)

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
target=${CARGO_TARGET_DIR:-target}
syncfix=$(realpath "$target/release/syncfix")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SYNCFIX_STATE=$work/state/progress.ron
export XDG_CACHE_HOME=$work/cache

queries=("photos:a common word" "stuck upload:two words" "uplaod:a typo" "optmize:a gapped word"
    "st:two letters" "p:one letter" "zqxj:no match")

# Peak resident memory of a command, in MiB.
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.0f", $1 / 1024 }'; }

# ratio QUERY RUNS PREPARE: one hyperfine pair; prints "ours theirs ratio".
ratio() {
    local query=$1 runs=$2 prepare=$3 csv=$work/run.csv
    hyperfine --style none --runs "$runs" --warmup "$([[ $prepare == : ]] && echo 2 || echo 0)" \
        --prepare "$prepare" --ignore-failure --export-csv "$csv" \
        "$syncfix search '$query' --kb $work/big.ron --limit 20" \
        "fzf --filter '$query' < $work/titles.txt" >/dev/null 2>"$work/hyperfine.err" ||
        { cat "$work/hyperfine.err" >&2; exit 1; }
    # Columns: command,mean,stddev,median,user,system,min,max (seconds).
    awk -F, 'NR == 2 { s = $4 } NR == 3 { f = $4 } END { printf "%.1f %.1f %.2f\n", s * 1000, f * 1000, s / f }' "$csv"
}

for n in "${sizes[@]}"; do
    target/release/examples/gen_kb "$n" >"$work/big.ron"
    # A guide file is seldom edited seconds before a search: let it settle,
    # so that the cache knows it by its stamp (see src/cache.rs), as it
    # would a real guide's.
    sleep 3
    # The titles, from syncfix's own listing: kind and id have no spaces.
    "$syncfix" search "" --kb "$work/big.ron" | sed -E 's/^[a-z]+ +[^ ]+ +//' >"$work/titles.txt"
    echo "## $(wc -l <"$work/titles.txt") items, $(du -h "$work/big.ron" | cut -f1) of RON; $(nproc) cores"
    echo
    for mode in warm cold; do
        if [[ $mode == warm ]]; then
            prepare=: runs=10
        else
            prepare="rm -rf $XDG_CACHE_HOME"
            runs=$((n > 200000 ? 2 : 5))
        fi
        echo "### $mode"
        echo
        echo "| query | what | syncfix ms | fzf ms | ratio |"
        echo "|---|---|---|---|---|"
        worst=0
        for pair in "${queries[@]}"; do
            query=${pair%%:*}
            what=${pair#*:}
            [[ $mode == cold && $query != photos && $query != st ]] && continue
            read -r ours theirs r < <(ratio "$query" "$runs" "$prepare")
            worst=$(awk -v r="$r" -v w="$worst" 'BEGIN { print (r > w) ? r : w }')
            printf '| `%s` | %s | %s | %s | %s |\n' "$query" "$what" "$ours" "$theirs" "$r"
        done
        echo
        echo "worst $mode ratio: $worst"
        echo
    done
    "$syncfix" search photos --kb "$work/big.ron" --limit 20 >/dev/null
    echo "peak memory, \`search photos\`: syncfix warm $(peak "$syncfix" search photos --kb "$work/big.ron" --limit 20) MiB," \
        "cold $(rm -rf "$XDG_CACHE_HOME"; peak "$syncfix" search photos --kb "$work/big.ron" --limit 20) MiB;" \
        "fzf $(peak sh -c "fzf --filter photos < $work/titles.txt") MiB"
    echo
done
