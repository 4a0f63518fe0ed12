/**
 * Stream scripts. A partition is a Redis stream whose entry ids are `<ms>-<offset>`: the time
 * part is when it was appended (never going back, so ids keep increasing) and the sequence part
 * its offset, gapless from 0. Reads by time are then plain XRANGEs; reads by offset start from a
 * sparse index (every 256th offset → its id) and skip at most 255 entries.
 */

/** Every this many offsets the index gets an entry. */
export const indexEvery = 256;

/**
 * KEYS: 1 the stream's meta hash, then the partition streams the events go to and each one's
 * index (2, 3 for the first, ...). ARGV: the event count, then per event its partition's key
 * position (of the stream; its index follows), partition number, field count, fields. Returns
 * the offsets, in order. Retention trims every partition written to, and its index with it.
 */
export const appendScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local retention = tonumber(redis.call('HGET', KEYS[1], 'retentionMs') or '0')
local a, out, touched = 2, {}, {}
for e = 1, tonumber(ARGV[1]) do
  local at, partition, count = tonumber(ARGV[a]), ARGV[a + 1], tonumber(ARGV[a + 2])
  local fields = {}
  for i = 1, count do fields[i] = ARGV[a + 2 + i] end
  a = a + 3 + count
  local offset = redis.call('HINCRBY', KEYS[1], 'next:' .. partition, 1) - 1
  local ms = math.max(now, tonumber(redis.call('HGET', KEYS[1], 'lastMs:' .. partition) or '0'))
  redis.call('HSET', KEYS[1], 'lastMs:' .. partition, ms)
  local id = string.format('%d-%d', ms, offset)
  redis.call('XADD', KEYS[at], id, unpack(fields))
  if offset % ${indexEvery} == 0 then redis.call('ZADD', KEYS[at + 1], offset, id) end
  touched[at] = true
  out[e] = offset
end
if retention > 0 then
  for at in pairs(touched) do
    if redis.call('XTRIM', KEYS[at], 'MINID', string.format('%d', now - retention)) > 0 then
      -- Index entries below the oldest kept offset point at nothing: drop them with it (never
      -- all: the entry just appended is newer than the cut).
      local first = redis.call('XRANGE', KEYS[at], '-', '+', 'COUNT', 1)[1]
      redis.call('ZREMRANGEBYSCORE', KEYS[at + 1], '-inf', '(' .. string.match(first[1], '-(%d+)$'))
    end
  end
end
return out
`;

/**
 * KEYS: 1 the partition stream, 2 its index. ARGV: 1 how (earliest, offset, time, after),
 * 2 the offset, time or entry id, 3 max. Returns {entries, newest entry id}.
 */
export const readScript = `
local how, value, max = ARGV[1], ARGV[2], tonumber(ARGV[3])
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local newestId = newest[1] and newest[1][1] or '0-0'
local entries = {}
if how == 'earliest' then
  entries = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', max)
elseif how == 'time' then
  entries = redis.call('XRANGE', KEYS[1], value .. '-0', '+', 'COUNT', max)
elseif how == 'after' then
  entries = redis.call('XRANGE', KEYS[1], '(' .. value, '+', 'COUNT', max)
else
  local target = tonumber(value)
  local from = redis.call('ZREVRANGEBYSCORE', KEYS[2], target, '-inf', 'WITHSCORES', 'LIMIT', 0, 1)
  local start, skip = '-', max + ${indexEvery}
  if from[1] then start = from[1]; skip = target - tonumber(from[2]) + max end
  for _, e in ipairs(redis.call('XRANGE', KEYS[1], start, '+', 'COUNT', skip)) do
    if tonumber(string.match(e[1], '-(%d+)$')) >= target and #entries < max then entries[#entries + 1] = e end
  end
end
return {entries, newestId}
`;
