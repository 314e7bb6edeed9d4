#!/usr/bin/env bash
# Run the query table (tests/search_queries.tsv) through syncfix and through
# `fzf --filter` over the same item titles, and print a Markdown table of the
# rank each gives the expected item, with top-1 and top-5 hit rates.
#
# Usage: scripts/search-vs-fzf.sh [SYNCFIX [TABLE]]
#   SYNCFIX  the binary (default: target/debug/syncfix)
#   TABLE    query<TAB>expected-id lines (default: tests/search_queries.tsv)
# Needs fzf on PATH. fzf runs with its defaults (smart case, extended search).
set -euo pipefail

cd "$(dirname "$0")/.."
syncfix=${1:-target/debug/syncfix}
table=${2:-tests/search_queries.tsv}
command -v fzf >/dev/null || { echo "search-vs-fzf: fzf is not installed" >&2; exit 1; }
[ -x "$syncfix" ] || { echo "search-vs-fzf: no syncfix binary at $syncfix (cargo build first)" >&2; exit 1; }

# "id<TAB>title" for every item, from the plain listing (kind and id have no spaces).
items=$(mktemp)
trap 'rm -f "$items"' EXIT
"$syncfix" search "" | sed -E 's/^[a-z]+ +([^ ]+) +(.*)$/\1\t\2/' >"$items"

# The 1-based rank of $2 among the ids on stdin, or "-" when absent.
rank_of() { awk -v want="$1" '$1 == want { print NR; found = 1; exit } END { if (!found) print "-" }'; }

total=0; sf1=0; sf5=0; fz1=0; fz5=0
sf_miss=(); fz_miss=()
echo "| query | expected | syncfix rank | fzf rank |"
echo "|---|---|---|---|"
while IFS=$'\t' read -r query expected _; do
    [[ -z $query || $query == \#* ]] && continue
    total=$((total + 1))
    s=$("$syncfix" search "$query" 2>/dev/null | awk '{ print $2 }' | rank_of "$expected")
    f=$({ fzf --filter "$query" --delimiter $'\t' --nth 2 <"$items" || true; } | cut -f1 | rank_of "$expected")
    [[ $s == 1 ]] && sf1=$((sf1 + 1))
    [[ $s != - && $s -le 5 ]] && sf5=$((sf5 + 1))
    [[ $f == 1 ]] && fz1=$((fz1 + 1))
    [[ $f != - && $f -le 5 ]] && fz5=$((fz5 + 1))
    [[ $s == - || $s -gt 5 ]] && sf_miss+=("\`$query\`")
    [[ $f == - || $f -gt 5 ]] && fz_miss+=("\`$query\`")
    printf '| `%s` | %s | %s | %s |\n' "${query//|/\\|}" "$expected" "$s" "$f"
done <"$table"

pct() { awk -v n="$1" -v d="$total" 'BEGIN { printf "%d/%d (%.0f%%)", n, d, 100 * n / d }'; }
echo
echo "| | top-1 | top-5 |"
echo "|---|---|---|"
echo "| syncfix | $(pct $sf1) | $(pct $sf5) |"
echo "| fzf --filter | $(pct $fz1) | $(pct $fz5) |"
echo
join() { local IFS=,; echo "${*:-none}" | sed 's/,/, /g'; }
echo "Outside syncfix's top 5: $(join "${sf_miss[@]}")"
echo
echo "Outside fzf's top 5: $(join "${fz_miss[@]}")"
