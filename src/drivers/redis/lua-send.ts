/**
 * The one script that writes messages, for queues and topics alike, so that remembering an
 * idempotency key and writing the message (or its copies) happen together or not at all.
 *
 * KEYS: 1 the queue's or topic's meta hash, then whatever the messages refer to by index. ARGV:
 * 1 the topic's subscription list version the targets were chosen from ('' for a queue), 2 the
 * message count, then per message: id, notBefore (0: none), dedup key index (0: none), meta key
 * index (its hash's `dedupWindowMs` is the window), target count, per target the indexes of its
 * stream, scheduled stream, schedule sorted set and wake stream, then the field count and the
 * fields. Returns per message {duplicate 0/1, the id that stands}, or nil, writing nothing, when
 * the subscription list changed since that version (the caller reads it again and retries).
 */
export const sendScript = `
if ARGV[1] ~= '' and (redis.call('HGET', KEYS[1], 'version') or '0') ~= ARGV[1] then return false end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local a, out = 3, {}
for m = 1, tonumber(ARGV[2]) do
  local id, notBefore, dedupIdx, metaIdx, targets = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  local firstTarget = a + 5
  -- The fields are passed to XADD straight from ARGV (first to last), without copying them.
  local countAt = firstTarget + targets * 4
  local first, last = countAt + 1, countAt + tonumber(ARGV[countAt])
  a = last + 1
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
    for at = firstTarget, countAt - 1, 4 do
      if notBefore > now then
        redis.call('ZADD', KEYS[tonumber(ARGV[at + 2])], notBefore, redis.call('XADD', KEYS[tonumber(ARGV[at + 1])], '*', unpack(ARGV, first, last)))
        redis.call('XADD', KEYS[tonumber(ARGV[at + 3])], 'MAXLEN', '1', '*', 'at', tostring(now))
      else
        redis.call('XADD', KEYS[tonumber(ARGV[at])], '*', unpack(ARGV, first, last))
      end
    end
    out[m] = {0, id}
  end
end
return out
`;

/*
 * A topic's subscriptions as publish sees them. KEYS of both scripts below: 1 the subscription
 * hash (name → its filter as JSON), 2 the topic's meta hash, whose `version` changes whenever the
 * list does. Every sidecar's publish names the version its targets came from, and the send script
 * refuses a stale one in the same step as its writes: a subscription registered by any replica
 * before a publish runs gets that event, without reading the list on every publish.
 */

/** ARGV: 1 subscription, 2 its JSON, 3 its dedup window ms. Returns the version after. */
export const registerSubscriptionScript = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('HINCRBY', KEYS[2], 'version', 1)
end
-- The topic's dedup window is the longest any subscription asked for.
if tonumber(ARGV[3]) > tonumber(redis.call('HGET', KEYS[2], 'dedupWindowMs') or '0') then
  redis.call('HSET', KEYS[2], 'dedupWindowMs', ARGV[3])
end
return redis.call('HGET', KEYS[2], 'version') or '0'
`;

/** Returns {version, the subscription hash as a flat list}, read together. */
export const subscriptionsScript = `
return {redis.call('HGET', KEYS[2], 'version') or '0', redis.call('HGETALL', KEYS[1])}
`;
