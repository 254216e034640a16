-- One tenant's calls of one upstream MCP tool in the last window (mcp/upstream/ToolCallLimiter).
-- A sliding log, exact across instances: the set holds each admitted call's id scored by its time
-- (Redis's clock, so instances' clocks do not matter), at most `limit` of them.
-- KEYS[1] the log; ARGV[1] limit, ARGV[2] window in ms, ARGV[3] the call's request id.
-- Returns {1, remaining} when admitted, {0, ms until the oldest call leaves the window} when refused.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if n >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local wait = window
  if oldest[2] then wait = tonumber(oldest[2]) + window - now end
  if wait < 1 then wait = 1 end
  return {0, wait}
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return {1, limit - n - 1}
