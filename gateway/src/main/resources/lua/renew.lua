-- Lease renewal (ratelimit/expiry): one call per instance, tick and slot for every request it
-- still serves (on Redis Cluster the caller splits the batch by shard: every key of a call is in
-- one shard's slot). Each live reservation's record, index entry and concurrency leases move
-- their expiry to now + ttl, and the record takes the usage counted so far (what a reaper would
-- bill). A reservation already settled, released or reaped is left alone: nothing is recreated.
--
-- KEYS: per reservation, its record, its shard's expiry index, then its lease keys
-- ARGV[1] ttl ms, ARGV[2] number of reservations, then per reservation:
--   number of lease keys, member (request id), tokens used so far, cost used so far (nanos)
-- Returns the number of reservations renewed.
--
-- Every number is clamped to [0, 2^50], as in admit.lua and settle.lua.
local CAP = 1125899906842624
local function bounded(s, lo)
  local v = tonumber(s)
  if v == nil or v ~= v then error('not a number: ' .. tostring(s)) end
  return math.floor(math.max(lo, math.min(CAP, v)))
end
local function int(v) return string.format('%d', v) end

local ttl = bounded(ARGV[1], 1)
local count = bounded(ARGV[2], 0)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expires = now + ttl

local k, a, renewed = 1, 3, 0
for i = 1, count do
  local leases, member = bounded(ARGV[a], 0), ARGV[a + 1]
  local record, index = KEYS[k], KEYS[k + 1]
  if redis.call('HGET', record, 'state') == 'r' and redis.call('HEXISTS', record, 'expires') == 1 then
    redis.call('HSET', record, 'expires', int(expires), 'used_tokens', int(bounded(ARGV[a + 2], 0)),
        'used_cost', int(bounded(ARGV[a + 3], 0)))
    redis.call('PEXPIRE', record, int(ttl + 86400000))
    redis.call('ZADD', index, int(expires), record)
    for j = 1, leases do
      local lease = KEYS[k + 1 + j]
      if redis.call('ZSCORE', lease, member) then
        redis.call('ZADD', lease, int(expires), member)
        if redis.call('PTTL', lease) < ttl then redis.call('PEXPIRE', lease, int(ttl)) end
      end
    end
    renewed = renewed + 1
  end
  k = k + 2 + leases
  a = a + 4
end
return renewed
