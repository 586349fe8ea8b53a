-- The reports to send: intervals ended by the caller's time, and claims whose lease ran out by the server's.
-- KEYS: due index, leases. ARGV: now in seconds.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local reports = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for _, report in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
  table.insert(reports, report)
end
return reports
