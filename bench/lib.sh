# Functions the bench scripts share; sourced, not run. Expects `set -euo pipefail` and the
# repository root as working directory.

# A reader's browser: newsdesk counts its views (curl's and wrk's own agents are bots to it).
BROWSER_UA="Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"

# Installs nginx-light and wrk (and any further Debian packages named) when a command is missing.
bench_need_tools() {
  local missing=0 tool
  for tool in nginx wrk "$@"; do command -v "$tool" >/dev/null || missing=1; done
  if [ "$missing" = 1 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light wrk "$@" >/dev/null
  fi
}

# Waits until newsdesk answers /healthz on PORT; fails when PID exits first or after TRIES tenths
# of a second.
bench_wait_ready() {
  local port=$1 pid=$2 tries=${3:-300}
  for _ in $(seq "$tries"); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# Starts an nginx of its own in DIR (config, pid file, logs) serving DIR/root on PORT. Its workers
# run as the caller: started by root they would otherwise run as nobody, who cannot read a
# directory made by mktemp (mode 700), and would answer every request 403.
bench_nginx_start() {
  local dir=$1 port=$2
  mkdir -p "$dir/root" "$dir/logs"
  cat >"$dir/nginx.conf" <<NGX
user $(id -un);
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 1024; }
http {
  default_type text/html;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  access_log off;
  server { listen 127.0.0.1:$port; root $dir/root; }
}
NGX
  nginx -c "$dir/nginx.conf" -p "$dir"
  sleep 0.3
}

bench_nginx_stop() {
  local dir=$1
  [ -f "$dir/nginx.pid" ] && nginx -c "$dir/nginx.conf" -p "$dir" -s quit 2>/dev/null || true
}

# One wrk run (-t2 --latency; the browser user agent unless other headers are given after the
# connection count). Prints "requests_per_second p99_ms non2xx socket_errors"; wrk's whole
# report is appended to $WRK_LOG when that is set.
bench_wrk() {
  local url=$1 conns=$2 duration=$3; shift 3
  local out
  out=$(wrk -t2 -c"$conns" -d"$duration" --latency -H "User-Agent: $BROWSER_UA" "$@" "$url")
  [ -n "${WRK_LOG:-}" ] && printf '### wrk -c%s -d%s %s %s\n%s\n\n' "$conns" "$duration" "$*" "$url" "$out" >>"$WRK_LOG"
  awk '
    function ms(v) { if (v ~ /us$/) {sub(/us/,"",v); return v/1000} if (v ~ /ms$/) {sub(/ms/,"",v); return v+0} sub(/s$/,"",v); return v*1000 }
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {p99=ms($2)}
    /Non-2xx/ {bad=$NF}
    /Socket errors/ {gsub(/,/,""); err=$4+$6+$8+$10}
    END {printf "%.0f %.2f %d %d\n", rps, p99, bad, err}' <<<"$out"
}

# a/b with two decimals ("n/a" when b is zero).
bench_ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b+0 == 0) print "n/a"; else printf "%.2f\n", a/b }'
}
