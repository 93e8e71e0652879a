#!/usr/bin/env python3
"""Pairs a hand-written truth file with the real garble of a seed document.

  pair_seed.py --truth corpus/garble/seed000_truth.tsv \
      --seed /work/shared/seeds/000_1b8633038d6f9c7d.txt --out_dir /tmp/seed000

The truth file holds "seed line number<TAB>correct text" (1-based), so the
seed text itself never enters the repository. Writes lines.tsv (garbled line
<TAB> truth) and tokens.tsv (1-1 token alignments) like make_garble.py, for
tools/learn_channel/channel_eval and the restorer's evaluation.
"""

import argparse
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_garble import align_tokens  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--truth", required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--out_dir", required=True)
    args = ap.parse_args()
    with open(args.seed, "rb") as f:
        raw = f.read()
    seed_lines = raw.decode("utf-8").split("\n")
    digest = hashlib.sha256(raw).hexdigest()
    os.makedirs(args.out_dir, exist_ok=True)
    n_lines = n_tokens = 0
    with open(args.truth, encoding="utf-8") as tf, \
         open(os.path.join(args.out_dir, "lines.tsv"), "w", encoding="utf-8") as lo, \
         open(os.path.join(args.out_dir, "tokens.tsv"), "w", encoding="utf-8") as to:
        for line in tf:
            line = line.rstrip("\n")
            if line.startswith("#"):
                if "sha256" in line and digest not in line:
                    sys.exit(f"{args.seed}: sha256 {digest} differs from the one in {args.truth}")
                continue
            if not line.strip():
                continue
            number, truth = line.split("\t", 1)
            garbled = seed_lines[int(number) - 1]
            lo.write(f"{garbled}\t{truth}\n")
            n_lines += 1
            for g, c in align_tokens(garbled, truth):
                to.write(f"{g}\t{c}\n")
                n_tokens += 1
    print(f"{n_lines} lines, {n_tokens} token pairs -> {args.out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
