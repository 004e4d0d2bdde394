-- Shepherd: settle one admitted request (see admit.lua for the keys and units).
-- ARGV: now ms, delta tokens (actual - reserved), lease id, then rpm, tpm, par of each scope.
-- Each TPM bucket gets -delta tokens back (clamped to full, and to 10 minutes of debt); the
-- request's parallel lease is removed.
local U = 60000
local DEBT_MINUTES = 10
local now = tonumber(ARGV[1])
local delta = tonumber(ARGV[2])
local lease = ARGV[3]
local n = #KEYS / 2

local function refill(level, cap, elapsed)
  if cap == 0 then return 0 end
  local full = cap * U
  if level == nil then return full end
  return math.min(full, level + elapsed * cap)
end

for i = 1, n do
  local rpm = tonumber(ARGV[3 * i + 1])
  local tpm = tonumber(ARGV[3 * i + 2])
  local par = tonumber(ARGV[3 * i + 3])
  if tpm > 0 and delta ~= 0 then
    local key = KEYS[2 * i - 1]
    local h = redis.call('HMGET', key, 'r', 't', 'ts')
    local last = tonumber(h[3]) or now
    local elapsed = math.max(0, now - last)
    local r = refill(tonumber(h[1]), rpm, elapsed)
    local full = tpm * U
    local t = refill(tonumber(h[2]), tpm, elapsed) - delta * U
    t = math.max(-DEBT_MINUTES * full, math.min(full, t))
    redis.call('HSET', key, 'ts', math.max(last, now), 't', t)
    local refillMs = math.ceil((full - t) / tpm)
    if rpm > 0 then
      redis.call('HSET', key, 'r', r)
      refillMs = math.max(refillMs, math.ceil((rpm * U - r) / rpm))
    end
    redis.call('PEXPIRE', key, refillMs + U)
  end
  if par > 0 then
    redis.call('ZREM', KEYS[2 * i], lease)
  end
end
return 1
