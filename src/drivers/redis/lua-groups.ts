/**
 * Consumer-group scripts. Members keep a heartbeat in a sorted set (score: when it runs out);
 * each partition has at most one owner in a hash. Every member computes the same wanted
 * assignment (live members sorted by name, partition p to member p mod n) and only ever claims a
 * partition nobody holds: an owner gives one up itself, after its last batch finished, so two
 * members never process one partition at once while both are alive.
 *
 * KEYS: 1 members, 2 owners, 3 checkpoints.
 */

/**
 * ARGV: 1 member, 2 lease ms, 3 partition count. Renews the member, forgets dead ones and their
 * partitions, claims free partitions meant for this member. Returns {partition, keep} for every
 * partition the member owns now (keep 0: another member should have it; finish and release).
 */
export const heartbeatScript = `
local member, leaseMs, partitions = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + leaseMs, member)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local live = redis.call('ZRANGE', KEYS[1], 0, -1)
table.sort(live)
local alive = {}
for _, m in ipairs(live) do alive[m] = true end
local out = {}
for p = 0, partitions - 1 do
  local wanted = live[(p % #live) + 1]
  local owner = redis.call('HGET', KEYS[2], p)
  if owner and not alive[owner] then
    redis.call('HDEL', KEYS[2], p)
    owner = false
  end
  if owner == member then
    out[#out + 1] = {p, wanted == member and 1 or 0}
  elseif not owner and wanted == member then
    redis.call('HSET', KEYS[2], p, member)
    out[#out + 1] = {p, 1}
  end
end
return out
`;

/** ARGV: 1 member, 2 partition, 3 offset. Moves the checkpoint forward if the member still owns the partition; returns 1, else 0. */
export const checkpointScript = `
if redis.call('HGET', KEYS[2], ARGV[2]) ~= ARGV[1] then return 0 end
local current = tonumber(redis.call('HGET', KEYS[3], ARGV[2]) or '-1')
if tonumber(ARGV[3]) > current then redis.call('HSET', KEYS[3], ARGV[2], ARGV[3]) end
return 1
`;

/** ARGV: 1 member, 2.. partitions to give up (none: leave the group and give up all). */
export const releaseScript = `
local member = ARGV[1]
if #ARGV == 1 then
  redis.call('ZREM', KEYS[1], member)
  local all = redis.call('HGETALL', KEYS[2])
  for i = 1, #all, 2 do
    if all[i + 1] == member then redis.call('HDEL', KEYS[2], all[i]) end
  end
  return 1
end
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[2], ARGV[i]) == member then redis.call('HDEL', KEYS[2], ARGV[i]) end
end
return 1
`;

/**
 * KEYS: 1 checkpoints, 2 the stream's meta hash. ARGV: 1 partition count. Fixes where a group
 * that starts at `latest` begins: for each partition with neither a checkpoint nor a start yet,
 * `start:<partition>` becomes the partition's next offset now. The first member to join writes
 * it and every later one (a restart before the first checkpoint included) reads the same start.
 */
export const fixLatestStartScript = `
for p = 0, tonumber(ARGV[1]) - 1 do
  if redis.call('HEXISTS', KEYS[1], p) == 0 then
    redis.call('HSETNX', KEYS[1], 'start:' .. p, redis.call('HGET', KEYS[2], 'next:' .. p) or '0')
  end
end
return 1
`;
