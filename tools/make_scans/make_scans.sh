#!/bin/sh
# Renders the texts in texts/ with text2image and degrades them with the
# degrade tool as recipes.txt says. Writes OUT/<set>/<page>.{png,jpg,tif} and
# the truth OUT/<set>/<page>.txt.
#
#   tools/make_scans/make_scans.sh BUILD_DIR OUT_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: make_scans.sh BUILD_DIR OUT_DIR}
out=${2:?usage: make_scans.sh BUILD_DIR OUT_DIR}
degrade="$build/tools/make_scans/degrade"
[ -x "$degrade" ] || { echo "make_scans: build the degrade target first ($degrade)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

grep -v '^#' "$here/recipes.txt" | while read -r page rest; do
  [ -n "$page" ] || continue
  font=$(echo "$rest" | sed -E 's/^(.*[^ ]) +([0-9]+) +(png|jpg|tif) +(.*)$/\1/')
  pt=$(echo "$rest" | sed -E 's/^(.*[^ ]) +([0-9]+) +(png|jpg|tif) +(.*)$/\2/')
  ext=$(echo "$rest" | sed -E 's/^(.*[^ ]) +([0-9]+) +(png|jpg|tif) +(.*)$/\3/')
  steps=$(echo "$rest" | sed -E 's/^(.*[^ ]) +([0-9]+) +(png|jpg|tif) +(.*)$/\4/')
  set_name=${page%%_*}
  mkdir -p "$out/$set_name"
  text2image --text="$here/texts/$page.txt" --outputbase="$work/$page" \
    --font="$font" --fonts_dir=/usr/share/fonts --ptsize="$pt" \
    --xsize=2480 --ysize=3508 --margin=200 --leading=24 \
    --degrade_image=false >/dev/null 2>&1
  # shellcheck disable=SC2086  # steps are separate arguments
  "$degrade" --in "$work/$page.tif" --out "$out/$set_name/$page.$ext" $steps
  cp "$here/texts/$page.txt" "$out/$set_name/$page.txt"
  echo "$out/$set_name/$page.$ext"
done
