-- Removes the expiry of KEYS[1]. Returns 1 if the key exists (PERSIST alone returns 0 for a key without TTL).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('PERSIST', KEYS[1])
return 1
