-- The admissions of many requests in one call, each exactly as admit.lua (see there): all or
-- nothing per request, with its own reply (remaining and reset per bucket for its rate-limit
-- headers). For tenants of one shard, so every key carries the shard's hash tag and, on Redis
-- Cluster, they share a slot. The instance sends what queued up while its previous call was out.
-- Each admission runs under its own pcall: one that fails (corrupt data) is reported in its slot
-- of the reply and the others are still decided.
--
-- ARGV: one argument per admission, the MessagePack array admit.lua takes (its keys: n buckets,
-- record, index, and the cache key when it looks one up). KEYS: each admission's keys, in order.
-- Returns one entry per admission, in order: admit.lua's reply, or the string 'ERR <message>'.
local c = #ARGV
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
local ko = 0
for j = 1, c do
  -- An argument that does not unpack fails the whole call: its keys cannot be told from the next one's.
  local a = cmsgpack.unpack(ARGV[j])
  local nkeys = bounded(a[1], 0) + 2 + ((a[2] == 1 or a[2] == '1') and 1 or 0)
  local ok, result = pcall(admit_one, KEYS, ko, a, 0, #a, now)
  if ok then
    out[j] = result
  else
    -- A failed redis.call raises a table with an 'err' field; the script's own error() a string.
    out[j] = 'ERR ' .. (type(result) == 'table' and tostring(result.err) or tostring(result))
  end
  ko = ko + nkeys
end
return out
