-- Durable creates: each request makes a new city under the root (unique code
-- per thread and request), bearer token from XA_TOKEN.
local counter = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("XA_TOKEN")
  wrk.headers["Content-Type"] = "application/json"
  base = tonumber(os.getenv("XA_CODE_BASE") or "100000") + tid * 400000
end
function request()
  counter = counter + 1
  local body = string.format('{"parent_id":1,"kind":"city","name":"压测市%d","code":"%06d"}', counter, (base + counter) % 1000000)
  return wrk.format("POST", "/api/v1/orgs", nil, body)
end
