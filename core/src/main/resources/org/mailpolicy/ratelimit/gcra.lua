-- One GCRA decision for one bucket, atomically, on the server's clock: the arithmetic of
-- org.mailpolicy.ratelimit.Gcra, line by line. Whole microseconds below 2^53, so Lua's doubles
-- hold them exactly; written back with %.0f because tostring() would round them to 14 digits.
-- KEYS[1]  the bucket's hash: one field per window:dimension holding its TAT, plus "limited"
-- ARGV     mode (leaky | strict | refund), cell count, then per cell: field, period µs, limit, cost
-- returns  { allowed (1|0), now µs, TAT before of each cell (0: none) }
local key = KEYS[1]
local mode = ARGV[1]
local n = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

local fields, periods, incs, before, charged = {}, {}, {}, {}, {}
local allowed = 1
for i = 1, n do
  local a = 2 + (i - 1) * 4
  fields[i] = ARGV[a + 1]
  periods[i] = tonumber(ARGV[a + 2])
  local limit = tonumber(ARGV[a + 3])
  local cost = tonumber(ARGV[a + 4])
  incs[i] = math.min(math.floor(cost * periods[i] / limit), periods[i] + 1)
  local tat = tonumber(redis.call('HGET', key, fields[i]) or '0')
  if tat <= now then tat = 0 end
  before[i] = tat
  charged[i] = math.max(tat, now) + incs[i]
  if mode ~= 'refund' and charged[i] - now > periods[i] then allowed = 0 end
end

local latest = 0
for i = 1, n do
  local after
  if mode == 'refund' then
    after = before[i] - incs[i]
  elseif allowed == 1 then
    after = charged[i]
  elseif mode == 'strict' then
    after = math.min(charged[i], now + periods[i])
  else
    after = before[i]
  end
  if after > now then
    redis.call('HSET', key, fields[i], string.format('%.0f', after))
    latest = math.max(latest, after)
  else
    redis.call('HDEL', key, fields[i])
  end
end
if allowed == 0 then redis.call('HINCRBY', key, 'limited', 1) end

-- The bucket lives until its last TAT passes (then it is the same as no bucket); never shorten it,
-- as other windows of the bucket may reach further.
local ttl = math.max(math.ceil((latest - now) / 1000) + 1, 1000)
local pttl = redis.call('PTTL', key)
if pttl == -1 or (pttl >= 0 and ttl > pttl) then redis.call('PEXPIRE', key, ttl) end

local reply = { allowed, now }
for i = 1, n do reply[i + 2] = before[i] end
return reply
