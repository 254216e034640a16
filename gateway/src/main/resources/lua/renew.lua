-- Lease renewal (ratelimit/expiry): one call per instance and tick for every request it still
-- serves. Each live reservation's record, index entry and concurrency leases move their expiry
-- to now + ttl, and the record takes the usage counted so far (what a reaper would bill). A
-- reservation already settled or reaped is left alone: nothing is recreated.
--
-- KEYS: per reservation, its record, its index, then its lease keys
-- ARGV[1] ttl ms, ARGV[2] number of reservations, then per reservation:
--   number of lease keys, member (request id), tokens used so far, cost used so far (nanos)
-- Returns the number of reservations renewed.
local ttl = tonumber(ARGV[1])
local count = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expires = now + ttl

local k, a, renewed = 1, 3, 0
for i = 1, count do
  local leases, member = tonumber(ARGV[a]), ARGV[a + 1]
  local record, index = KEYS[k], KEYS[k + 1]
  if redis.call('EXISTS', record) == 1 then
    redis.call('HSET', record, 'expires', expires, 'used_tokens', ARGV[a + 2], 'used_cost', ARGV[a + 3])
    redis.call('PEXPIRE', record, ttl + 86400000)
    redis.call('ZADD', index, expires, record)
    for j = 1, leases do
      local lease = KEYS[k + 1 + j]
      if redis.call('ZSCORE', lease, member) then
        redis.call('ZADD', lease, expires, member)
        if redis.call('PTTL', lease) < ttl then redis.call('PEXPIRE', lease, ttl) end
      end
    end
    renewed = renewed + 1
  end
  k = k + 2 + leases
  a = a + 4
end
return renewed
