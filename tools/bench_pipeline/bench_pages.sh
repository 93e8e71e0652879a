#!/usr/bin/env bash
# Per-page time and peak memory of `sohoa text` against bare Tesseract, on
# every page of a folder of PDFs (issue 12: real scans, blank and seal-only
# pages included).
#
#   tools/bench_pipeline/bench_pages.sh [DIR] [SOHOA_BINARY]
#
# DIR defaults to ../shared/realscans. Each page is taken out as a one-page
# PDF (qpdf, signature boxes and all) and rendered at 300 dpi (pdftoppm) as a
# PNG. The yardstick is bare `tesseract PNG - -l vie` with OMP_THREAD_LIMIT=1.
# sohoa reads the same PNG (`png` ratio: the same page image) and the PDF
# page (`pdf` ratio, against pdftoppm + tesseract, as sohoa renders the page
# itself). Times are CPU seconds (user + system) from /usr/bin/time, so a
# loaded machine slows both alike; peak RSS is sohoa's, the larger of its two
# runs. Prints one line a page, the worst ratios and the totals, with machine
# and revision. Each sohoa run is a new process, so its start (loading the
# models, compiling the rules) counts on every page. A benchmark, not a test.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-$root/../shared/realscans}
sohoa=${2:-$root/build/tools/sohoa/sohoa}
[[ -d $dir ]] || { echo "bench_pages: no folder $dir" >&2; exit 2; }
mapfile -t pdfs < <(find "$dir" -maxdepth 1 -type f -name '*.pdf' | sort)
((${#pdfs[@]} > 0)) || { echo "bench_pages: no PDFs in $dir" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "CPU-seconds peak-MB" of a command
measure() {
  /usr/bin/time -f '%U %S %M' -o "$tmp/time" "$@" >/dev/null 2>&1 || true
  awk '{printf "%.2f %.0f\n", $1 + $2, $3 / 1024}' "$tmp/time"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "sohoa: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown); $("$sohoa" --version | head -1)"
printf '%-40s %4s %7s %7s %7s %7s %6s %6s %6s\n' file page pdf_s png_s tess_s render_s pdf png sohoa_MB
: >"$tmp/rows"
for pdf in "${pdfs[@]}"; do
  pages=$(qpdf --show-npages "$pdf")
  for ((p = 1; p <= pages; p++)); do
    qpdf --warning-exit-0 "$pdf" --pages . "$p" -- "$tmp/page.pdf"
    pdftoppm -r 300 -png -singlefile -f "$p" -l "$p" "$pdf" "$tmp/page"
    read -r pdf_cpu pdf_mb < <(measure "$sohoa" text "$tmp/page.pdf")
    read -r png_cpu png_mb < <(measure "$sohoa" text "$tmp/page.png")
    read -r tess_cpu _ < <(OMP_THREAD_LIMIT=1 measure tesseract "$tmp/page.png" - -l vie)
    read -r render_cpu _ < <(measure pdftoppm -r 300 -png -singlefile -f "$p" -l "$p" "$pdf" "$tmp/again")
    row=$(awk -v a="$pdf_cpu" -v b="$png_cpu" -v t="$tess_cpu" -v r="$render_cpu" \
      -v m1="$pdf_mb" -v m2="$png_mb" \
      'BEGIN {printf "%.2f %.2f %.2f %.2f %.2f %.2f %d", a, b, t, r, a / (t + r), b / t, (m1 > m2 ? m1 : m2)}')
    printf '%-40.40s %4d %7s %7s %7s %7s %6s %6s %6s\n' "$(basename "$pdf")" "$p" $row
    echo "$row" >>"$tmp/rows"
  done
done
awk '{pdf += $1; png += $2; tess += $3; render += $4; n++;
      if ($5 > worst_pdf) worst_pdf = $5; if ($6 > worst_png) worst_png = $6; if ($7 > peak) peak = $7}
     END {printf "pages %d: tesseract %.1f s, pdftoppm %.1f s; sohoa on the PNGs %.1f s (%.2fx tesseract, worst page %.2fx), on the PDF pages %.1f s (%.2fx pdftoppm + tesseract, worst page %.2fx); peak RSS %d MB\n",
          n, tess, render, png, png / tess, worst_png, pdf, pdf / (tess + render), worst_pdf, peak}' "$tmp/rows"
