#!/usr/bin/env python3
"""Make the _stripped and _ocr variants of the held-out extraction plans.

For every NAME_clean.txt in the given directories (default: the dev/ and test/
folders of corpus/extract/heldout) this writes
  NAME_stripped.txt  all Vietnamese diacritics removed, Đ/đ -> D/d;
  NAME_ocr.txt       the clean text rendered to 300 dpi TIFF pages with
                     text2image, read back with `tesseract -l eng`, pages
                     separated by a form feed (the legacy OCR garble of the seeds).
The font is chosen from FONTS by a stable hash of NAME, so a plan always gets the
same font. Run from anywhere; needs text2image, tesseract (+eng) and the fonts.
"""
import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import unicodedata

FONTS = ["DejaVu Serif", "Liberation Serif", "Noto Serif"]
FONTS_DIR = "/usr/share/fonts"
REPO = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_DIRS = [os.path.join(REPO, "corpus/extract/heldout", d) for d in ("dev", "test")]


def strip_diacritics(text):
    """Removes every combining mark after NFD; maps Đ/đ to D/d; returns NFC."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept.replace("Đ", "D").replace("đ", "d"))


def font_for(name):
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    return FONTS[digest[0] % len(FONTS)]


def ocr_text(clean_path, name, psm, workdir):
    base = os.path.join(workdir, name)
    with open(os.path.join(workdir, "fonts.conf"), "w", encoding="utf-8") as conf:
        conf.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                   f"<fontconfig><dir>{FONTS_DIR}</dir><cachedir></cachedir>"
                   "<config></config></fontconfig>\n")
    # A4 at 300 dpi; default degradation (speckle, dilation/erosion, slight rotation).
    subprocess.run(["text2image", f"--text={clean_path}", f"--outputbase={base}",
                    f"--font={font_for(name)}", f"--fonts_dir={FONTS_DIR}",
                    f"--fontconfig_tmpdir={workdir}", "--resolution=300",
                    "--ptsize=12", "--xsize=2480", "--ysize=3508", "--margin=200"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # A multi-page TIFF: tesseract separates the pages with "\f" (page_separator).
    out = subprocess.run(["tesseract", base + ".tif", "-", "-l", "eng", "--psm", str(psm)],
                         check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return out.stdout.decode("utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", default=DEFAULT_DIRS)
    parser.add_argument("--no-ocr", action="store_true", help="only write _stripped")
    parser.add_argument("--psm", type=int, default=4, help="tesseract page segmentation")
    args = parser.parse_args()
    for folder in args.dirs:
        for entry in sorted(os.listdir(folder)):
            if not entry.endswith("_clean.txt"):
                continue
            name = entry[: -len("_clean.txt")]
            clean_path = os.path.join(folder, entry)
            with open(clean_path, encoding="utf-8") as f:
                clean = f.read()
            if clean != unicodedata.normalize("NFC", clean):
                sys.exit(f"{clean_path}: not NFC")
            with open(os.path.join(folder, name + "_stripped.txt"), "w", encoding="utf-8") as f:
                f.write(strip_diacritics(clean))
            if args.no_ocr:
                continue
            with tempfile.TemporaryDirectory(prefix="heldout_") as workdir:
                text = ocr_text(os.path.abspath(clean_path), name, args.psm, workdir)
            with open(os.path.join(folder, name + "_ocr.txt"), "w", encoding="utf-8") as f:
                f.write(text)
            print(f"{folder}/{name}: {font_for(name)}, {text.count(chr(12)) + 1} pages",
                  flush=True)


if __name__ == "__main__":
    main()
