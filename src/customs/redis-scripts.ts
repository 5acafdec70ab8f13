// The Lua scripts of the Redis counter store. Redis runs a script without
// interleaving any other command, so each store operation is atomic across
// every server process sharing the Redis. ioredis registers each script once
// and calls it by EVALSHA, falling back to EVAL when Redis has lost it.
//
// Key layout (under the configured prefix, `fxa:customs:` by default):
//   r:<rule>:<key>:<value>  hash  ws (window start), n (count), bu (blocked
//                                 until), rule; kind, value, reason once a
//                                 listed record is blocked
//   ban:<kind>:<value>      hash  bu, rule = ban, kind, value, reason = ban
//   ix:<kind>:<value>       zset  record keys keyed by that email or ip,
//                                 scored by the moment each stops mattering
//   blocks                  zset  listed blocked records, scored by bu
//
// Every time comes in as an argument from the engine's clock; Redis expiry
// only reclaims memory. Each write extends the key's PEXPIRE to the moment it
// stops mattering plus a margin, and never shortens it. Record keys read
// from an index are not declared in KEYS, so the scripts suit one Redis
// (standalone or behind Sentinel), not Redis Cluster.

/** Shared helpers: integer formatting that never turns into 1e+12, and extend-only expiry. */
const PRELUDE = `
local function num(x) return string.format('%.0f', x) end
local function extend(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, num(ms)) end
end
`;

/** KEYS[1] blocks; ARGV[1] {bans, hits} as JSON, ARGV[2] now, ARGV[3] margin. Returns {} or {until, rule}. */
const HIT = `${PRELUDE}
local blocks = KEYS[1]
local plan = cjson.decode(ARGV[1])
local now = tonumber(ARGV[2])
local margin = tonumber(ARGV[3])
local best, why = 0, false

local function consider(key)
  local f = redis.call('HMGET', key, 'bu', 'rule')
  local bu = tonumber(f[1])
  if bu and bu > now and bu > best then best, why = bu, f[2] end
end
for _, key in ipairs(plan.bans) do consider(key) end
for _, h in ipairs(plan.hits) do consider(h.id) end
if best > 0 then return { num(best), why } end

for _, h in ipairs(plan.hits) do
  local f = redis.call('HMGET', h.id, 'ws', 'n', 'bu')
  local ws, n, bu = tonumber(f[1]), tonumber(f[2]) or 0, tonumber(f[3]) or 0
  if not ws or now >= ws + h.windowMs then ws, n = now, 0 end
  n = n + 1
  local ends
  if n > h.max then
    -- Tripping clears the count, so the key starts afresh once the block ends.
    bu = now + h.blockMs
    redis.call('HDEL', h.id, 'ws', 'n')
    redis.call('HSET', h.id, 'bu', num(bu), 'rule', h.rule)
    if h.listing then
      local l = h.listing
      redis.call('HSET', h.id, 'kind', l.kind, 'value', l.value, 'reason', l.reason)
      redis.call('ZADD', blocks, num(bu), h.id)
      extend(blocks, h.blockMs + margin)
    end
    if bu > best then best, why = bu, h.rule end
    ends = bu
  else
    redis.call('HSET', h.id, 'ws', num(ws), 'n', num(n))
    ends = math.max(ws + h.windowMs, bu)
  end
  extend(h.id, ends - now + margin)
  for _, ix in ipairs(h.indexes) do
    redis.call('ZADD', ix, num(ends), h.id)
    redis.call('ZREMRANGEBYSCORE', ix, '-inf', num(now))
    extend(ix, ends - now + margin)
  end
end
if best == 0 then return {} end
redis.call('ZREMRANGEBYSCORE', blocks, '-inf', num(now))
return { num(best), why }
`;

/** KEYS: the records to refund. */
const REFUND = `
for _, key in ipairs(KEYS) do
  local n = tonumber(redis.call('HGET', key, 'n'))
  if n and n > 0 then redis.call('HINCRBY', key, 'n', -1) end
end
return 0
`;

/** KEYS[1] blocks; ARGV[1] {ids, indexes: [{index, prefixes?}]} as JSON. */
const CLEAR = `
local blocks = KEYS[1]
local plan = cjson.decode(ARGV[1])
local function drop(key)
  redis.call('DEL', key)
  redis.call('ZREM', blocks, key)
end
local function selected(key, prefixes)
  for _, p in ipairs(prefixes) do
    if string.sub(key, 1, #p) == p then return true end
  end
  return false
end
for _, key in ipairs(plan.ids) do drop(key) end
for _, sel in ipairs(plan.indexes) do
  for _, key in ipairs(redis.call('ZRANGE', sel.index, 0, -1)) do
    if not sel.prefixes then
      drop(key)
    elseif selected(key, sel.prefixes) then
      drop(key)
      redis.call('ZREM', sel.index, key)
    end
  end
  if not sel.prefixes then redis.call('DEL', sel.index) end
end
return 0
`;

/** KEYS[1] blocks, KEYS[2] the ban; ARGV until, kind, value, ttl ms, now. */
const BAN = `${PRELUDE}
local blocks, key = KEYS[1], KEYS[2]
local ttl = tonumber(ARGV[4])
redis.call('DEL', key)
redis.call('HSET', key, 'bu', ARGV[1], 'rule', 'ban', 'kind', ARGV[2], 'value', ARGV[3], 'reason', 'ban')
redis.call('PEXPIRE', key, num(ttl))
redis.call('ZADD', blocks, ARGV[1], key)
redis.call('ZREMRANGEBYSCORE', blocks, '-inf', ARGV[5])
extend(blocks, ttl)
return 0
`;

/** KEYS[1] blocks; ARGV[1] now. Returns until, kind, value, reason for each block, flat. */
const LIST = `
local now = tonumber(ARGV[1])
local out = {}
for _, key in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf')) do
  local f = redis.call('HMGET', key, 'bu', 'kind', 'value', 'reason')
  local bu = tonumber(f[1])
  if bu and bu > now and f[2] and f[3] and f[4] then
    table.insert(out, f[1])
    table.insert(out, f[2])
    table.insert(out, f[3])
    table.insert(out, f[4])
  end
end
return out
`;

export const SCRIPTS = {
  customsHit: { lua: HIT, numberOfKeys: 1 },
  customsRefund: { lua: REFUND },
  customsClear: { lua: CLEAR, numberOfKeys: 1 },
  customsBan: { lua: BAN, numberOfKeys: 2 },
  customsList: { lua: LIST, numberOfKeys: 1, readOnly: true },
} as const;

/** The commands `defineCommand` adds to the client for SCRIPTS. */
export interface ScriptCommands {
  customsHit(blocks: string, plan: string, now: string, margin: string): Promise<string[]>;
  /** Without a fixed key count, the first argument is the number of keys. */
  customsRefund(numberOfKeys: number, ...keys: string[]): Promise<number>;
  customsClear(blocks: string, plan: string): Promise<number>;
  customsBan(
    blocks: string,
    key: string,
    until: string,
    kind: string,
    value: string,
    ttlMs: string,
    now: string,
  ): Promise<number>;
  customsList(blocks: string, now: string): Promise<string[]>;
}
