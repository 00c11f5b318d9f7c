-- Adds ARGV to the work set KEYS[1] only if it exists (never creates it). Returns the size without the
-- marker, or -1 when the set is missing. SADD in chunks: unpack() of a huge ARGV would overflow the Lua stack.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
for i = 1, #ARGV, 1000 do
  redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
return redis.call('SCARD', KEYS[1]) - 1
