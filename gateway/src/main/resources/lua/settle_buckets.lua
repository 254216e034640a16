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

-- n buckets: bucket i's key is keys[ko + i] (its scope's hash, or its lease set), its 5 values
-- start at args[ao + 5(i-1) + 1]: kind, field, limit, window ms, delta
--   'tok': delta = reserved - used (added back to the bucket; negative takes more)
--   'budget': delta = used - reserved (added to the counter)
--   'lease': released;  'req': nothing to settle
-- One scope's changed buckets are read with one HMGET and written with one HSET; the hash's life
-- is set to the longest any of its buckets needs, as admit_one.lua does.
-- leases_only: release the lease and change nothing else (the reservation was refunded already).
local function settle_buckets(keys, ko, args, ao, n, member, now, leases_only)
  local order, by_key = {}, {}
  for i = 1, n do
    local a = ao + (i - 1) * 5
    local key = keys[ko + i]
    local kind = args[a + 1]
    if kind == 'lease' then
      redis.call('ZREM', key, member)
    elseif kind == 'tok' or kind == 'budget' or kind == 'req' then
      local window = bounded(args[a + 4], 1)
      local g = by_key[key]
      if not g then
        g = { key = key, names = {}, items = {}, ttl = 1 }
        by_key[key] = g
        order[#order + 1] = g
      end
      g.ttl = math.max(g.ttl, kind == 'budget' and window or window * 2)
      local delta = bounded(args[a + 5], -CAP)
      if kind ~= 'req' and delta ~= 0 and not leases_only then
        local field = args[a + 2]
        g.items[#g.items + 1] = { kind = kind, field = field, at = #g.names + 1, limit = bounded(args[a + 3], 0),
          window = window, delta = delta }
        g.names[#g.names + 1] = field
        if kind == 'tok' then g.names[#g.names + 1] = field .. ':t' end
      end
    end
  end
  for _, g in ipairs(order) do
    if #g.items > 0 then
      local h = redis.call('HMGET', g.key, unpack(g.names))
      local writes = {}
      for _, b in ipairs(g.items) do
        if b.kind == 'tok' then
          local v, ts = tonumber(h[b.at]), tonumber(h[b.at + 1])
          if v == nil or ts == nil then v, ts = b.limit, now end
          local level = math.max(0, math.min(b.limit, v + math.max(0, now - ts) * b.limit / b.window))
          level = math.max(0, math.min(b.limit, level + b.delta))
          writes[#writes + 1] = b.field
          writes[#writes + 1] = string.format('%.17g', level)
          writes[#writes + 1] = b.field .. ':t'
          writes[#writes + 1] = int(now)
        else
          local used = tonumber(h[b.at] or '0') or 0
          writes[#writes + 1] = b.field
          writes[#writes + 1] = int(math.max(0, math.min(CAP, used + b.delta)))
        end
      end
      redis.call('HSET', g.key, unpack(writes))
      redis.call('PEXPIRE', g.key, int(g.ttl))
    end
  end
end
