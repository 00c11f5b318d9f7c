-- Opens a work set. KEYS[1] = the set. ARGV: marker member, ttl in ms ('0' = no expiry).
-- An existing set always holds the marker, so SCARD 0 means "missing". Returns the size without the marker.
local n = redis.call('SCARD', KEYS[1])
if n > 0 then
  return n - 1
end
redis.call('SADD', KEYS[1], ARGV[1])
local ttl = tonumber(ARGV[2])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return 0
