-- A bucket's state with the server's clock, in one round trip. Returns { now µs, field, value, ... }.
local time = redis.call('TIME')
local reply = { tonumber(time[1]) * 1000000 + tonumber(time[2]) }
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all do reply[i + 1] = all[i] end
return reply
