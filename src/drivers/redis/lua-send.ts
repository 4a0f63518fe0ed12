/**
 * The one script that writes messages, for queues and topics alike, so that remembering an
 * idempotency key and writing the message (or its copies) happen together or not at all.
 *
 * Redis runs it once per call of many messages (writer.ts), so what it does per message is kept
 * to what the message asks for: a plain message is one XADD per target and its field count
 * read; duplicate detection only for a message with an idempotency key, the clock only when a
 * message is scheduled, and nothing in the reply but the duplicates (the caller knows its ids).
 *
 * KEYS: 1 the queue's or topic's meta hash (`version`, `dedupWindowMs`); each target's four keys
 * in a row (stream, scheduled stream, schedule sorted set, wake stream); idempotency keys. ARGV:
 * 1 the topic's subscription list version the targets were chosen from ('' for a queue), 2 where
 * in ARGV the target sets begin (after the messages). Then runs of messages, in order, each:
 * its target set (1-based), notBefore (0: none), the KEYS index of the idempotency key (0: none),
 * the message count, and per message the field count and the fields (codec.ts: `id` and the
 * message id first); a scheduled or keyed message is a run of its own. Then each target set:
 * its target count and the KEYS index of each target's stream. Returns {message number, the id
 * that stands} of each duplicate, flat; or nil, writing nothing, when the subscription list
 * changed since that version (the caller reads it again and retries).
 */
export const sendScript = `
if ARGV[1] ~= '' and (redis.call('HGET', KEYS[1], 'version') or '0') ~= ARGV[1] then return false end
local setsAt = tonumber(ARGV[2])
local sets, a = {}, setsAt
while a <= #ARGV do
  local n, set = tonumber(ARGV[a]), {}
  for i = 1, n do set[i] = tonumber(ARGV[a + i]) end
  sets[#sets + 1] = set
  a = a + n + 1
end
local now, window, out, m = nil, nil, {}, 0
a = 3
while a < setsAt do
  local targets, notBefore, dedupIdx, count = sets[tonumber(ARGV[a])], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  a = a + 4
  for _ = 1, count do
    m = m + 1
    -- The fields go to XADD straight from ARGV, without copying them.
    local first, last = a + 1, a + tonumber(ARGV[a])
    a = last + 1
    local original = false
    if dedupIdx > 0 then
      original = redis.call('GET', KEYS[dedupIdx])
      if original then
        out[#out + 1] = m
        out[#out + 1] = original
      else
        window = window or math.max(tonumber(redis.call('HGET', KEYS[1], 'dedupWindowMs') or '600000'), 1)
        redis.call('SET', KEYS[dedupIdx], ARGV[first + 1], 'PX', window)
      end
    end
    if not original then
      if notBefore > 0 and not now then
        local t = redis.call('TIME')
        now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      end
      for _, k in ipairs(targets) do
        if notBefore > 0 and notBefore > now then
          redis.call('ZADD', KEYS[k + 2], notBefore, redis.call('XADD', KEYS[k + 1], '*', unpack(ARGV, first, last)))
          redis.call('XADD', KEYS[k + 3], 'MAXLEN', '1', '*', 'at', tostring(now))
        else
          redis.call('XADD', KEYS[k], '*', unpack(ARGV, first, last))
        end
      end
    end
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
