#!/usr/bin/env bash
# Throughput of the whole pipeline against bare Tesseract on the same pages.
#
#   tools/bench_pipeline/bench_run.sh DIR [SOHOA_BINARY]
#
# DIR holds page images (one page each; e.g. 16 pages made by
# tools/make_scans). Prints pages/s for bare `tesseract IMG - -l vie`,
# `sohoa run --jobs 1` and `--jobs 2`, the jobs-2 speed-up, per-page time
# against bare Tesseract, and peak RSS (from /usr/bin/time -v), with the
# machine, compiler flags and git revision. A benchmark, not a test.
set -euo pipefail
dir=${1:?usage: bench_run.sh DIR [SOHOA_BINARY]}
root=$(cd "$(dirname "$0")/../.." && pwd)
sohoa=${2:-$root/build/tools/sohoa/sohoa}
mapfile -t pages < <(find "$dir" -maxdepth 1 -type f \( -name '*.png' -o -name '*.tif' -o -name '*.jpg' \) | sort)
n=${#pages[@]}
((n > 0)) || { echo "no images in $dir" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# seconds and peak RSS (MB) of a command, via /usr/bin/time -v
measure() {
  local log=$tmp/time.log
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  echo "$wall $rss"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "sohoa: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown), $("$sohoa" --version | tr '\n' ' ')"
echo "pages: $n from $dir"

cat > "$tmp/bare.sh" <<EOS
for p in "\$@"; do tesseract "\$p" - -l vie >/dev/null 2>&1; done
EOS
read -r bare_s bare_rss < <(measure bash "$tmp/bare.sh" "${pages[@]}")
mkdir -p "$tmp/in" && for p in "${pages[@]}"; do ln -s "$(readlink -f "$p")" "$tmp/in/"; done
read -r j1_s j1_rss < <(measure "$sohoa" run "$tmp/in" --db "$tmp/j1.db" --jobs 1)
read -r j2_s j2_rss < <(measure "$sohoa" run "$tmp/in" --db "$tmp/j2.db" --jobs 2)

awk -v n="$n" -v b="$bare_s" -v br="$bare_rss" -v j1="$j1_s" -v r1="$j1_rss" -v j2="$j2_s" -v r2="$j2_rss" 'BEGIN {
  printf "bare tesseract:   %6.2f s  %5.2f pages/s  %6.2f s/page  peak %d MB\n", b, n/b, b/n, br
  printf "sohoa --jobs 1:   %6.2f s  %5.2f pages/s  %6.2f s/page  peak %d MB\n", j1, n/j1, j1/n, r1
  printf "sohoa --jobs 2:   %6.2f s  %5.2f pages/s  %6.2f s/page  peak %d MB\n", j2, n/j2, j2/n, r2
  printf "speed-up jobs 2 / jobs 1: %.2fx;  per-page time jobs 1 / bare tesseract: %.2f\n", j1/j2, j1/b
}'
