-- Forgets a claimed report once it is on its way; a claim taken over meanwhile is the new owner's to end.
-- KEYS: claimed records, policy, records, leases, owners. ARGV: report, this claim's owner.
if redis.call('HGET', KEYS[5], ARGV[1]) ~= ARGV[2] then
  return 0
end
redis.call('DEL', KEYS[1])
-- rows recorded since the claim still need the policy
if redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('DEL', KEYS[2])
end
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('HDEL', KEYS[5], ARGV[1])
return 1
