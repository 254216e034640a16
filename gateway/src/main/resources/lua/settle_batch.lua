-- The settlements of many requests in one call: each as settle.lua's 'owner' mode (see there),
-- for tenants of one shard, so every key carries the shard's hash tag and, on Redis Cluster,
-- they share a slot. The instance sends what queued up while its previous call was out: one
-- script run, one round trip and one reply for the lot instead of one per request.
--
-- Each settlement runs under its own pcall: one that fails (corrupt data, a key of the wrong
-- type) is reported in its slot of the reply and the others still settle. As in settle.lua, a
-- failed one keeps what it changed before the failing command and appends no usage event (the
-- instance spools it).
--
-- ARGV: one argument per settlement, a MessagePack array (ratelimit/Packed) of:
--   n, member (request id), cache value ('' = none), cache ttl ms, '1' when admission tracked
--   the record for a reaper, the encoded usage event ('' = none; stream field 'e'),
--   then 5 values per bucket: kind, field, limit, window ms, delta (see settle_buckets.lua)
-- KEYS per settlement, in the same order: its n bucket keys, its reservation record, the expiry
-- index and the usage stream of the shard, and its cache key only when a value is to be stored.
--
-- Returns one string per settlement, in order: the usage event's stream id; '' when settled
-- without an event; 'gone' when a reaper billed it already (nothing changed); 'ERR <message>'.
local c = #ARGV
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
local ko = 0

for j = 1, c do
  local a = cmsgpack.unpack(ARGV[j])
  local n = bounded(a[1], 0)
  local member, value, ttl = a[2], a[3], a[4]
  local tracked, event = a[5] == 1 or a[5] == '1', a[6]
  local record, index, stream = KEYS[ko + n + 1], KEYS[ko + n + 2], KEYS[ko + n + 3]
  local cache = nil
  if value ~= '' then cache = KEYS[ko + n + 4] end
  local ok, result = pcall(function()
    local state = redis.call('HGET', record, 'state')
    -- Tracked records outlive their expiry by a day: gone means a reaper billed this request.
    if tracked and not state then return 'gone' end
    -- A reservation already returned by a release must not be returned twice.
    settle_buckets(KEYS, ko, a, 6, n, member, now, state == 'released')
    if state == 'r' then
      redis.call('DEL', record)
      redis.call('ZREM', index, record)
    end
    if cache then redis.call('SET', cache, value, 'PX', int(bounded(ttl, 1))) end
    if event ~= '' then return redis.call('XADD', stream, '*', 'e', event) end
    return ''
  end)
  if ok then
    out[j] = result
  else
    -- A failed redis.call raises a table with an 'err' field; the script's own error() a string.
    out[j] = 'ERR ' .. (type(result) == 'table' and tostring(result.err) or tostring(result))
  end
  ko = ko + n + 3 + (cache and 1 or 0)
end
return out
