#!/usr/bin/env bash
# Hot article page: newsdesk (release build, sample content, view counting on) against nginx
# serving the very same bytes from disk, in one run, interleaved A B A B.
#
#   bench/article.sh                 # 64 and 8 connections, 10 s per measurement, 2 rounds
#   DURATION=15s ROUNDS=3 bench/article.sh
#
# Prints requests/s and p99 latency of both, and newsdesk's ratio to nginx. Installs nginx-light
# and wrk from Debian when missing. Uses ports 18080 (newsdesk) and 18081 (nginx).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-"64 8"}
ND_PORT=18080
NGX_PORT=18081
PAGE_PATH=/en/news/1/russia-officially-recognises-afghanistans-taliban-govt
UA="Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"

if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light wrk >/dev/null
fi

work=$(mktemp -d)
cleanup() {
  [ -f "$work/nginx.pid" ] && nginx -c "$work/nginx.conf" -p "$work" -s quit 2>/dev/null || true
  [ -n "${nd_pid:-}" ] && kill "$nd_pid" 2>/dev/null && wait "$nd_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --quiet
NEWSDESK_ADMIN_PASSWORD=bench-password-not-secret ./target/release/newsdesk serve \
  --bind 127.0.0.1:$ND_PORT --data-dir "$work/data" >"$work/newsdesk.log" 2>&1 &
nd_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$ND_PORT/healthz" >/dev/null && break; sleep 0.1; done

# nginx serves the page newsdesk renders, saved as a static file.
mkdir -p "$work/root/en/news/1" "$work/logs"
curl -sf "http://127.0.0.1:$ND_PORT$PAGE_PATH" -o "$work/root/page.html"
cp "$work/root/page.html" "$work/root/en/news/1/russia-officially-recognises-afghanistans-taliban-govt"
cat >"$work/nginx.conf" <<NGX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 1024; }
http {
  default_type text/html;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  access_log off;
  server { listen 127.0.0.1:$NGX_PORT; root $work/root; }
}
NGX
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.3
echo "page: $PAGE_PATH, $(wc -c <"$work/root/page.html") bytes; newsdesk $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

# Prints "requests_per_second p99_ms" for one wrk run.
measure() {
  local url=$1 conns=$2
  wrk -t2 -c"$conns" -d"$DURATION" --latency -H "User-Agent: $UA" "$url" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; p99=v}
    /Non-2xx/ {bad=$NF}
    END {printf "%.0f %.2f %s\n", rps, p99, (bad==""?0:bad)}'
}

printf "\n%-6s %-5s %12s %9s %12s %9s %9s %9s\n" conns round "newsdesk r/s" "p99 ms" "nginx r/s" "p99 ms" "r/s ×" "p99 ×"
for conns in $CONNECTIONS; do
  sum_ratio=0
  for round in $(seq "$ROUNDS"); do
    read -r nd_rps nd_p99 nd_bad < <(measure "http://127.0.0.1:$ND_PORT$PAGE_PATH" "$conns")
    read -r ng_rps ng_p99 _ < <(measure "http://127.0.0.1:$NGX_PORT$PAGE_PATH" "$conns")
    [ "$nd_bad" != 0 ] && echo "warning: newsdesk answered $nd_bad non-2xx responses"
    ratio=$(awk -v a="$nd_rps" -v b="$ng_rps" 'BEGIN{printf "%.2f", a/b}')
    pratio=$(awk -v a="$nd_p99" -v b="$ng_p99" 'BEGIN{printf "%.2f", a/b}')
    printf "%-6s %-5s %12s %9s %12s %9s %9s %9s\n" "$conns" "$round" "$nd_rps" "$nd_p99" "$ng_rps" "$ng_p99" "$ratio" "$pratio"
  done
done
echo
echo "r/s × = newsdesk requests/s divided by nginx's; p99 × = newsdesk p99 divided by nginx's."
