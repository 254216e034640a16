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


local function admit_one(keys, ko, args, ao, last, now)
  local n = bounded(args[ao + 1], 0)
  local lookup = args[ao + 2] == '1'
  local member = args[ao + 3]
  local record_ttl = bounded(args[ao + 4], 1)
  local record = keys[ko + n + 1]

  -- A compensating release that overtook this call (the client timed out first) left a tombstone:
  -- reserve nothing, the client is no longer waiting for this answer.
  if redis.call('HGET', record, 'state') == 'released' then
    return { 0, 0, -2, false }
  end

  local kinds, limits, windows, costs, state = {}, {}, {}, {}, {}
  for i = 1, n do
    local a = ao + 4 + (i - 1) * 5
    kinds[i] = args[a + 1]
    limits[i] = bounded(args[a + 2], 0)
    windows[i] = bounded(args[a + 3], 1)
    costs[i] = bounded(args[a + 4], 0)
    local seed = bounded(args[a + 5], 0)
    if kinds[i] == 'budget' and seed > 0 and redis.call('EXISTS', keys[ko + i]) == 0 then
      redis.call('SET', keys[ko + i], int(seed), 'PX', int(windows[i]))
    end
  end

  local function bucket_level(i)
    local h = redis.call('HMGET', keys[ko + i], 'v', 't')
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
    local hit = redis.call('GET', keys[ko + n + 3])
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
      local used = math.max(0, math.min(CAP, tonumber(redis.call('GET', keys[ko + i]) or '0') or 0))
      state[i] = used
      if applies and used + costs[i] > limits[i] then
        failed = i
        retry = math.max(1, redis.call('PTTL', keys[ko + i]))
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
  local first = ao + 4 + n * 5 + 1
  if first <= last and not cached then
    local expires = now + record_ttl
    local fields = { 'state', 'r', 'expires', int(expires) }
    for j = first, last do fields[#fields + 1] = args[j] end
    redis.call('HSET', record, unpack(fields))
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
      redis.call('HSET', keys[ko + i], 'v', string.format('%.17g', level), 't', int(now))
      redis.call('PEXPIRE', keys[ko + i], int(windows[i] * 2))
      remaining = math.floor(level)
      reset = reset_ms(i, level)
    elseif k == 'lease' then
      if applies then
        redis.call('ZADD', keys[ko + i], int(now + windows[i]), member)
        redis.call('PEXPIRE', keys[ko + i], int(windows[i]))
      end
      remaining = math.max(0, limits[i] - state[i] - (applies and 1 or 0))
    else
      if applies and costs[i] > 0 then
        redis.call('SET', keys[ko + i], int(math.min(CAP, state[i] + costs[i])), 'KEEPTTL')
        if redis.call('PTTL', keys[ko + i]) < 0 then redis.call('PEXPIRE', keys[ko + i], int(windows[i])) end
      end
      remaining = math.max(0, limits[i] - state[i] - (applies and costs[i] or 0))
    end
    out[#out + 1] = remaining
    out[#out + 1] = reset
  end

  return out
end
