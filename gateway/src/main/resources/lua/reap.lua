-- Reaper claim (ratelimit/expiry): hands out reservation records whose expiry passed, each to
-- one caller: their index score moves to now + claim ms, so no other instance picks them up
-- while this one settles them (settle.lua in 'reap' mode, which checks the expiry again). A
-- reaper that dies mid-way only delays them by the claim time.
--
-- KEYS[1] the index; ARGV[1] most records to claim, ARGV[2] claim ms
-- Returns the claimed record keys.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, record in ipairs(due) do
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), record)
end
return due
