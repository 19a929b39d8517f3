-- One app's rolling window, shared by every process that writes with it (see _shared_limit.py).
--
-- KEYS[1] window: sorted set, one member per request (and per request of someone else that the
--         headers revealed), scored by the time (ms, Redis clock) its slot frees
-- KEYS[2] state: hash of the learned limit (max, iv), the 429 hold, the daily budget left
-- KEYS[3] probe: auto mode before any limit is known, the one request out to learn it
--
-- ARGV: 1 member ('' = only hand in what the caller learned), 2 now in ms (< 0: Redis's TIME),
-- 3 fixed max (0 = auto), 4 fixed interval ms, 5 (unused), 6 latency allowance ms, 7 probe
-- lease ms, 8 hold ms (after a 429), 9-13 the freshest answer: max, interval ms, remaining,
-- age ms, daily remaining (-1 = absent), 14 number of answered/cancelled requests, then per
-- request: member, age ms of its answer, 'a' (answered) or 'c' (never sent).
--
-- Returns {status, wait ms, max, interval ms, daily left (-1 = unknown)}; status 1: booked, send
-- after the wait; 0: nothing booked, ask again after the wait; 2: the daily budget is used up.
redis.replicate_commands()
local window, state, probe = KEYS[1], KEYS[2], KEYS[3]
local now = tonumber(ARGV[2])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end
local fixed_max, fixed_iv = tonumber(ARGV[3]), tonumber(ARGV[4])
local allowance, lease, hold = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local seen_max, seen_iv = tonumber(ARGV[9]), tonumber(ARGV[10])
local remaining, age, daily_seen = tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13])

-- The limit: the caller's, or the one HubSpot's headers gave (any worker's).
local max, iv = fixed_max, fixed_iv
if fixed_max == 0 then
  if seen_max > 0 and seen_iv > 0 then
    redis.call('HSET', state, 'max', seen_max, 'iv', seen_iv)
    max, iv = seen_max, seen_iv
  else
    local known = redis.call('HMGET', state, 'max', 'iv')
    max, iv = tonumber(known[1]) or 0, tonumber(known[2]) or 0
  end
end

-- Answers: a slot is held until one window after its answer (the server counted the request
-- somewhere between send and answer); a request never sent gives its slot back.
local count = tonumber(ARGV[14])
local i = 15
for _ = 1, count do
  local member, answered_age, kind = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2]
  i = i + 3
  if kind == 'c' then
    redis.call('ZREM', window, member)
  elseif iv > 0 then
    redis.call('ZADD', window, 'XX', now - answered_age + iv, member)
  end
end

-- HubSpot's Remaining: the lowest any worker sees is the truth. Requests the server counted
-- beyond the slots held then are someone else's (a process not sharing this limit): they take
-- slots until one window after that answer. A surplus of 1-2 is a request in flight, not theirs.
if remaining >= 0 and iv > 0 then
  local at = now - age
  local header_max = seen_max > 0 and seen_max or max
  local held = redis.call('ZCOUNT', window, '(' .. at, '+inf')
  local surplus = header_max - remaining - held
  if surplus > 2 then
    for j = 1, surplus do
      redis.call('ZADD', window, at + iv, 'x:' .. at .. ':' .. j)
    end
  end
end

-- The daily budget: counted down per booking, lowered by what any worker's header says; a
-- higher count is believed only five minutes after the last one (HubSpot's day has turned).
local daily = redis.call('HMGET', state, 'daily', 'daily_at')
local daily_left, daily_at = tonumber(daily[1]), tonumber(daily[2])
if daily_seen >= 0 then
  local at = now - age
  if daily_left == nil or daily_seen < daily_left or at > daily_at + 300000 then
    daily_left = daily_seen
    redis.call('HSET', state, 'daily', daily_left, 'daily_at', at)
  end
end
redis.call('PEXPIRE', state, 86400000)

-- After a 429 every worker holds off, not only the one that got it.
local hold_until = tonumber(redis.call('HGET', state, 'hold')) or 0
if hold > 0 and now + hold > hold_until then
  hold_until = now + hold
  redis.call('HSET', state, 'hold', hold_until)
end

local daily_reply = daily_left or -1
local member = ARGV[1]
if member == '' then
  return {0, 0, max, iv, daily_reply}
end
if hold_until > now then
  return {0, math.ceil(hold_until - now), max, iv, daily_reply}
end
if daily_left ~= nil and daily_left <= 0 then
  return {2, 0, max, iv, daily_reply}
end
redis.call('ZREMRANGEBYSCORE', window, '-inf', now)

if max == 0 or iv == 0 then
  -- Auto mode, no limit known yet: one request finds it out for everybody.
  if redis.call('SET', probe, member, 'NX', 'PX', math.floor(lease)) then
    redis.call('ZADD', window, now + lease, member)
    redis.call('PEXPIRE', window, math.floor(lease) * 4)
    return {1, 0, max, iv, daily_reply}
  end
  return {0, math.max(1, redis.call('PTTL', probe)), max, iv, daily_reply}
end

-- Auto mode keeps 1 % (at least one request) of HubSpot's limit for clocks and stragglers.
local cap = max
if fixed_max == 0 then
  cap = max - math.max(1, math.ceil(max / 100))
end
local at = now
local taken = redis.call('ZCARD', window)
if taken >= cap then
  -- Taken from now until their scores: the first moment fewer than cap are.
  local nth = redis.call('ZRANGE', window, taken - cap, taken - cap, 'WITHSCORES')
  at = tonumber(nth[2])
  if at > now + iv then
    return {0, iv, max, iv, daily_reply}
  end
end
redis.call('ZADD', window, at + iv + allowance, member)
redis.call('PEXPIRE', window, math.floor(3 * iv + allowance + lease))
if daily_left ~= nil then
  redis.call('HSET', state, 'daily', daily_left - 1)
  daily_reply = daily_left - 1
end
return {1, math.ceil(at - now), max, iv, daily_reply}
