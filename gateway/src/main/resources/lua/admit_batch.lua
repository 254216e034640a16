-- The admissions of many requests in one call, each exactly as admit.lua (see there): all or
-- nothing per request, with its own reply (remaining and reset per bucket for its rate-limit
-- headers). For tenants of one shard, so every key carries the shard's hash tag and, on Redis
-- Cluster, they share a slot. The instance sends what queued up while its previous call was out.
-- Each admission runs under its own pcall: one that fails (corrupt data) is reported in its slot
-- of the reply and the others are still decided.
--
-- ARGV[1] c, the number of admissions; then per admission: its number of keys, its number of
-- arguments, then its arguments as admit.lua takes them. KEYS: each admission's keys, in order.
-- Returns one entry per admission, in order: admit.lua's reply, or the string 'ERR <message>'.
local c = bounded(ARGV[1], 0)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
local ko, ao = 0, 1
for j = 1, c do
  local nkeys, nargs = bounded(ARGV[ao + 1], 0), bounded(ARGV[ao + 2], 0)
  local base = ao + 2
  local ok, result = pcall(admit_one, KEYS, ko, ARGV, base, base + nargs, now)
  if ok then
    out[j] = result
  else
    -- A failed redis.call raises a table with an 'err' field; the script's own error() a string.
    out[j] = 'ERR ' .. (type(result) == 'table' and tostring(result.err) or tostring(result))
  end
  ko = ko + nkeys
  ao = base + nargs
end
return out
