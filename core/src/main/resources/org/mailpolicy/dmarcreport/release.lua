-- Offers a claimed report again after its sending failed; its claimed records join the next claim.
-- KEYS: leases, owners, due index. ARGV: report, this claim's owner, interval end.
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return 1
