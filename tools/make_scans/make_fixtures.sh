#!/bin/sh
# Regenerates the small committed fixtures in corpus/scans/ (pages/ and
# their truth in truth/) from the texts in fixtures/. Each page is half an A4
# page so that tests OCR it quickly; each file stays well under 300 KB.
#
#   tools/make_scans/make_fixtures.sh BUILD_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: make_fixtures.sh BUILD_DIR}
degrade="$build/tools/make_scans/degrade"
pages="$here/../../corpus/scans/pages"
truth="$here/../../corpus/scans/truth"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$pages" "$truth"

render() {  # text font ptsize
  text2image --text="$here/fixtures/$1.txt" --outputbase="$work/$1" --font="$2" \
    --fonts_dir=/usr/share/fonts --ptsize="$3" --xsize=2480 --ysize=1400 --margin=150 \
    --leading=24 --degrade_image=false >/dev/null 2>&1
}

render ke_hoach "Liberation Serif" 12
"$degrade" --in "$work/ke_hoach.tif" --out "$pages/ke_hoach_nghieng.jpg" \
  --seed 31 --skew 3 --gauss 15 --dpi 200 --jpeg-quality 60
cp "$here/fixtures/ke_hoach.txt" "$truth/ke_hoach_nghieng.txt"

render cong_van "Noto Serif" 11
"$degrade" --in "$work/cong_van.tif" --out "$pages/cong_van_den_trang.png" \
  --seed 32 --bilevel --dpi 150 --impulse 0.005 --skew -2
cp "$here/fixtures/cong_van.txt" "$truth/cong_van_den_trang.txt"

# Two pages; the second is upside down.
render thong_bao_1 "DejaVu Serif" 11
render thong_bao_2 "DejaVu Serif" 11
rm -f "$pages/thong_bao_2_trang.tif"
"$degrade" --in "$work/thong_bao_1.tif" --out "$pages/thong_bao_2_trang.tif" \
  --seed 33 --bilevel --dpi 150 --skew 1.5 --append
"$degrade" --in "$work/thong_bao_2.tif" --out "$pages/thong_bao_2_trang.tif" \
  --seed 34 --bilevel --dpi 150 --quads 2 --append
{ cat "$here/fixtures/thong_bao_1.txt"; printf '\f'; cat "$here/fixtures/thong_bao_2.txt"; } \
  > "$truth/thong_bao_2_trang.txt"

render to_trinh "Liberation Sans" 12
"$degrade" --in "$work/to_trinh.tif" --out "$pages/to_trinh_quet.pdf" \
  --seed 35 --skew -1.5 --blur 0.8 --gauss 8 --dpi 200
cp "$here/fixtures/to_trinh.txt" "$truth/to_trinh_quet.txt"

render bao_cao "Noto Serif" 12
"$degrade" --in "$work/bao_cao.tif" --out "$pages/bao_cao_dien_thoai.jpg" \
  --seed 36 --width 600 --blur 1.4 --shade 0.35 --gauss 5 --skew 1 --jpeg-quality 85
cp "$here/fixtures/bao_cao.txt" "$truth/bao_cao_dien_thoai.txt"

ls -l "$pages"
