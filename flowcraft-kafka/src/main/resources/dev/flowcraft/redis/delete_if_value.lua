-- Deletes KEYS[1] if it holds ARGV[1] (compare-and-delete: release a lease only while it is still one's own).
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('UNLINK', KEYS[1])
end
return 0
