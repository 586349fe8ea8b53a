-- Claims one report for sending, under a lease: only the caller that claims it gets its data, so one node
-- sends it; a claim whose lease ran out (its node died before acknowledging) is taken over. Rows recorded
-- since an earlier claim join it. Leases are on the server's clock, so nodes with skewed clocks agree.
-- KEYS: records, claimed records, policy, due index, leases, owners.
-- ARGV: report, this claim's owner, lease in ms.
-- returns false when nothing is held or another live claim holds it, else {policy, claimed records}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = redis.call('ZSCORE', KEYS[5], ARGV[1])
if lease and tonumber(lease) > now then
  return false
end
if redis.call('ZREM', KEYS[4], ARGV[1]) == 0 and not lease then
  return false
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('EXISTS', KEYS[2]) == 0 then
    redis.call('RENAME', KEYS[1], KEYS[2])
  else
    local late = redis.call('HGETALL', KEYS[1])
    for i = 1, #late, 2 do
      redis.call('HINCRBY', KEYS[2], late[i], late[i + 1])
    end
    redis.call('DEL', KEYS[1])
  end
end
local records = redis.call('HGETALL', KEYS[2])
if #records == 0 then
  -- the data expired: nothing left to send
  redis.call('ZREM', KEYS[5], ARGV[1])
  redis.call('HDEL', KEYS[6], ARGV[1])
  redis.call('DEL', KEYS[3])
  return false
end
redis.call('ZADD', KEYS[5], now + tonumber(ARGV[3]), ARGV[1])
redis.call('HSET', KEYS[6], ARGV[1], ARGV[2])
return {redis.call('GET', KEYS[3]) or '', records}
