-- Shepherd: admit one request against every scope or none (see RedisLimiter and Bucket).
-- KEYS[2i-1]: scope i's buckets, a hash {r = request level, t = token level, ts = refilled at};
-- KEYS[2i]:   scope i's parallel leases, a sorted set (member = lease id, score = expiry ms).
-- ARGV: now ms, reserved tokens, lease id, lease ms, then rpm, tpm, par of each scope (0 = none).
-- Levels are in 1/60000 of a request or token, so a bucket of cap per minute gains cap per ms.
-- Returns {1 or 0, then r, t, in-flight of each scope}: after the take when admitted (1), after the
-- refill when refused (0). A refusal writes nothing except dropping expired leases.
local U = 60000
local now = tonumber(ARGV[1])
local reserved = tonumber(ARGV[2])
local lease = ARGV[3]
local leaseMs = tonumber(ARGV[4])
local n = #KEYS / 2

local function refill(level, cap, elapsed)
  if cap == 0 then return 0 end
  local full = cap * U
  if level == nil then return full end
  return math.min(full, level + elapsed * cap)
end

local rpm, tpm, par, r, t, p, ts = {}, {}, {}, {}, {}, {}, {}
local ok = true
for i = 1, n do
  rpm[i] = tonumber(ARGV[3 * i + 2])
  tpm[i] = tonumber(ARGV[3 * i + 3])
  par[i] = tonumber(ARGV[3 * i + 4])
  local h = redis.call('HMGET', KEYS[2 * i - 1], 'r', 't', 'ts')
  local last = tonumber(h[3]) or now
  local elapsed = math.max(0, now - last)
  ts[i] = math.max(last, now)
  r[i] = refill(tonumber(h[1]), rpm[i], elapsed)
  t[i] = refill(tonumber(h[2]), tpm[i], elapsed)
  p[i] = 0
  if par[i] > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[2 * i], '-inf', now)
    p[i] = redis.call('ZCARD', KEYS[2 * i])
  end
  if (rpm[i] > 0 and r[i] < U) or (tpm[i] > 0 and t[i] < reserved * U) or (par[i] > 0 and p[i] >= par[i]) then
    ok = false
  end
end

local out = {ok and 1 or 0}
for i = 1, n do
  if ok then
    if rpm[i] > 0 then r[i] = r[i] - U end
    if tpm[i] > 0 then t[i] = t[i] - reserved * U end
    if rpm[i] > 0 or tpm[i] > 0 then
      local key = KEYS[2 * i - 1]
      redis.call('HSET', key, 'ts', ts[i])
      local refillMs = 0
      if rpm[i] > 0 then
        redis.call('HSET', key, 'r', r[i])
        refillMs = math.ceil((rpm[i] * U - r[i]) / rpm[i])
      else
        redis.call('HDEL', key, 'r')
      end
      if tpm[i] > 0 then
        redis.call('HSET', key, 't', t[i])
        refillMs = math.max(refillMs, math.ceil((tpm[i] * U - t[i]) / tpm[i]))
      else
        redis.call('HDEL', key, 't')
      end
      -- an expired hash reads as full buckets, so it may go once they would be full anyway
      redis.call('PEXPIRE', key, refillMs + U)
    end
    if par[i] > 0 then
      redis.call('ZADD', KEYS[2 * i], now + leaseMs, lease)
      p[i] = p[i] + 1
      redis.call('PEXPIRE', KEYS[2 * i], leaseMs)
    end
  end
  out[#out + 1] = r[i]
  out[#out + 1] = t[i]
  out[#out + 1] = p[i]
end
return out
