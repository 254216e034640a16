-- Admission: check every bucket that applies to a request and reserve in all of them, or in
-- none (all or nothing), in one atomic step on the server's clock. Optionally look up the
-- response cache in the same round trip: a hit is charged only against request-rate buckets.
-- Every key of one call carries the tenant's hash tag, so on Redis Cluster they share a slot.
--
-- KEYS[i] (i = 1..n)  the bucket keys
-- KEYS[n+1]           the reservation record of this member (a hash, see settle.lua)
-- KEYS[n+2]           the expiry index of the tenant's shard (ratelimit/expiry)
-- KEYS[n+3]           the cache key when ARGV[2] == '1'
-- ARGV[1] n           number of buckets
-- ARGV[2] '1'|'0'     look up the cache
-- ARGV[3] member      the request id (the concurrency lease's member)
-- ARGV[4] record ttl  ms the reservation record lives (the lease length)
-- then 5 values per bucket: kind, limit, window/lease/ttl (ms), cost, seed
--   kind 'req' / 'tok'  token bucket holding `limit`, refilled evenly over `window` ms
--   kind 'lease'        concurrency: at most `limit` unexpired leases, each `window` ms long
--   kind 'budget'       counter for a calendar window: `used + cost <= limit`; key expires after `window` ms;
--                       a missing counter starts from `seed` (the ledger's total: Redis lost its data)
-- then, optionally, field/value pairs that make the record tracked for a reaper (who, which
-- buckets, the usage event to bill): written with 'expires' = now + record ttl into the same
-- record, listed in the expiry index, and kept a day past its expiry so a late reaper finds it.
--
-- Every number is clamped to [0, 2^50]: Lua numbers are doubles, exact only below 2^53, and a
-- bucket level, counter or retry time computed from clamped values can never leave that range.
--
-- Returns { admitted (1|0), failed bucket (1-based, 0 if none), retry ms (-1: never; -2: this
-- member was already released after a timeout, nothing reserved), cached value or false,
-- then per bucket: remaining, reset ms }
local CAP = 1125899906842624
local function bounded(s, lo)
  local v = tonumber(s)
  if v == nil or v ~= v then error('not a number: ' .. tostring(s)) end
  return math.floor(math.max(lo, math.min(CAP, v)))
end
local function int(v) return string.format('%d', v) end

local n = bounded(ARGV[1], 0)
local lookup = ARGV[2] == '1'
local member = ARGV[3]
local record_ttl = bounded(ARGV[4], 1)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local record = KEYS[n + 1]

-- A compensating release that overtook this call (the client timed out first) left a tombstone:
-- reserve nothing, the client is no longer waiting for this answer.
if redis.call('HGET', record, 'state') == 'released' then
  return { 0, 0, -2, false }
end

local kinds, limits, windows, costs, state = {}, {}, {}, {}, {}
for i = 1, n do
  local a = 4 + (i - 1) * 5
  kinds[i] = ARGV[a + 1]
  limits[i] = bounded(ARGV[a + 2], 0)
  windows[i] = bounded(ARGV[a + 3], 1)
  costs[i] = bounded(ARGV[a + 4], 0)
  local seed = bounded(ARGV[a + 5], 0)
  if kinds[i] == 'budget' and seed > 0 and redis.call('EXISTS', KEYS[i]) == 0 then
    redis.call('SET', KEYS[i], int(seed), 'PX', int(windows[i]))
  end
end

local function bucket_level(i)
  local h = redis.call('HMGET', KEYS[i], 'v', 't')
  local v, ts = tonumber(h[1]), tonumber(h[2])
  if v == nil or ts == nil then return limits[i] end
  local refill = math.max(0, now - ts) * limits[i] / windows[i]
  return math.max(0, math.min(limits[i], v + refill))
end

local function reset_ms(i, level)
  if limits[i] == 0 then return windows[i] end
  return math.ceil((limits[i] - level) * windows[i] / limits[i])
end

local cached = false
if lookup then
  local hit = redis.call('GET', KEYS[n + 3])
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
      retry = oldest[2] and math.min(windows[i], math.max(1, tonumber(oldest[2]) - now)) or windows[i]
      break
    end
  else
    local used = math.max(0, math.min(CAP, tonumber(redis.call('GET', KEYS[i]) or '0') or 0))
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
      out[#out + 1] = math.floor(level)
      out[#out + 1] = reset_ms(i, level)
    else
      out[#out + 1] = 0
      out[#out + 1] = 0
    end
  end
  return out
end

-- Phase 2: reserve, and record that this member holds a reservation (for an idempotent release
-- and, when tracked, for a reaper). A cache hit holds no lease nor tokens: nothing to reap.
local first = 4 + n * 5 + 1
if ARGV[first] and not cached then
  local expires = now + record_ttl
  local fields = { 'state', 'r', 'expires', int(expires) }
  for j = first, #ARGV do fields[#fields + 1] = ARGV[j] end
  redis.call('HSET', record, unpack(fields))
  redis.call('PEXPIRE', record, int(record_ttl + 86400000))
  redis.call('ZADD', KEYS[n + 2], int(expires), record)
else
  redis.call('HSET', record, 'state', 'r')
  redis.call('PEXPIRE', record, int(record_ttl))
end
out = { 1, 0, 0, cached }
for i = 1, n do
  local k = kinds[i]
  local applies = (not cached) or k == 'req'
  local remaining, reset = 0, 0
  if k == 'req' or k == 'tok' then
    local level = state[i]
    if applies then level = level - costs[i] end
    redis.call('HSET', KEYS[i], 'v', string.format('%.17g', level), 't', int(now))
    redis.call('PEXPIRE', KEYS[i], int(windows[i] * 2))
    remaining = math.floor(level)
    reset = reset_ms(i, level)
  elseif k == 'lease' then
    if applies then
      redis.call('ZADD', KEYS[i], int(now + windows[i]), member)
      redis.call('PEXPIRE', KEYS[i], int(windows[i]))
    end
    remaining = math.max(0, limits[i] - state[i] - (applies and 1 or 0))
  else
    if applies and costs[i] > 0 then
      redis.call('SET', KEYS[i], int(math.min(CAP, state[i] + costs[i])), 'KEEPTTL')
      if redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], int(windows[i])) end
    end
    remaining = math.max(0, limits[i] - state[i] - (applies and costs[i] or 0))
  end
  out[#out + 1] = remaining
  out[#out + 1] = reset
end

return out
