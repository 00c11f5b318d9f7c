-- Removes ARGV[1] from the work set KEYS[1], then adds ARGV[2..] (so an item that is both stays). Returns the
-- size without the marker, or -1 when the set is missing (nothing changes; an existing set holds the marker).
-- SADD in chunks: unpack() of a huge ARGV would overflow the Lua stack.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
redis.call('SREM', KEYS[1], ARGV[1])
for i = 2, #ARGV, 1000 do
  redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
return redis.call('SCARD', KEYS[1]) - 1
