-- What remains of a tenant's buckets now, on Redis's clock. Reads only: it never refills, reserves
-- or expires anything, so looking at the limits cannot change them. Same bucket model as admit.lua.
--
-- KEYS[i]        bucket i's key: its scope's hash, or its lease set (one tenant: one hash slot)
-- ARGV, 5 per bucket: kind, field, limit, window (ms), seed (a budget's ledger total, used if its counter is gone)
-- Returns per bucket: used (rounded up), ms until full again (-1 for budgets: their period decides)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for i = 1, #KEYS do
  local a = (i - 1) * 5
  local kind, field = ARGV[a + 1], ARGV[a + 2]
  local limit, window, seed = tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4]), tonumber(ARGV[a + 5])
  local used, reset = 0, 0
  if kind == 'req' or kind == 'tok' then
    local h = redis.call('HMGET', KEYS[i], field, field .. ':t')
    local v, ts = tonumber(h[1]), tonumber(h[2])
    local level = limit
    if v ~= nil and ts ~= nil then level = math.min(limit, v + (now - ts) * limit / window) end
    level = math.max(0, level)
    used = math.ceil(limit - level)
    -- Capped at the window, as admit_one.lua's: past 2^53 the product loses its last digit.
    reset = math.min(window, math.ceil((limit - level) * window / limit))
  elseif kind == 'lease' then
    used = redis.call('ZCOUNT', KEYS[i], '(' .. now, '+inf')
    local oldest = redis.call('ZRANGEBYSCORE', KEYS[i], '(' .. now, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
    if oldest[2] then reset = tonumber(oldest[2]) - now end
  else
    local v = redis.call('HGET', KEYS[i], field)
    if v then used = tonumber(v) else used = seed end
    reset = -1
  end
  out[#out + 1] = used
  out[#out + 1] = reset
end
return out
