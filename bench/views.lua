-- wrk script for the views burst of bench/run.
--
--   wrk ... -s bench/views.lua URL -- burst ROUND   every request a new visitor: its own
--                                                   X-Forwarded-For address and nd_vid cookie
--   wrk ... -s bench/views.lua URL -- dedup ROUND   every request the same visitor and address
--   ... -- MODE ROUND PACE                          each connection waits PACE ms between requests
--
-- ROUND (1-255) keeps the visitors of one run apart from those of another. At the end prints one
-- line: "views-script sent=S completed=C status_errors=N" where S counts requests handed to the
-- server, C completed responses and N those not 2xx/3xx.

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  table.insert(threads, thread)
  next_id = next_id + 1
end

local headers = {}
local burst = true

function init(args)
  burst = (args[1] or "burst") ~= "dedup"
  round = tonumber(args[2] or "1") % 256
  pace = tonumber(args[3] or "0")
  sent = 0
  for name, value in pairs(wrk.headers) do headers[name] = value end
  if not burst then
    headers["X-Forwarded-For"] = "192.0.2.1"
    headers["Cookie"] = "nd_vid=00000000000000d1"
  end
end

function delay()
  return pace
end

function request()
  sent = sent + 1
  if burst then
    -- fd00:ROUND:THREAD::HIGH:LOW — a unique-local IPv6 address per request.
    headers["X-Forwarded-For"] = string.format("fd00:%x:%x::%x:%x", round, id, math.floor(sent / 65536), sent % 65536)
    -- 16 lowercase hex digits: round, thread, request number.
    headers["Cookie"] = string.format("nd_vid=%02x%02x%012x", round, id, sent)
  end
  return wrk.format(nil, nil, headers)
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("sent") end
  io.write(string.format("views-script sent=%d completed=%d status_errors=%d\n",
    total, summary.requests, summary.errors.status))
end
