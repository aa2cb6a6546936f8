-- Durable creates: each request makes a new org of XA_KIND (default city)
-- under XA_PARENT (default 1) with a unique code per thread and request;
-- bearer token from XA_TOKEN.
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
  parent = os.getenv("XA_PARENT") or "1"
  kind = os.getenv("XA_KIND") or "city"
end
function request()
  counter = counter + 1
  local body = string.format('{"parent_id":%s,"kind":"%s","name":"压测%d","code":"%06d"}', parent, kind, counter, (base + counter) % 1000000)
  return wrk.format("POST", "/api/v1/orgs", nil, body)
end
