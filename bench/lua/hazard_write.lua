-- Durable hazard writes: each connection reports a hazard at XA_SCHOOL and
-- then assigns it to XA_RECTIFIER (a transition through the state machine),
-- alternately; bearer token of the school's safety officer in XA_TOKEN.
local counter = 0
local pending = {}
function init(args)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("XA_TOKEN")
  wrk.headers["Content-Type"] = "application/json"
  school = os.getenv("XA_SCHOOL")
  rectifier = os.getenv("XA_RECTIFIER")
end
function request()
  counter = counter + 1
  local id = table.remove(pending)
  if id then
    return wrk.format("POST", "/api/v1/hazards/" .. id .. "/actions", nil,
      string.format('{"action":"assign","rectifier_id":%s}', rectifier))
  end
  local body = string.format('{"school_id":%s,"title":"压测隐患%d","category":"fire","grade":"general","source":"self_check"}', school, counter)
  return wrk.format("POST", "/api/v1/hazards", nil, body)
end
function response(status, headers, body)
  if status == 201 then
    local id = string.match(body, '"id":(%d+)')
    if id then table.insert(pending, id) end
  end
end
