-- book_race.lua SEED N POOL — N random booking requests against POOL and
-- its resources (tests/store/bookings.sh runs four of these at once): a
-- window of 10 to 120 minutes starting on a minute within the next 48
-- hours, for a random resource or the pool (its first free one); one
-- booking in ten is then extended by 30 minutes.  Prints one line:
--   answered A booked B refused R offered O extended E errors X
-- then the process's `booking stats` line: decisions, booked, refused and
-- the decision latency (request to answer, measured in C) p50/p99/max.
local seed, n, pool = tonumber(fleetops.args[1]), tonumber(fleetops.args[2]), fleetops.args[3]
math.randomseed(seed)
local res = fleetops.resources { pool = pool }
assert(#res > 0, "pool " .. pool .. " has no resources")
local base = math.floor(fleetops.now()) + 3600
local booked, refused, offered, extended, errors = 0, 0, 0, 0, 0
for _ = 1, n do
	local r = pool
	if math.random(4) > 1 then
		r = res[math.random(#res)].name
	end
	local from = base + math.random(0, 48 * 60 - 1) * 60
	local len = math.random(1, 12) * 600
	local b, err = fleetops.book { resource = r, from = from, seconds = len, purpose = "race" }
	if b then
		booked = booked + 1
		if math.random(10) == 1 then
			local ok = fleetops.command("booking extend " .. b.id .. " 30m")
			if ok then
				extended = extended + 1
			end
		end
	elseif err and err:match("^refused") then
		refused = refused + 1
		if err:match("nearest free window") then
			offered = offered + 1
		end
	else
		errors = errors + 1
		print("error: " .. tostring(err))
	end
end
print(string.format("answered %d booked %d refused %d offered %d extended %d errors %d",
	booked + refused, booked, refused, offered, extended, errors))
local _, stats = fleetops.command("booking stats")
print(stats)
