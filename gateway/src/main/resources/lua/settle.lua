-- Settlement after the backend answered (or failed, or the client left): give back what a
-- request reserved but did not use, charge what it used beyond its reservation, release its
-- concurrency lease, store the response in the cache, and append its usage event. One round
-- trip, atomic: a settled request always has its usage event in the stream. Every key of one
-- call carries the tenant's hash tag (the stream is the tenant's shard), so on Redis Cluster
-- they share a slot.
--
-- Mode 'release' is the compensation sent when the client gave up waiting for admit.lua (a
-- timeout): it returns a reservation only if the record says one was made, and leaves a
-- tombstone so an admission that runs later reserves nothing. Safe to send whether or not the
-- admission ever ran, and any number of times.
--
-- KEYS[i] (i = 1..n)  the bucket keys reserved at admission
-- KEYS[n+1]           the member's reservation record
-- KEYS[n+2]           the tenant's usage stream
-- KEYS[n+3]           the cache key, present only when a value is to be stored
-- ARGV[1] n, ARGV[2] member (request id), ARGV[3] mode 'settle' | 'release'
-- ARGV[4] cache value ('' = none), ARGV[5] cache ttl ms, ARGV[6] number of usage fields m,
-- ARGV[7] record ttl ms (how long a release tombstone lives)
-- then 4 values per bucket: kind, limit, window ms, delta
--   'tok': delta = reserved - used (added back to the bucket; negative takes more)
--   'budget': delta = used - reserved (added to the counter)
--   'lease': released;  'req': nothing to settle
-- then m field/value pairs for XADD
--
-- Levels stay in [0, limit] and counters in [0, 2^50]: whatever a backend reports, no bucket
-- can be driven into a debt it would take years to repay.
local CAP = 1125899906842624
local function bounded(s, lo)
  local v = tonumber(s)
  if v == nil or v ~= v then error('not a number: ' .. tostring(s)) end
  return math.floor(math.max(lo, math.min(CAP, v)))
end
local function int(v) return string.format('%d', v) end

local n = bounded(ARGV[1], 0)
local member = ARGV[2]
local mode = ARGV[3]
local m = bounded(ARGV[6], 0)
local record_ttl = bounded(ARGV[7], 1)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local record = KEYS[n + 1]
local state = redis.call('GET', record)

local function apply(leases_only)
  for i = 1, n do
    local a = 7 + (i - 1) * 4
    local kind, limit, window = ARGV[a + 1], bounded(ARGV[a + 2], 0), bounded(ARGV[a + 3], 1)
    local delta = bounded(ARGV[a + 4], -CAP)
    if kind == 'tok' and delta ~= 0 and not leases_only then
      local h = redis.call('HMGET', KEYS[i], 'v', 't')
      local v, ts = tonumber(h[1]), tonumber(h[2])
      if v == nil or ts == nil then v, ts = limit, now end
      local level = math.max(0, math.min(limit, v + math.max(0, now - ts) * limit / window))
      level = math.max(0, math.min(limit, level + delta))
      redis.call('HSET', KEYS[i], 'v', string.format('%.17g', level), 't', int(now))
      redis.call('PEXPIRE', KEYS[i], int(window * 2))
    elseif kind == 'budget' and delta ~= 0 and not leases_only then
      local used = tonumber(redis.call('GET', KEYS[i]) or '0') or 0
      redis.call('SET', KEYS[i], int(math.max(0, math.min(CAP, used + delta))), 'KEEPTTL')
      if redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], int(window)) end
    elseif kind == 'lease' then
      redis.call('ZREM', KEYS[i], member)
    end
  end
end

if mode == 'release' then
  -- Refund only what the record proves was reserved; the lease is removed either way (a no-op
  -- when it was never added).
  apply(state ~= 'r')
  redis.call('SET', record, 'released', 'PX', int(record_ttl))
  return false
end

-- A reservation already returned by a release must not be returned twice.
apply(state == 'released')
if state == 'r' then redis.call('DEL', record) end

if ARGV[4] ~= '' then
  redis.call('SET', KEYS[n + 3], ARGV[4], 'PX', int(bounded(ARGV[5], 1)))
end

if m > 0 then
  local fields = {}
  local base = 7 + n * 4
  for j = 1, m * 2 do fields[j] = ARGV[base + j] end
  return redis.call('XADD', KEYS[n + 2], '*', unpack(fields))
end
return false
