-- Settlement after the backend answered (or failed, or the client left): give back what a
-- request reserved but did not use, charge what it used beyond its reservation, release its
-- concurrency lease, store the response in the cache, and append its usage event. One round
-- trip, atomic: a settled request always has its usage event in the stream. Every key of one
-- call carries the tenant's hash tag (the stream and the expiry index are the tenant's shard's),
-- so on Redis Cluster they share a slot.
--
-- One reservation record per request (a hash, written by admit.lua): 'state' is 'r' while the
-- reservation is held, 'released' once a compensating release returned it; a tracked record
-- also has 'expires' and what a reaper needs (ratelimit/expiry), and is listed in the expiry
-- index. Three modes, each ending the reservation at most once:
--   'owner'    the instance that admitted the request settles it. A tracked record that is gone
--              was reaped already: reply 'gone', nothing changes. A 'released' one gets only its
--              lease removed (the release refunded it) and its usage event.
--   'release'  the compensation sent when the client gave up waiting for admit.lua (a timeout):
--              refunds only if the record says a reservation was made, unlists it, and leaves a
--              'released' tombstone so an admission that runs later reserves nothing. Safe to
--              send whether or not the admission ever ran, and any number of times.
--   'reap'     a reaper settles a tracked record whose owner stopped renewing it: 'live' if it
--              was renewed since the claim, 'gone' if its owner (or another reaper) ended it.
--
-- KEYS[i] (i = 1..n)  the bucket keys reserved at admission (scope hashes and lease sets)
-- KEYS[n+1]           the member's reservation record
-- KEYS[n+2]           the expiry index of the tenant's shard
-- KEYS[n+3]           the tenant's usage stream
-- KEYS[n+4]           the cache key, present only when a value is to be stored
-- ARGV[1] n, ARGV[2] member (request id), ARGV[3] mode 'owner' | 'release' | 'reap'
-- ARGV[4] cache value ('' = none), ARGV[5] cache ttl ms, ARGV[6] number of usage fields m,
-- ARGV[7] record ttl ms (how long a release tombstone lives), ARGV[8] '1' when admission tracked
-- the record for a reaper
-- then 5 values per bucket: kind, field, limit, window ms, delta (see settle_buckets.lua)
-- then m field/value pairs for XADD

local n = bounded(ARGV[1], 0)
local member = ARGV[2]
local mode = ARGV[3]
local m = bounded(ARGV[6], 0)
local record_ttl = bounded(ARGV[7], 1)
local tracked = ARGV[8] == '1'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local record, index = KEYS[n + 1], KEYS[n + 2]
local h = redis.call('HMGET', record, 'state', 'expires')
local state, expires = h[1], tonumber(h[2])

local function apply(leases_only)
  settle_buckets(KEYS, 0, ARGV, 8, n, member, now, leases_only)
end

local function finish()
  redis.call('DEL', record)
  redis.call('ZREM', index, record)
end

if mode == 'release' then
  -- Refund only what the record proves was reserved; the lease is removed either way (a no-op
  -- when it was never added).
  apply(state ~= 'r')
  finish()
  redis.call('HSET', record, 'state', 'released')
  redis.call('PEXPIRE', record, int(record_ttl))
  return false
elseif mode == 'reap' then
  if state ~= 'r' or expires == nil then
    redis.call('ZREM', index, record)
    return 'gone'
  end
  if expires > now then return 'live' end
  apply(false)
  finish()
elseif mode == 'owner' then
  -- Tracked records outlive their expiry by a day: gone means a reaper billed this request.
  if tracked and not state then return 'gone' end
  -- A reservation already returned by a release must not be returned twice.
  apply(state == 'released')
  if state == 'r' then finish() end
else
  error('unknown settle mode: ' .. tostring(mode))
end

if ARGV[4] ~= '' then
  redis.call('SET', KEYS[n + 4], ARGV[4], 'PX', int(bounded(ARGV[5], 1)))
end

if m > 0 then
  local fields = {}
  local base = 8 + n * 5
  for j = 1, m * 2 do fields[j] = ARGV[base + j] end
  return redis.call('XADD', KEYS[n + 3], '*', unpack(fields))
end
return false
