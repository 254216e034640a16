-- Settlement after the backend answered (or failed, or the client left): give back what a
-- request reserved but did not use, charge what it used beyond its reservation, release its
-- concurrency lease, store the response in the cache, and append its usage event. One round
-- trip, atomic: a settled request always has its usage event in the stream.
--
-- KEYS[i] (i = 1..n)  the bucket keys reserved at admission
-- KEYS[n+1]           the cache key ('' entry when not caching)
-- KEYS[n+2]           the usage stream
-- ARGV[1] n, ARGV[2] member (request id), ARGV[3] cache value ('' = none), ARGV[4] cache ttl ms
-- ARGV[5] number of usage fields m (pairs follow after the bucket arguments)
-- then 4 values per bucket: kind, limit, window ms, delta
--   'tok': delta = reserved - used (added back to the bucket; negative takes more)
--   'budget': delta = used - reserved (added to the counter)
--   'lease': released;  'req': nothing to settle
-- then m field/value pairs for XADD
local n = tonumber(ARGV[1])
local member = ARGV[2]
local m = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

-- Reservation record (ratelimit/expiry), when ARGV has a mode after the usage fields: settled
-- exactly once, by its owner ('owner') or by a reaper ('reap') once it expired. KEYS[n+3] the
-- record, KEYS[n+4] its index. 'gone': the other side settled it already; 'live': renewed since
-- the reaper found it. Either way nothing here is applied twice.
local rmode = ARGV[5 + n * 4 + m * 2 + 1]
if rmode then
  local expires = tonumber(redis.call('HGET', KEYS[n + 3], 'expires') or '-1')
  if expires < 0 then return 'gone' end
  if rmode == 'reap' and expires > now then return 'live' end
  redis.call('DEL', KEYS[n + 3])
  redis.call('ZREM', KEYS[n + 4], KEYS[n + 3])
end

for i = 1, n do
  local a = 5 + (i - 1) * 4
  local kind, limit, window, delta = ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  if kind == 'tok' and delta ~= 0 then
    local h = redis.call('HMGET', KEYS[i], 'v', 't')
    local v, ts = tonumber(h[1]), tonumber(h[2])
    if v == nil then v, ts = limit, now end
    local level = math.min(limit, v + (now - ts) * limit / window)
    level = math.min(limit, level + delta)
    redis.call('HSET', KEYS[i], 'v', tostring(level), 't', now)
    redis.call('PEXPIRE', KEYS[i], window * 2)
  elseif kind == 'budget' and delta ~= 0 then
    redis.call('INCRBY', KEYS[i], delta)
    if redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], window) end
  elseif kind == 'lease' then
    redis.call('ZREM', KEYS[i], member)
  end
end

if ARGV[3] ~= '' then
  redis.call('SET', KEYS[n + 1], ARGV[3], 'PX', tonumber(ARGV[4]))
end

if m > 0 then
  local fields = {}
  local base = 5 + n * 4
  for j = 1, m * 2 do fields[j] = ARGV[base + j] end
  return redis.call('XADD', KEYS[n + 2], '*', unpack(fields))
end
return false
