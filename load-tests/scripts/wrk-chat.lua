-- wrk script for overhead-benchmark.sh: POSTs chat completions, each with a prompt of its own
-- (temperature 0, so the gateway looks the cache up, misses, calls the backend and stores the
-- answer: the full pipeline). Arguments after "--": stream|plain, API key, run label.
--   wrk -t1 -c1 -d15s --latency -s wrk-chat.lua http://127.0.0.1:8000/v1/chat/completions -- plain sk-gw-... run1
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  stream = args[1] == "stream"
  key = args[2] or ""
  label = args[3] or tostring(os.time())
  counter = 0
  headers = { ["content-type"] = "application/json" }
  if key ~= "" then
    headers["authorization"] = "Bearer " .. key
  end
end

function request()
  counter = counter + 1
  local body = '{"model":"chat-default","temperature":0,"max_tokens":16,"stream":' .. tostring(stream)
    .. ',"messages":[{"role":"user","content":"benchmark ' .. label .. ' ' .. thread_id .. ' ' .. counter
    .. ' tell me about gpus"}]}'
  return wrk.format("POST", nil, headers, body)
end
