#!/usr/bin/env python3
"""Makes (garbled, clean) pairs by rendering accented Vietnamese text and OCR'ing it.

Pipeline: pick paragraphs -> wrap them into lines -> render pages with
text2image (fonts, resolutions and exposures cycled deterministically) ->
OCR each page with `tesseract -l eng` (wrong-model garble, like legacy
archives) or `-l vie` (fresh OCR) -> align OCR lines with source lines
(line-level DP on folded text) -> align tokens inside each line pair.

Outputs in --out_dir:
  lines.tsv   garbled line <TAB> clean line
  tokens.tsv  garbled token <TAB> clean token   (1-1 token alignments only)
  pages/      the rendered images and raw OCR text (bulk: keep out of git)

Text sources (--source):
  corpus    legal_*.txt from --corpus_dir. Documents are separated by blank
            lines; a document whose 0-based index within its file is divisible
            by 25 is HELD OUT (the restoration model's development set). With
            --split train those documents are skipped; with --split heldout
            ONLY those are used.
  file      --input: a plain text file, one sentence or paragraph per line,
            used as-is (for the small committed evaluation set).

Everything is deterministic: the same arguments produce the same selection
and rendering settings (Tesseract itself is deterministic too).
"""

import argparse
import hashlib
import os
import subprocess
import sys
import unicodedata

FONTS = ["Liberation Serif", "DejaVu Serif", "Noto Serif", "Liberation Sans",
         "DejaVu Sans", "Noto Sans", "Liberation Serif Bold"]
RESOLUTIONS = [120, 150, 200, 300]
EXPOSURES = [-1, 0, 0, 1]
PUNCT = ",.;:!?()[]{}\"'“”‘’«»…"


def stable_hash(*parts):
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return int.from_bytes(h.digest()[:8], "big")


def read_documents(path):
    """Yields (doc_index, [paragraph, ...]) for one corpus file."""
    doc, index = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip():
                doc.append(line.replace("\u00d0", "\u0110"))
            elif doc:
                yield index, doc
                doc, index = [], index + 1
    if doc:
        yield index, doc


def looks_like_prose(paragraph):
    words = paragraph.split()
    if len(words) < 6:
        return False
    letters = sum(ch.isalpha() for ch in paragraph)
    return letters >= 0.7 * len(paragraph) and "|" not in paragraph


def corpus_paragraphs(corpus_dir, split, every):
    """Deterministic paragraph picks: one in `every`, by a stable hash."""
    for name in sorted(os.listdir(corpus_dir)):
        if not (name.startswith("legal_") and name.endswith(".txt")):
            continue
        for doc_index, paragraphs in read_documents(os.path.join(corpus_dir, name)):
            held_out = doc_index % 25 == 0
            if held_out != (split == "heldout"):
                continue
            for p_index, p in enumerate(paragraphs):
                if looks_like_prose(p) and stable_hash(name, doc_index, p_index) % every == 0:
                    yield p


def wrap(paragraph, width):
    lines, current = [], ""
    for word in paragraph.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def vary_case(line, key):
    """Legacy documents have all-caps headings: upper-case some lines."""
    r = stable_hash("case", key) % 100
    if r < 12:
        return line.upper()
    return line


def fold(text):
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def levenshtein(a, b, limit=None):
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
        if limit is not None and min(previous) > limit:
            return limit + 1
    return previous[-1]


def distance_ratio(a, b):
    if not a and not b:
        return 0.0
    return levenshtein(a, b) / max(len(a), len(b))


def align_sequences(src, ocr, cost, skip_cost, band=None):
    """Monotone DP alignment; returns [(i, j)] of 1-1 matched indices."""
    n, m = len(src), len(ocr)
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == inf:
                continue
            if i < n and here + skip_cost < best[i + 1][j]:
                best[i + 1][j], back[i + 1][j] = here + skip_cost, (i, j, False)
            if j < m and here + skip_cost < best[i][j + 1]:
                best[i][j + 1], back[i][j + 1] = here + skip_cost, (i, j, False)
            if i < n and j < m and (band is None or abs(i - j) <= band):
                c = here + cost(i, j)
                if c < best[i + 1][j + 1]:
                    best[i + 1][j + 1], back[i + 1][j + 1] = c, (i, j, True)
    pairs, i, j = [], n, m
    while back[i][j] is not None:
        pi, pj, matched = back[i][j]
        if matched:
            pairs.append((pi, pj))
        i, j = pi, pj
    return pairs[::-1]


def strip_punct(token):
    return token.strip(PUNCT)


def align_tokens(garbled_line, clean_line):
    g = [t for t in (strip_punct(x) for x in garbled_line.split()) if t]
    c = [t for t in (strip_punct(x) for x in clean_line.split()) if t]
    fg, fc = [fold(t) for t in g], [fold(t) for t in c]
    pairs = align_sequences(c, g, lambda i, j: 2.0 * distance_ratio(fc[i], fg[j]), 1.0,
                            band=max(6, abs(len(c) - len(g)) + 3))
    # A 1-1 match must still look alike; otherwise it is a split/merge or junk.
    return [(g[j], c[i]) for i, j in pairs if distance_ratio(fc[i], fg[j]) <= 0.6]


def render_and_ocr(lines, page_id, work_dir, lang):
    font = FONTS[stable_hash("font", page_id) % len(FONTS)]
    dpi = RESOLUTIONS[stable_hash("dpi", page_id) % len(RESOLUTIONS)]
    exposure = EXPOSURES[stable_hash("exp", page_id) % len(EXPOSURES)]
    base = os.path.join(work_dir, f"p{page_id:05d}")
    with open(base + ".txt", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    render = ["text2image", f"--text={base}.txt", f"--outputbase={base}", f"--font={font}",
              "--fonts_dir=/usr/share/fonts", f"--resolution={dpi}", "--ptsize=12",
              f"--exposure={exposure}", f"--xsize={dpi * 9}", f"--ysize={dpi * 12}",
              "--strip_unrenderable_words=false"]
    r = subprocess.run(render, capture_output=True, text=True)
    if r.returncode != 0 or not os.path.exists(base + ".tif"):
        print(f"page {page_id}: text2image failed: {r.stderr[-300:]}", file=sys.stderr)
        return None
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    ocr = subprocess.run(["tesseract", base + ".tif", "stdout", "-l", lang, "--psm", "6"],
                         capture_output=True, text=True, env=env)
    if ocr.returncode != 0:
        print(f"page {page_id}: tesseract failed: {ocr.stderr[-300:]}", file=sys.stderr)
        return None
    os.remove(base + ".box") if os.path.exists(base + ".box") else None
    with open(base + f".{lang}.txt", "w", encoding="utf-8") as f:
        f.write(ocr.stdout)
    return [l for l in ocr.stdout.splitlines() if l.strip()]


def align_page(src_lines, ocr_lines):
    fs, fo = [fold(l) for l in src_lines], [fold(l) for l in ocr_lines]
    pairs = align_sequences(src_lines, ocr_lines,
                            lambda i, j: 2.0 * distance_ratio(fs[i], fo[j]), 0.8, band=8)
    return [(ocr_lines[j], src_lines[i]) for i, j in pairs
            if distance_ratio(fs[i], fo[j]) <= 0.5]


def source_lines(args):
    if args.source == "file":
        with open(args.input, encoding="utf-8") as f:
            paragraphs = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    else:
        paragraphs = corpus_paragraphs(args.corpus_dir, args.split, args.every)
    n = 0
    for p in paragraphs:
        p = unicodedata.normalize("NFC", p)
        for line in wrap(p, args.width):
            key = (args.split, n)
            yield vary_case(line, key) if args.source == "corpus" else line
            n += 1
            if n >= args.max_lines:
                return


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", choices=["corpus", "file"], default="corpus")
    ap.add_argument("--corpus_dir", default="/work/shared/corpus")
    ap.add_argument("--input", help="text file for --source file")
    ap.add_argument("--split", choices=["train", "heldout"], default="train")
    ap.add_argument("--every", type=int, default=40, help="pick one paragraph in N")
    ap.add_argument("--lang", default="eng", help="tesseract language (eng or vie)")
    ap.add_argument("--width", type=int, default=64, help="characters per rendered line")
    ap.add_argument("--lines_per_page", type=int, default=40)
    ap.add_argument("--max_lines", type=int, default=4000)
    ap.add_argument("--page_offset", type=int, default=0,
                    help="varies fonts/resolutions between runs over the same text")
    ap.add_argument("--out_dir", required=True)
    args = ap.parse_args()

    pages_dir = os.path.join(args.out_dir, "pages")
    os.makedirs(pages_dir, exist_ok=True)
    lines = list(source_lines(args))
    n_pairs = n_tokens = 0
    with open(os.path.join(args.out_dir, "lines.tsv"), "w", encoding="utf-8") as lf, \
         open(os.path.join(args.out_dir, "tokens.tsv"), "w", encoding="utf-8") as tf:
        for start in range(0, len(lines), args.lines_per_page):
            page_id = args.page_offset + start // args.lines_per_page
            src = lines[start:start + args.lines_per_page]
            ocr = render_and_ocr(src, page_id, pages_dir, args.lang)
            if ocr is None:
                continue
            for garbled, clean in align_page(src, ocr):
                lf.write(f"{garbled}\t{clean}\n")
                n_pairs += 1
                for g, c in align_tokens(garbled, clean):
                    tf.write(f"{g}\t{c}\n")
                    n_tokens += 1
            lf.flush()
            tf.flush()
            print(f"page {page_id}: {len(src)} lines -> {n_pairs} line pairs, "
                  f"{n_tokens} token pairs so far", file=sys.stderr)
    print(f"{len(lines)} source lines, {n_pairs} aligned line pairs, {n_tokens} token pairs "
          f"-> {args.out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
