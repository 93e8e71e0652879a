#!/usr/bin/env bash
# Installs, builds, and runs sohoa on the bundled sample scans and legacy
# text, writing out/samples.db (SQLite) and out/samples.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh build
mkdir -p out
rm -f out/samples.db out/samples.db-wal out/samples.db-shm out/samples.jsonl
set +e
build/tools/sohoa/sohoa run corpus/samples corpus/scans/pages --db out/samples.db --jsonl out/samples.jsonl --jobs "$(nproc)" --verbose
rc=$?
set -e
echo
echo "Results:"
echo "  SQLite database: $PWD/out/samples.db   (try: sqlite3 out/samples.db 'SELECT kind, ref, name, value FROM records LIMIT 20')"
echo "  JSON Lines:      $PWD/out/samples.jsonl"
echo "  One file's text: build/tools/sohoa/sohoa text corpus/scans/pages/ke_hoach_nghieng.jpg"
exit $rc
