/**
 * The scripts that change an inbox. Each runs atomically in Redis, so an entry is never both
 * leased and dead-lettered, never acknowledged by a lease that was claimed again, and never lost
 * between the queue and its dead-letter stream, whatever process dies when.
 *
 * KEYS of every inbox script (keys.ts inboxKeyList): 1 stream, 2 meta, 3 leases, 4 due,
 * 5 scheduled, 6 schedule, 7 dead letters, 8 wake, 9 held keys, 10 key of entry, 11 parked. ARGV 1 is the consumer group, 2 the consumer name.
 *
 * A lease is (entry id, claim number): the claim number is drawn from a counter at each delivery
 * and recorded in `leases`, so a lease taken over by a later delivery no longer matches. The
 * attempt is the pending entries list's delivery count, which a release sets back by one.
 *
 * Ordering keys: `held` maps a key to the one entry of it that may be leased (leased, or waiting
 * for its retry); later entries of the key are read from the group but parked (sorted set, by
 * key then entry id, delivery count 0) until the holder is acknowledged or dead-lettered, when
 * the key's next parked entry becomes due at once.
 */

/** Helpers every script starts with. Time is Redis's (TIME), the one clock all sidecars share. */
const prelude = `
local S, M, L, D, SCH, SCHZ, DLQ, W = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local HELD, KEYOF, PARKED = KEYS[9], KEYS[10], KEYS[11]
local group, consumer = ARGV[1], ARGV[2]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function field(fields, name)
  for i = 1, #fields, 2 do if fields[i] == name then return fields[i + 1] end end
  return nil
end
local function wake()
  redis.call('XADD', W, 'MAXLEN', '1', '*', 'at', tostring(now))
end
local function pad(digits)
  return string.rep('0', 20 - #digits) .. digits
end
-- Parked members sort by key, then by entry id (zero-padded, so lexical order is id order).
local function parkedName(key, id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return key .. '\\0' .. pad(ms) .. '-' .. pad(seq) .. '\\0' .. id
end
-- The entry no longer holds its ordering key: the key's next parked entry becomes due now.
local function releaseKey(id)
  local key = redis.call('HGET', KEYOF, id)
  if not key then return end
  redis.call('HDEL', KEYOF, id)
  local nextParked = redis.call('ZRANGEBYLEX', PARKED, '[' .. key .. '\\0', '(' .. key .. '\\1', 'LIMIT', 0, 1)
  if nextParked[1] then
    local nextId = string.match(nextParked[1], '%z(%d+%-%d+)$')
    redis.call('ZREM', PARKED, nextParked[1])
    redis.call('HSET', HELD, key, nextId)
    redis.call('HSET', KEYOF, nextId, key)
    redis.call('ZADD', D, now, nextId)
    wake()
  else
    redis.call('HDEL', HELD, key)
  end
end
local function forget(id)
  redis.call('XACK', S, group, id)
  redis.call('XDEL', S, id)
  redis.call('HDEL', L, id)
  redis.call('ZREM', D, id)
  releaseKey(id)
end
-- Dead letter and removal from the queue in one step: no crash can keep or lose both.
local function deadLetter(id, fields, attempts, reason)
  local copy = {}
  for i = 1, #fields do copy[i] = fields[i] end
  if not field(fields, 'outrigger-enqueued-at') then
    copy[#copy + 1] = 'outrigger-enqueued-at'
    copy[#copy + 1] = string.match(id, '^(%d+)')
  end
  copy[#copy + 1] = 'outrigger-reason'; copy[#copy + 1] = reason
  copy[#copy + 1] = 'outrigger-attempts'; copy[#copy + 1] = tostring(attempts)
  copy[#copy + 1] = 'outrigger-dead-lettered-at'; copy[#copy + 1] = tostring(now)
  redis.call('XADD', DLQ, '*', unpack(copy))
  forget(id)
end
local function maxDeliveries()
  return tonumber(redis.call('HGET', M, 'maxDeliveries') or '10')
end
local function pendingCount(id)
  local p = redis.call('XPENDING', S, group, id, id, 1)
  if #p == 0 then return nil end
  return tonumber(p[1][4])
end
`;

/**
 * ARGV 3 max, 4 leaseMs (0: the inbox's own). Moves due scheduled messages in, redelivers expired or nacked entries
 * (dead-lettering those at maxDeliveries), then reads new ones. Returns {deliveries, next due
 * time or false, next scheduled time or false, newest entry id, newest wake id, now}; a delivery is {id,
 * attempt, claim, lease end, fields}.
 */
export const receiveScript = `${prelude}
local max, leaseMs = tonumber(ARGV[3]), tonumber(ARGV[4])
if leaseMs <= 0 then leaseMs = tonumber(redis.call('HGET', M, 'leaseMs') or '30000') end
for _, sid in ipairs(redis.call('ZRANGEBYSCORE', SCHZ, '-inf', now, 'LIMIT', 0, 256)) do
  local e = redis.call('XRANGE', SCH, sid, sid)
  if e[1] then redis.call('XADD', S, '*', unpack(e[1][2])) end
  redis.call('XDEL', SCH, sid)
  redis.call('ZREM', SCHZ, sid)
end
local limit = maxDeliveries()
local out = {}
local function expired(fields)
  local at = field(fields, 'outrigger-expires-at')
  return at ~= nil and tonumber(at) <= now
end
local function lease(id, attempt, fields)
  local claim = redis.call('HINCRBY', M, 'claims', 1)
  redis.call('HSET', L, id, claim)
  redis.call('ZADD', D, now + leaseMs, id)
  out[#out + 1] = {id, attempt, claim, now + leaseMs, fields}
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', D, '-inf', now, 'LIMIT', 0, max)) do
  local count = pendingCount(id)
  local e = redis.call('XRANGE', S, id, id)
  if count == nil or not e[1] or expired(e[1][2]) then
    forget(id)
  elseif count >= limit then
    deadLetter(id, e[1][2], count, 'max_deliveries_exceeded')
  else
    redis.call('XCLAIM', S, group, consumer, 0, id, 'RETRYCOUNT', count + 1, 'JUSTID')
    lease(id, count + 1, e[1][2])
  end
end
-- A new entry whose key is held waits, parked, undelivered (delivery count back to 0).
local function admit(id, fields)
  local key = field(fields, 'outrigger-ordering-key')
  if key then
    if redis.call('HEXISTS', HELD, key) == 1 then
      redis.call('XCLAIM', S, group, consumer, 0, id, 'RETRYCOUNT', 0, 'JUSTID')
      redis.call('ZADD', PARKED, 0, parkedName(key, id))
      return
    end
    redis.call('HSET', HELD, key, id)
    redis.call('HSET', KEYOF, id, key)
  end
  lease(id, 1, fields)
end
-- Parking can read many entries of busy keys: bound the work of one call.
local budget = max * 4 + 100
while #out < max and budget > 0 do
  local r = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', math.min(max - #out, budget), 'STREAMS', S, '>')
  if not r or #r[1][2] == 0 then break end
  budget = budget - #r[1][2]
  for _, e in ipairs(r[1][2]) do
    if expired(e[2]) then forget(e[1]) else admit(e[1], e[2]) end
  end
end
local nextDue = redis.call('ZRANGE', D, 0, 0, 'WITHSCORES')
local nextScheduled = redis.call('ZRANGE', SCHZ, 0, 0, 'WITHSCORES')
local newest = redis.call('XREVRANGE', S, '+', '-', 'COUNT', 1)
local woken = redis.call('XREVRANGE', W, '+', '-', 'COUNT', 1)
return {out, nextDue[2] or false, nextScheduled[2] or false, newest[1] and newest[1][1] or '0-0', woken[1] and woken[1][1] or '0-0', now}
`;

/**
 * ARGV 3 operation (ack, renew, release, retry, deadletter), 4 entry id, 5 claim, 6 ms (renew:
 * lease length; release and retry: delay), 7 reason. Returns {0} when the lease is not held any more, else
 * {1, new lease end (renew)}.
 */
export const settleScript = `${prelude}
local op, id, claim, ms, reason = ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]), ARGV[7]
if redis.call('HGET', L, id) ~= claim then return {0} end
local due = tonumber(redis.call('ZSCORE', D, id) or '0')
if due <= now then return {0} end
local count = pendingCount(id)
if count == nil then
  redis.call('HDEL', L, id)
  redis.call('ZREM', D, id)
  releaseKey(id)
  return {0}
end
if op == 'ack' then
  forget(id)
  return {1}
elseif op == 'renew' then
  redis.call('ZADD', D, now + ms, id)
  return {1, now + ms}
elseif op == 'release' then
  -- Given back unprocessed (shutdown, the app unreachable): the next delivery repeats this
  -- attempt number, and comes no sooner than the delay asked for.
  redis.call('XCLAIM', S, group, consumer, 0, id, 'RETRYCOUNT', math.max(count - 1, 0), 'JUSTID')
  redis.call('HDEL', L, id)
  redis.call('ZADD', D, now + ms, id)
  wake()
  return {1}
end
if op == 'deadletter' or count >= maxDeliveries() then
  local e = redis.call('XRANGE', S, id, id)
  if e[1] then deadLetter(id, e[1][2], count, op == 'deadletter' and reason or 'max_deliveries_exceeded') else forget(id) end
  return {1}
end
redis.call('HDEL', L, id)
redis.call('ZADD', D, now + ms, id)
wake()
return {1}
`;

/** ARGV 3.. message ids to redrive (none: all). Returns how many went back to the stream at attempt 1. */
export const redriveScript = `${prelude}
local want, all = {}, #ARGV < 3
for i = 3, #ARGV do want[ARGV[i]] = true end
local dropped = { ['outrigger-reason'] = true, ['outrigger-attempts'] = true, ['outrigger-dead-lettered-at'] = true }
local moved, cursor = 0, '-'
while true do
  local batch = redis.call('XRANGE', DLQ, cursor, '+', 'COUNT', 500)
  for _, e in ipairs(batch) do
    local fields = e[2]
    if all or want[field(fields, 'id') or e[1]] then
      local kept = {}
      for i = 1, #fields, 2 do
        if not dropped[fields[i]] then kept[#kept + 1] = fields[i]; kept[#kept + 1] = fields[i + 1] end
      end
      redis.call('XADD', S, '*', unpack(kept))
      redis.call('XDEL', DLQ, e[1])
      moved = moved + 1
    end
  end
  if #batch < 500 then break end
  cursor = '(' .. batch[#batch][1]
end
return moved
`;

/** Returns {ready, in flight, dead-lettered}; nacked entries waiting for their retry time count as neither. */
export const depthScript = `${prelude}
local inFlight = 0
for _, id in ipairs(redis.call('HKEYS', L)) do
  local score = redis.call('ZSCORE', D, id)
  if score and tonumber(score) > now then inFlight = inFlight + 1 end
end
local waiting = redis.call('ZCOUNT', D, '(' .. now, '+inf') - inFlight
return {redis.call('XLEN', S) - inFlight - waiting, inFlight, redis.call('XLEN', DLQ)}
`;
