-- Shared by settle.lua and settle_batch.lua (LuaScript prepends it to each): bounded arithmetic,
-- and what settling one request changes in each of its buckets.
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

-- n buckets: bucket i's key is keys[ko + i], its 4 values start at args[ao + 4(i-1) + 1]:
-- kind, limit, window ms, delta
--   'tok': delta = reserved - used (added back to the bucket; negative takes more)
--   'budget': delta = used - reserved (added to the counter)
--   'lease': released;  'req': nothing to settle
-- leases_only: release the lease and change nothing else (the reservation was refunded already).
local function settle_buckets(keys, ko, args, ao, n, member, now, leases_only)
  for i = 1, n do
    local a = ao + (i - 1) * 4
    local key = keys[ko + i]
    local kind, limit, window = args[a + 1], bounded(args[a + 2], 0), bounded(args[a + 3], 1)
    local delta = bounded(args[a + 4], -CAP)
    if kind == 'tok' and delta ~= 0 and not leases_only then
      local b = redis.call('HMGET', key, 'v', 't')
      local v, ts = tonumber(b[1]), tonumber(b[2])
      if v == nil or ts == nil then v, ts = limit, now end
      local level = math.max(0, math.min(limit, v + math.max(0, now - ts) * limit / window))
      level = math.max(0, math.min(limit, level + delta))
      redis.call('HSET', key, 'v', string.format('%.17g', level), 't', int(now))
      redis.call('PEXPIRE', key, int(window * 2))
    elseif kind == 'budget' and delta ~= 0 and not leases_only then
      local used = tonumber(redis.call('GET', key) or '0') or 0
      redis.call('SET', key, int(math.max(0, math.min(CAP, used + delta))), 'KEEPTTL')
      if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, int(window)) end
    elseif kind == 'lease' then
      redis.call('ZREM', key, member)
    end
  end
end

