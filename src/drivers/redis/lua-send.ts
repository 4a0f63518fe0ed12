/**
 * The one script that writes messages, for queues and topics alike, so that remembering an
 * idempotency key and writing the message (or its copies) happen together or not at all.
 *
 * KEYS: whatever the messages refer to by index. ARGV: the message count, then per message:
 * id, notBefore (0: none), dedup key index (0: none), meta key index (its hash's
 * `dedupWindowMs` is the window), target count, per target the indexes of its stream,
 * scheduled stream, schedule sorted set and wake stream, then the field count and the fields.
 * Returns per message {duplicate 0/1, the id that stands}.
 */
export const sendScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local a, out = 2, {}
for m = 1, tonumber(ARGV[1]) do
  local id, notBefore, dedupIdx, metaIdx, targets = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  a = a + 5
  local streams = {}
  for i = 1, targets do
    streams[i] = {KEYS[tonumber(ARGV[a])], KEYS[tonumber(ARGV[a + 1])], KEYS[tonumber(ARGV[a + 2])], KEYS[tonumber(ARGV[a + 3])]}
    a = a + 4
  end
  local count = tonumber(ARGV[a])
  local fields = {}
  for i = 1, count do fields[i] = ARGV[a + i] end
  a = a + count + 1
  local original = false
  if dedupIdx > 0 then
    original = redis.call('GET', KEYS[dedupIdx])
    if not original then
      local window = tonumber(redis.call('HGET', KEYS[metaIdx], 'dedupWindowMs') or '600000')
      redis.call('SET', KEYS[dedupIdx], id, 'PX', math.max(window, 1))
    end
  end
  if original then
    out[m] = {1, original}
  else
    for _, s in ipairs(streams) do
      if notBefore > now then
        redis.call('ZADD', s[3], notBefore, redis.call('XADD', s[2], '*', unpack(fields)))
        redis.call('XADD', s[4], 'MAXLEN', '1', '*', 'at', tostring(now))
      else
        redis.call('XADD', s[1], '*', unpack(fields))
      end
    end
    out[m] = {0, id}
  end
end
return out
`;
