-- wrk requests for bench/load.sh and bench/replicas.sh: every request a different chart (a counter in the tag),
-- so none is served from the cache; each script appends its own report.
local n = 0
request = function()
  n = n + 1
  local body = '{"chart.name": "shop", "image.tag": "1.0.' .. n .. '-' .. math.random(1, 1000000000) .. '"}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Accept"] = "application/zip"}, body)
end
