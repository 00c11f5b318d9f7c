-- Idempotent join arrival. KEYS[1] = join hash.
-- ARGV: predecessor, taken ('1'/'0'), expected count, ttl in ms ('0' = no expiry).
-- Hash fields: 'p:<predecessor>' -> taken flag; '#arrived', '#taken' counters; '#completedBy', '#firstTakenBy'.
-- Predecessor fields all start with 'p:', so they never collide with the '#' fields.
local key = KEYS[1]
local pred = ARGV[1]
local taken = ARGV[2] == '1'
if redis.call('HSETNX', key, 'p:' .. pred, ARGV[2]) == 1 then
  local arrived = redis.call('HINCRBY', key, '#arrived', 1)
  if taken then
    redis.call('HINCRBY', key, '#taken', 1)
    redis.call('HSETNX', key, '#firstTakenBy', pred)
  end
  if arrived >= tonumber(ARGV[3]) then
    redis.call('HSETNX', key, '#completedBy', pred)
  end
  local ttl = tonumber(ARGV[4])
  if arrived == 1 and ttl > 0 then
    redis.call('PEXPIRE', key, ttl)
  end
end
local v = redis.call('HMGET', key, '#arrived', '#taken', '#completedBy', '#firstTakenBy')
return {tonumber(v[1]), tonumber(v[2] or '0'), v[3], v[4]}
