-- Admission: check every bucket that applies to a request and reserve in all of them, or in
-- none (all or nothing), in one atomic step on the server's clock. Optionally look up the
-- response cache in the same round trip: a hit is charged only against request-rate buckets.
--
-- KEYS[i] (i = 1..n)  the bucket keys; KEYS[n+1] the cache key when ARGV[2] == '1'
-- ARGV[1] n           number of buckets
-- ARGV[2] '1'|'0'     look up the cache
-- ARGV[3] member      the request id (the concurrency lease's member)
-- then 5 values per bucket: kind, limit, window/lease/ttl (ms), cost, seed
--   kind 'req' / 'tok'  token bucket holding `limit`, refilled evenly over `window` ms
--   kind 'lease'        concurrency: at most `limit` unexpired leases, each `window` ms long
--   kind 'budget'       counter for a calendar window: `used + cost <= limit`; key expires after `window` ms;
--                       a missing counter starts from `seed` (the ledger's total: Redis lost its data)
--
-- Returns { admitted (1|0), failed bucket (1-based, 0 if none), retry ms (-1: never),
--           cached value or false, then per bucket: remaining, reset ms }
local n = tonumber(ARGV[1])
local lookup = ARGV[2] == '1'
local member = ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local kinds, limits, windows, costs, state = {}, {}, {}, {}, {}
for i = 1, n do
  local a = 3 + (i - 1) * 5
  kinds[i] = ARGV[a + 1]
  limits[i] = tonumber(ARGV[a + 2])
  windows[i] = tonumber(ARGV[a + 3])
  costs[i] = tonumber(ARGV[a + 4])
  local seed = tonumber(ARGV[a + 5])
  if kinds[i] == 'budget' and seed > 0 and redis.call('EXISTS', KEYS[i]) == 0 then
    redis.call('SET', KEYS[i], seed, 'PX', windows[i])
  end
end

local function bucket_level(i)
  local h = redis.call('HMGET', KEYS[i], 'v', 't')
  local v, ts = tonumber(h[1]), tonumber(h[2])
  if v == nil then return limits[i] end
  local refill = (now - ts) * limits[i] / windows[i]
  return math.min(limits[i], v + refill)
end

local cached = false
if lookup then
  local hit = redis.call('GET', KEYS[n + 1])
  if hit then cached = hit end
end

-- Phase 1: check, without writing anything.
local failed, retry = 0, 0
for i = 1, n do
  local k = kinds[i]
  local applies = (not cached) or k == 'req'
  if k == 'req' or k == 'tok' then
    local level = bucket_level(i)
    state[i] = level
    if applies and level < costs[i] then
      failed = i
      if costs[i] > limits[i] then retry = -1
      else retry = math.ceil((costs[i] - level) * windows[i] / limits[i]) end
      break
    end
  elseif k == 'lease' then
    redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
    local held = redis.call('ZCARD', KEYS[i])
    state[i] = held
    if applies and held >= limits[i] then
      failed = i
      local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
      retry = math.max(1, tonumber(oldest[2]) - now)
      break
    end
  else
    local used = tonumber(redis.call('GET', KEYS[i]) or '0')
    state[i] = used
    if applies and used + costs[i] > limits[i] then
      failed = i
      retry = math.max(1, redis.call('PTTL', KEYS[i]))
      if costs[i] > limits[i] then retry = -1 end
      break
    end
  end
end

local out = {}
if failed > 0 then
  out = { 0, failed, retry, false }
  for i = 1, n do
    local k = kinds[i]
    if k == 'req' or k == 'tok' then
      local level = state[i] or bucket_level(i)
      out[#out + 1] = math.floor(math.max(0, level))
      out[#out + 1] = math.ceil((limits[i] - math.max(0, level)) * windows[i] / limits[i])
    else
      out[#out + 1] = 0
      out[#out + 1] = 0
    end
  end
  return out
end

-- Phase 2: reserve.
out = { 1, 0, 0, cached }
for i = 1, n do
  local k = kinds[i]
  local applies = (not cached) or k == 'req'
  local remaining, reset = 0, 0
  if k == 'req' or k == 'tok' then
    local level = state[i]
    if applies then level = level - costs[i] end
    redis.call('HSET', KEYS[i], 'v', tostring(level), 't', now)
    redis.call('PEXPIRE', KEYS[i], windows[i] * 2)
    remaining = math.floor(math.max(0, level))
    reset = math.ceil((limits[i] - math.max(0, level)) * windows[i] / limits[i])
  elseif k == 'lease' then
    if applies then
      redis.call('ZADD', KEYS[i], now + windows[i], member)
      redis.call('PEXPIRE', KEYS[i], windows[i])
    end
    remaining = limits[i] - state[i] - (applies and 1 or 0)
  else
    if applies and costs[i] > 0 then
      redis.call('INCRBY', KEYS[i], costs[i])
      if redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], windows[i]) end
    end
    remaining = limits[i] - state[i] - (applies and costs[i] or 0)
  end
  out[#out + 1] = remaining
  out[#out + 1] = reset
end

-- Reservation record (ratelimit/expiry), when ARGV goes on past the buckets: what a reaper needs
-- to settle this request if its instance dies. KEYS[#KEYS - 1] the record, KEYS[#KEYS] the index
-- of records by expiry; ARGV[3 + 5n + 1] the lease ttl ms, then field/value pairs. Settle (or the
-- reaper) deletes it; the record outlives its expiry by a day so a late reaper still finds it.
local r = 3 + n * 5
if ARGV[r + 1] and not cached then
  local expires = now + tonumber(ARGV[r + 1])
  local fields = { 'expires', expires }
  for j = r + 2, #ARGV do fields[#fields + 1] = ARGV[j] end
  redis.call('HSET', KEYS[#KEYS - 1], unpack(fields))
  redis.call('PEXPIRE', KEYS[#KEYS - 1], tonumber(ARGV[r + 1]) + 86400000)
  redis.call('ZADD', KEYS[#KEYS], expires, KEYS[#KEYS - 1])
end
return out
