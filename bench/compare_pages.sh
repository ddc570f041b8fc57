#!/usr/bin/env bash
# Compares what two builds serve, byte for byte: starts each binary on a fresh data directory
# with the sample content and fetches the same public pages, feeds, sitemaps, account forms,
# error pages and API answers from both. Prints each address whose body differs, then a count.
# For refactorings that must not change what readers get.
#
#   bench/compare_pages.sh OLD_BINARY NEW_BINARY
#
# Forms carry a random CSRF token, so /login and /register always differ in that one field.
set -u
old=${1:?usage: bench/compare_pages.sh OLD_BINARY NEW_BINARY}
new=${2:?usage: bench/compare_pages.sh OLD_BINARY NEW_BINARY}
work=$(mktemp -d)
trap 'kill $old_pid $new_pid 2>/dev/null; rm -rf "$work"' EXIT
export NEWSDESK_ADMIN_PASSWORD=compare-pages-only NEWSDESK_UTC_OFFSET_MINUTES=360
"$old" --bind 127.0.0.1:18301 --data-dir "$work/old" --base-url http://site.test >"$work/old.log" 2>&1 &
old_pid=$!
"$new" --bind 127.0.0.1:18302 --data-dir "$work/new" --base-url http://site.test >"$work/new.log" 2>&1 &
new_pid=$!
for _ in $(seq 60); do
  curl -sf http://127.0.0.1:18301/healthz >/dev/null && curl -sf http://127.0.0.1:18302/healthz >/dev/null && break
  sleep 1
done
seed=/en/news/1/russia-officially-recognises-afghanistans-taliban-govt
paths=(/ /en/ /bn/ /en /en/news/1 "$seed" "$seed?reply_to=3&utm_source=x" /en/category/international
  /en/topic/taliban /en/authors/vb-desk /en/trending-views /bn/trending-views "/en/search?q=taliban"
  "/bn/search?q=%E0%A6%A4%E0%A6%BE%E0%A6%B2%E0%A7%87%E0%A6%AC%E0%A6%BE%E0%A6%A8" /en/feed.xml /bn/feed.xml
  /en/category/international/feed.xml /sitemap.xml /sitemaps/pages.xml /sitemaps/articles-0.xml
  /news-sitemap.xml /robots.txt /login /register /no-such-page /en/news/999999/x "/api/v1/articles?lang=en"
  /api/v1/articles/1 "/api/v1/sections?lang=bn" "/api/v1/trending?lang=en" "/api/v1/search?q=taliban&lang=en"
  /api/v1/articles/1/comments /api/v1/articles/abc /api/openapi.json /healthz)
# Three Bangla stories, by the addresses the API gives.
for id in $(curl -s "http://127.0.0.1:18302/api/v1/articles?lang=bn&limit=3" \
  | python3 -c 'import json,sys; print(" ".join(str(a["id"]) for a in json.load(sys.stdin)["articles"]))'); do
  url=$(curl -s "http://127.0.0.1:18302/api/v1/articles/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["url"])')
  paths+=("${url#http://site.test}")
done
same=0
differ=0
for path in "${paths[@]}"; do
  curl -s -o "$work/a" "http://127.0.0.1:18301$path"
  curl -s -o "$work/b" "http://127.0.0.1:18302$path"
  if cmp -s "$work/a" "$work/b"; then same=$((same + 1)); else differ=$((differ + 1)); echo "differs: $path"; fi
done
echo "$same same, $differ differ"
