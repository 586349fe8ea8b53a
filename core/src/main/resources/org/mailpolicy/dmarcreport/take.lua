-- Takes one due report: only the caller that removes it from the due index gets its data, so one node reports it.
-- KEYS: records hash, policy string, due index. ARGV: report.
if redis.call('ZREM', KEYS[3], ARGV[1]) == 0 then
  return false
end
local records = redis.call('HGETALL', KEYS[1])
local policy = redis.call('GET', KEYS[2]) or ''
redis.call('DEL', KEYS[1], KEYS[2])
return {policy, records}
