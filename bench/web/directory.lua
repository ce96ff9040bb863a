-- wrk script: the directory (/people) with a rotating mix of searches and filters, drawn at
-- random per request with the weights below. Environment: GROVE_BENCH_LUA (this directory),
-- GROVE_BENCH_DATA (a Lua file run.sh writes from /api/v1/skills and /api/v1/departments:
-- return { skills = {...names}, departments = {...ids} }).
package.path = os.getenv("GROVE_BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local data = dofile(os.getenv("GROVE_BENCH_DATA"))

-- First names of several cultures in the demo, a surname, and one typed without its accent.
local names = { "oliver", "priya", "chen", "ana", "james", "wei", "fatima", "lucas", "kwame",
  "carlos", "hiroshi", "lena", "sophie", "emily", "rahul", "mariana", "daniel", "sakura",
  "anna", "joao", "silva", "kim" }
-- Prefixes as typed into the search box, alone or after a name ("ana fin").
local words = { "eng", "data", "design", "finance", "product", "sales", "senior", "lead",
  "python", "rust", "kubernetes", "marketing" }
local languages = { "Portuguese", "English", "Spanish", "French", "German", "Mandarin",
  "Japanese", "Hindi", "Arabic", "Dutch", "Polish", "Swahili" }
local locations = { "Lisbon, Portugal", "London, United Kingdom", "Berlin, Germany",
  "New York, United States", "San Francisco, United States", "Bengaluru, India",
  "Singapore, Singapore", "São Paulo, Brazil", "Toronto, Canada", "Warsaw, Poland" }

local function enc(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end)
    :gsub("%%20", "+"))
end
local function pick(t) return t[math.random(#t)] end
local function page(max)
  -- Mostly the first page, sometimes further on.
  if math.random() < 0.7 then return "" end
  return "&page=" .. math.random(2, max)
end

-- { weight, builder }
local mix = {
  { 25, function() return "q=" .. pick(names) .. page(3) end },
  { 8,  function() return "q=" .. enc(pick(names) .. " " .. pick(words)) end },
  { 7,  function() return "q=" .. pick(words) .. page(10) end },
  { 10, function() return "department_id=" .. pick(data.departments) .. page(20) end },
  { 12, function() return "skill=" .. enc(pick(data.skills)) .. "&min_level=4" .. page(5) end },
  { 8,  function() return "language=" .. enc(pick(languages)) .. page(10) end },
  { 8,  function() return "location=" .. enc(pick(locations)) .. page(10) end },
  { 5,  function() return "can_mentor=true" .. page(20) end },
  { 7,  function() return "page=" .. math.random(1, 50) end },
  { 5,  function() return "department_id=" .. pick(data.departments) .. "&can_mentor=true" end },
  { 5,  function() return "skill=" .. enc(pick(data.skills)) .. "&min_level=4&location=" .. enc(pick(locations)) end },
}
local total = 0
for _, m in ipairs(mix) do total = total + m[1] end

function setup(thread) common.setup(thread) end
function init(args) common.init() end
function response(status, headers, body) common.response(status) end
function done(summary, latency, requests) common.done("directory", summary, latency) end

function request()
  local r = math.random(total)
  for _, m in ipairs(mix) do
    r = r - m[1]
    if r <= 0 then return wrk.format("GET", "/people?" .. m[2]()) end
  end
end
