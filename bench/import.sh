#!/usr/bin/env bash
# The WordPress import at archive scale: a generated export of POSTS posts (half in Bangla, with
# Polylang translation links, tags, categories and threaded comments; bench/generate_wxr.rs) is
# imported into a fresh SQLite data directory, then imported again (a re-run that finds
# everything there). Prints the export's size, the wall time, posts per second and the peak
# resident memory of each run (getrusage of the child), and the targets: under 5 minutes and
# under 300 MB for 100,000 posts.
#
#   bench/import.sh                 # 100,000 posts (about 0.5 GB of XML)
#   POSTS=10000 bench/import.sh     # a quicker run
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench bench/import.sh   # into PostgreSQL (dropped and made again)
#
# WordPress's own importer is not measured beside it: its plugin is not packaged by Debian and
# wordpress.org cannot be reached from the machines this runs on.
set -euo pipefail
cd "$(dirname "$0")/.."
POSTS=${POSTS:-100000}
SKIP_BUILD=${SKIP_BUILD:-0}
if [ "$SKIP_BUILD" != 1 ]; then
  cargo build --release --locked --bin newsdesk --example generate_wxr
fi
work=$(mktemp -d /tmp/newsdesk-import-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export="$work/site.xml"
./target/release/examples/generate_wxr --posts "$POSTS" >"$export"
size_mb=$(( $(stat -c %s "$export") / 1048576 ))
target=(--data-dir "$work/data")
if [ -n "${DATABASE_URL:-}" ]; then
  base=${DATABASE_URL%/*}
  name=${DATABASE_URL##*/}
  psql "$base/postgres" -qc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
  target+=(--database-url "$DATABASE_URL")
fi

run() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
elapsed = time.monotonic() - started
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
stories = next((l.split()[1] for l in done.stdout.splitlines() if l.strip().startswith("stories") and "/" in l), "?")
print(f"{elapsed:.1f} {peak_mb:.0f} {stories} {done.returncode}")
if done.returncode != 0:
    print(done.stdout, file=sys.stderr)
PY
}

echo "export: $POSTS posts, $size_mb MB"
read -r secs mb new code < <(run ./target/release/newsdesk import wordpress "$export" "${target[@]}")
[ "$code" = 0 ] || { echo "the import failed" >&2; exit 1; }
rate=$(python3 -c "print(round($POSTS / $secs))")
echo "import:  ${secs} s, ${rate} posts/s, peak ${mb} MB resident, ${new} stories new"
read -r secs2 mb2 new2 code2 < <(run ./target/release/newsdesk import wordpress "$export" "${target[@]}")
[ "$code2" = 0 ] || { echo "the re-run failed" >&2; exit 1; }
echo "re-run:  ${secs2} s, peak ${mb2} MB resident, ${new2} stories new"
python3 - "$POSTS" "$secs" "$mb" <<'PY'
import sys
posts, secs, mb = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
scale = 100_000 / posts
print(f"targets (scaled to 100,000 posts): time {secs * scale:.0f} s of 300 ({secs * scale / 300:.2f}x), memory {mb:.0f} MB of 300 ({mb / 300:.2f}x)")
PY
