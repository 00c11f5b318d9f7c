-- Removes ARGV[1] from the work set KEYS[1] and returns the remaining size without the marker,
-- or -1 when the set is missing (an existing set always holds the marker, so SCARD 0 means missing).
local n = redis.call('SCARD', KEYS[1])
if n == 0 then
  return -1
end
return n - redis.call('SREM', KEYS[1], ARGV[1]) - 1
