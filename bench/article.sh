#!/usr/bin/env bash
# Hot article page: newsdesk (release build, sample content, view counting on) against nginx
# serving the very same bytes from disk, in one run, interleaved A B A B.
#
#   bench/article.sh                 # 64 and 8 connections, 10 s per measurement, 2 rounds
#   DURATION=15s ROUNDS=3 bench/article.sh
#   BREAKING=off bench/article.sh    # without the breaking-news banner
#
# A breaking-news banner is up on the English edition during the run (as on a busy news day), so
# the page measured carries it; pages with a banner are kept like any other.
# Prints requests/s and p99 latency of both, and newsdesk's ratio to nginx. Installs nginx-light
# and wrk from Debian when missing. Uses ports 18080 (newsdesk) and 18081 (nginx).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-"64 8"}
ND_PORT=18080
NGX_PORT=18081
PAGE_PATH=/en/news/1/russia-officially-recognises-afghanistans-taliban-govt
bench_need_tools
work=$(mktemp -d)
cleanup() {
  bench_nginx_stop "$work"
  [ -n "${nd_pid:-}" ] && kill "$nd_pid" 2>/dev/null && wait "$nd_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --quiet
BREAKING=${BREAKING:-on}
NEWSDESK_ADMIN_EMAIL=bench@newsdesk.test NEWSDESK_ADMIN_PASSWORD=bench-password-not-secret ./target/release/newsdesk serve \
  --bind 127.0.0.1:$ND_PORT --data-dir "$work/data" >"$work/newsdesk.log" 2>&1 &
nd_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$ND_PORT/healthz" >/dev/null && break; sleep 0.1; done
if [ "$BREAKING" = on ]; then
  token=$(curl -sf -X POST "http://127.0.0.1:$ND_PORT/api/v1/auth/token" -H 'content-type: application/json' \
    -d '{"email":"bench@newsdesk.test","password":"bench-password-not-secret","name":"bench"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
  curl -sf -X PUT "http://127.0.0.1:$ND_PORT/api/v1/newsroom/breaking/en" -H "authorization: Bearer $token" \
    -H 'content-type: application/json' -d '{"text":"Cyclone warning: signal 7 for Chattogram port","url":"/en/"}' >/dev/null
fi

# nginx serves the page newsdesk renders, saved as a static file.
mkdir -p "$work/root/en/news/1" "$work/logs"
curl -sf "http://127.0.0.1:$ND_PORT$PAGE_PATH" -o "$work/root/page.html"
cp "$work/root/page.html" "$work/root/en/news/1/russia-officially-recognises-afghanistans-taliban-govt"
bench_nginx_start "$work" $NGX_PORT
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGX_PORT$PAGE_PATH")
[ "$code" = 200 ] || { echo "nginx answered $code"; exit 1; }
grep -q 'class="breaking"' "$work/root/page.html" && banner=up || banner=none
[ "$BREAKING" = on ] && [ "$banner" != up ] && { echo "the breaking-news banner did not go up"; exit 1; }
echo "page: $PAGE_PATH, $(wc -c <"$work/root/page.html") bytes, breaking banner: $banner; newsdesk $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

printf "\n%-6s %-5s %12s %9s %12s %9s %9s %9s\n" conns round "newsdesk r/s" "p99 ms" "nginx r/s" "p99 ms" "r/s ×" "p99 ×"
for conns in $CONNECTIONS; do
  sum_ratio=0
  for round in $(seq "$ROUNDS"); do
    read -r nd_rps nd_p99 nd_bad nd_err < <(bench_wrk "http://127.0.0.1:$ND_PORT$PAGE_PATH" "$conns" "$DURATION")
    read -r ng_rps ng_p99 _ _ < <(bench_wrk "http://127.0.0.1:$NGX_PORT$PAGE_PATH" "$conns" "$DURATION")
    [ "$nd_bad$nd_err" != 00 ] && echo "warning: newsdesk answered $nd_bad non-2xx responses, $nd_err socket errors"
    ratio=$(bench_ratio "$nd_rps" "$ng_rps")
    pratio=$(bench_ratio "$nd_p99" "$ng_p99")
    printf "%-6s %-5s %12s %9s %12s %9s %9s %9s\n" "$conns" "$round" "$nd_rps" "$nd_p99" "$ng_rps" "$ng_p99" "$ratio" "$pratio"
  done
done
echo
echo "r/s × = newsdesk requests/s divided by nginx's; p99 × = newsdesk p99 divided by nginx's."
