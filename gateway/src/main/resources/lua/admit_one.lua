-- One admission (see admit.lua for what it does, its arguments and its reply), shared by
-- admit.lua and admit_batch.lua (LuaScript prepends it to each). Its keys are keys[ko + 1 ..],
-- its arguments args[ao + 1 .. last]; now is the server's clock in ms.
local CAP = 1125899906842624
local function bounded(s, lo)
  local v = tonumber(s)
  if v == nil or v ~= v then error('not a number: ' .. tostring(s)) end
  return math.floor(math.max(lo, math.min(CAP, v)))
end
local function int(v) return string.format('%d', v) end

-- The buckets of one call grouped by scope hash: per hash the fields to read (a token bucket's
-- level and time, a budget's counter) and the longest life any of its buckets needs, so the hash
-- is read with one HMGET and written with one HSET and one PEXPIRE. at[i] is bucket i's first
-- field's position in its hash's list, scope[i] its hash's entry.
local function group_scopes(keys, ko, kinds, fields, windows, n)
  local order, by_key, scope, at = {}, {}, {}, {}
  for i = 1, n do
    local k = kinds[i]
    if k ~= 'lease' then
      local key = keys[ko + i]
      local g = by_key[key]
      if not g then
        g = { key = key, names = {}, ttl = 1, writes = {} }
        by_key[key] = g
        order[#order + 1] = g
      end
      at[i] = #g.names + 1
      scope[i] = g
      g.names[#g.names + 1] = fields[i]
      if k == 'budget' then
        g.ttl = math.max(g.ttl, windows[i])
      else
        g.names[#g.names + 1] = fields[i] .. ':t'
        g.ttl = math.max(g.ttl, windows[i] * 2)
      end
    end
  end
  return order, scope, at
end

local function read_scopes(order)
  for _, g in ipairs(order) do g.values = redis.call('HMGET', g.key, unpack(g.names)) end
end

local function write_scopes(order)
  for _, g in ipairs(order) do
    if #g.writes > 0 then
      redis.call('HSET', g.key, unpack(g.writes))
      redis.call('PEXPIRE', g.key, int(g.ttl))
    end
  end
end

-- A budget field of a new period ('dtok:20261129'): the scope's older fields of that budget go,
-- except the newest before it (a late settlement of the previous period still finds it). Runs
-- once per period and scope, when the new period's field is first written.
local function drop_old_periods(g, field)
  local kind = string.match(field, '^([^:]*:)')
  if not kind then return end
  if not g.all then g.all = redis.call('HKEYS', g.key) end
  local keep, older = nil, {}
  for _, f in ipairs(g.all) do
    if f ~= field and string.sub(f, 1, #kind) == kind and f < field then
      older[#older + 1] = f
      if keep == nil or f > keep then keep = f end
    end
  end
  local gone = {}
  for _, f in ipairs(older) do
    if f ~= keep then gone[#gone + 1] = f end
  end
  if #gone > 0 then redis.call('HDEL', g.key, unpack(gone)) end
end

local function admit_one(keys, ko, args, ao, last, now)
  local n = bounded(args[ao + 1], 0)
  local lookup = args[ao + 2] == 1 or args[ao + 2] == '1'
  local member = args[ao + 3]
  local record_ttl = bounded(args[ao + 4], 1)
  local e = bounded(args[ao + 5], 0)
  local bo = ao + 5 + e
  local record = keys[ko + n + 1]

  -- A compensating release that overtook this call (the client timed out first) left a tombstone:
  -- reserve nothing, the client is no longer waiting for this answer.
  if redis.call('HGET', record, 'state') == 'released' then
    return { 0, 0, -2, false }
  end

  local kinds, fields, limits, windows, costs, seeds, state = {}, {}, {}, {}, {}, {}, {}
  for i = 1, n do
    local a = bo + (i - 1) * 6
    kinds[i] = args[a + 1]
    fields[i] = args[a + 2]
    limits[i] = bounded(args[a + 3], 0)
    windows[i] = bounded(args[a + 4], 1)
    costs[i] = bounded(args[a + 5], 0)
    seeds[i] = bounded(args[a + 6], 0)
  end
  local order, scope, at = group_scopes(keys, ko, kinds, fields, windows, n)
  read_scopes(order)

  local function bucket_level(i)
    local h = scope[i].values
    local v, ts = tonumber(h[at[i]]), tonumber(h[at[i] + 1])
    if v == nil or ts == nil then return limits[i] end
    local refill = math.max(0, now - ts) * limits[i] / windows[i]
    return math.max(0, math.min(limits[i], v + refill))
  end

  -- Capped at the window: a limit whose product with the window passes 2^53 loses its last digit
  -- in these doubles, and an empty bucket's wait came out a millisecond past the window.
  local function wait_ms(i, amount)
    return math.min(windows[i], math.ceil(amount * windows[i] / limits[i]))
  end

  local function reset_ms(i, level)
    if limits[i] == 0 then return windows[i] end
    return wait_ms(i, limits[i] - level)
  end

  local cached = false
  if lookup then
    local hit = redis.call('GET', keys[ko + n + 3])
    if hit then cached = hit end
  end

  -- Phase 1: check, without writing anything.
  local failed, retry = 0, 0
  local fresh = {}
  for i = 1, n do
    local k = kinds[i]
    local applies = (not cached) or k == 'req'
    if k == 'req' or k == 'tok' then
      local level = bucket_level(i)
      state[i] = level
      if applies and level < costs[i] then
        failed = i
        if costs[i] > limits[i] then retry = -1
        else retry = wait_ms(i, costs[i] - level) end
        break
      end
    elseif k == 'lease' then
      -- Requests that ended (their settlement still on its way) hold no slot.
      if e > 0 then redis.call('ZREM', keys[ko + i], unpack(args, ao + 6, ao + 5 + e)) end
      redis.call('ZREMRANGEBYSCORE', keys[ko + i], '-inf', now)
      local held = redis.call('ZCARD', keys[ko + i])
      state[i] = held
      if applies and held >= limits[i] then
        failed = i
        local oldest = redis.call('ZRANGE', keys[ko + i], 0, 0, 'WITHSCORES')
        retry = oldest[2] and math.min(windows[i], math.max(1, tonumber(oldest[2]) - now)) or windows[i]
        break
      end
    else
      local raw = scope[i].values[at[i]]
      -- A missing counter starts from the ledger's total (Redis lost it, or a new period: seed 0).
      if not raw then fresh[i] = true end
      local used = raw and math.max(0, math.min(CAP, tonumber(raw) or 0)) or seeds[i]
      state[i] = used
      if applies and used + costs[i] > limits[i] then
        failed = i
        -- The caller tells the client when the period turns over; this says only "not ever".
        retry = windows[i]
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
  local first = bo + n * 6 + 1
  if first <= last and not cached then
    local expires = now + record_ttl
    local rf = { 'state', 'r', 'expires', int(expires) }
    for j = first, last do rf[#rf + 1] = args[j] end
    redis.call('HSET', record, unpack(rf))
    redis.call('PEXPIRE', record, int(record_ttl + 86400000))
    redis.call('ZADD', keys[ko + n + 2], int(expires), record)
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
      local w = scope[i].writes
      w[#w + 1] = fields[i]
      w[#w + 1] = string.format('%.17g', level)
      w[#w + 1] = fields[i] .. ':t'
      w[#w + 1] = int(now)
      remaining = math.floor(level)
      reset = reset_ms(i, level)
    elseif k == 'lease' then
      if applies then
        redis.call('ZADD', keys[ko + i], int(now + windows[i]), member)
        redis.call('PEXPIRE', keys[ko + i], int(windows[i]))
      end
      remaining = math.max(0, limits[i] - state[i] - (applies and 1 or 0))
    else
      local charge = (applies and costs[i]) or 0
      if charge > 0 or fresh[i] then
        local w = scope[i].writes
        w[#w + 1] = fields[i]
        w[#w + 1] = int(math.min(CAP, state[i] + charge))
        if fresh[i] then drop_old_periods(scope[i], fields[i]) end
      end
      remaining = math.max(0, limits[i] - state[i] - charge)
    end
    out[#out + 1] = remaining
    out[#out + 1] = reset
  end
  write_scopes(order)

  return out
end
