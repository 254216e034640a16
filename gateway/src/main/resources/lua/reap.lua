-- Reaper claim (ratelimit/expiry): hands out reservation records whose expiry passed, each to
-- one caller: their index score moves to now + claim ms, so no other instance picks them up
-- while this one settles them (settle.lua in 'reap' mode, which checks the expiry again). A
-- reaper that dies mid-way only delays them by the claim time. One shard's index per call (its
-- own slot on Redis Cluster).
--
-- KEYS[1] the index; ARGV[1] most records to claim, ARGV[2] claim ms (both clamped to [1, 2^50])
-- Returns the claimed record keys.
local CAP = 1125899906842624
local function bounded(s, lo)
  local v = tonumber(s)
  if v == nil or v ~= v then error('not a number: ' .. tostring(s)) end
  return math.floor(math.max(lo, math.min(CAP, v)))
end

local most = bounded(ARGV[1], 1)
local claim = bounded(ARGV[2], 1)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, most)
for _, record in ipairs(due) do
  redis.call('ZADD', KEYS[1], string.format('%d', now + claim), record)
end
return due
