# Hostile and careless input (issue 18): each case is written to WORK, given to
# `peaksim validate` (or `run`), and must exit 2 with a JSON pointer and a bounded
# message, never crash, never print a raw nlohmann exception.
file(MAKE_DIRECTORY ${WORK})
file(READ ${BASE} base)  # scenarios/one-sku-one-store.json

# expect_refusal(NAME TEXT FRAGMENT MAX_LINES [ARGS...]): validate WORK/NAME.json holding TEXT.
function(expect_refusal name text fragment max_lines)
  set(file ${WORK}/${name}.json)
  file(WRITE ${file} "${text}")
  execute_process(COMMAND ${PEAKSIM} validate ${file} ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 2)
    string(SUBSTRING "${err}" 0 2000 head)
    message(FATAL_ERROR "${name}: expected exit status 2, got ${rc}\n${head}")
  endif()
  string(FIND "${err}" "${fragment}" at)
  if(at EQUAL -1)
    string(SUBSTRING "${err}" 0 2000 head)
    message(FATAL_ERROR "${name}: expected the message to contain\n  ${fragment}\nfound:\n${head}")
  endif()
  string(REGEX MATCHALL "\n" lines "${err}")
  list(LENGTH lines count)
  if(count GREATER max_lines)
    message(FATAL_ERROR "${name}: expected at most ${max_lines} lines of errors, found ${count}")
  endif()
  string(FIND "${err}" "json.exception" raw)
  if(NOT raw EQUAL -1)
    message(FATAL_ERROR "${name}: a raw nlohmann::json exception reached the user:\n${err}")
  endif()
  message(STATUS "${name}: exit 2, ${count} lines")
endfunction()

# Nesting 300,000 arrays deep (it crashed with SIGSEGV), and 150,000 objects deep.
string(REPEAT "[" 300000 open)
string(REPEAT "]" 300000 close)
expect_refusal(deep_arrays "{\"links\":[{\"mode\":${open}${close}}],\"experiments\":[{\"name\":\"v\",\"overrides\":[]}]}"
               "/links/0/mode/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0: expected at most 64 levels of nested objects and arrays"
               1)
string(REPEAT "{\"a\":" 150000 open)
string(REPEAT "}" 150000 close)
expect_refusal(deep_objects "{\"a\":${open}1${close}}" "levels of nested objects and arrays, found deeper nesting here" 1)

# A number beyond a double (exit 1 and a raw exception before), at the top and deep inside.
string(REPLACE "\"seed\": 1," "\"seed\": 1e999," text "${base}")
expect_refusal(seed_overflows "${text}" "/seed: expected a number a double can hold (at most about 1.8e308 in magnitude), found 1e999 (line 5, column 11)" 1)
string(REPLACE "\"MUG\": 40" "\"MUG\": -2e400" text "${base}")
expect_refusal(units_overflow "${text}" "/nodes/0/inventory/skus/MUG: expected a number a double can hold" 1)

# A key twice (last-wins before: this ran one hour).
string(REPLACE "\"horizon\": \"8h\"," "\"horizon\": \"8h\", \"horizon\": \"1h\"," text "${base}")
expect_refusal(duplicate_key "${text}" "/horizon: expected each key once in an object, found \"horizon\" again" 1)

# A million node declarations: one error, not 984,004 lines.
string(REPEAT "{\"id\":\"n\",\"kind\":\"bogus\"}," 999999 nodes)
string(REGEX REPLACE "\"nodes\": \\[[^]]*\\]" "\"nodes\": [${nodes}{\"id\":\"n\",\"kind\":\"bogus\"}]" text "${base}")
expect_refusal(million_nodes "${text}" "/nodes: expected at most 16000 node declarations (nodes in all), found 1000000" 1)

# 16,000 wrong nodes: the first 40 errors, then one line per kind of the rest.
string(REPEAT "{\"id\":\"n\",\"kind\":\"bogus\"}," 15999 nodes)
string(REGEX REPLACE "\"nodes\": \\[[^]]*\\]" "\"nodes\": [${nodes}{\"id\":\"n\",\"kind\":\"bogus\"}]" text "${base}")
expect_refusal(many_errors "${text}" "/nodes/40/kind: (and 15,959 more like this after it) unknown node kind \"bogus\"" 42)

# More experiments than a scenario may hold.
string(REPEAT "{\"name\":\"v\",\"overrides\":[]}," 10000 experiments)
string(REPLACE "\"links\":" "\"experiments\": [${experiments}{\"name\":\"w\",\"overrides\":[]}], \"links\":" text "${base}")
expect_refusal(too_many_experiments "${text}" "/experiments: expected at most 10000 experiments, found 10001" 1)

# --set values are parsed by the same rules.
string(REPEAT "[" 100 open)
string(REPEAT "]" 100 close)
expect_refusal(set_value_too_deep "${base}" "/seed/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0: --set /seed=" 1
               --set "/seed=${open}${close}")
expect_refusal(set_value_duplicate_key "${base}" "/catalog/items: --set /catalog={\"items\":[],\"items\":[]}: expected each key once" 1
               --set "/catalog={\"items\":[],\"items\":[]}")

# A horizon of 292 years (std::bad_alloc before) is refused by validate.
expect_refusal(horizon_too_long "${base}" "/horizon: expected a horizon of at most 366d" 1 --set "/horizon=\"106751d\"")

# A run whose results cannot fit is refused before it starts, with the estimate
# (--replications 100000 grew by 220 MB/s until the machine ran out).
execute_process(COMMAND ${CMAKE_COMMAND} -E env PEAKSIM_MEMORY_AVAILABLE=8000000000
                        ${PEAKSIM} run ${BASE} --replications 100000 --out ${WORK}/never
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 2 OR NOT err MATCHES "results of 100000 run\\(s\\) x 7 series x 481 minutes, but 8 GB is available")
  message(FATAL_ERROR "replications: expected exit 2 and the estimate, got ${rc}\n${out}\n${err}")
endif()
if(EXISTS ${WORK}/never)
  message(FATAL_ERROR "replications: a refused run wrote ${WORK}/never")
endif()
message(STATUS "replications_beyond_memory: exit 2")

# A partial nested 300,000 deep is refused by merge like a scenario, with its pointer.
string(REPEAT "[" 300000 open)
string(REPEAT "]" 300000 close)
file(WRITE ${WORK}/deep-partial.json "{\"runs\":${open}${close}}")
execute_process(COMMAND ${PEAKSIM} merge ${WORK}/deep-partial.json --out ${WORK}/merged
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 2 OR NOT err MATCHES "deep-partial.json: /runs/0/0/0/0/.*expected at most 64 levels")
  message(FATAL_ERROR "deep partial: expected exit 2 and a pointer, got ${rc}\n${err}")
endif()
message(STATUS "deep_partial: exit 2")
