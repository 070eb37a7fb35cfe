# `peaksim check`: exit statuses and the JUnit file.
#   cmake -DPEAKSIM=... -DSCENARIOS=dir -DWORK=dir -P check_gates.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(expect_exit code)
  execute_process(COMMAND ${PEAKSIM} check ${ARGN} --quiet OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL code)
    message(FATAL_ERROR "peaksim check ${ARGN}: exit ${rc}, expected ${code}\n${out}\n${err}")
  endif()
  set(out "${out}${err}" PARENT_SCOPE)
endfunction()

# Gates that hold: exit 0, and the JUnit file has one passing case per gate and variant.
expect_exit(0 ${SCENARIOS}/two-channels-shared-stock.json --junit ${WORK}/pass.xml)
file(READ ${WORK}/pass.xml xml)
if(NOT xml MATCHES "<testsuite name=\"[^\"]*two-channels-shared-stock.json\" tests=\"[1-9][0-9]*\" failures=\"0\"")
  message(FATAL_ERROR "pass.xml:\n${xml}")
endif()

# A change that makes the reference worse: the recommended design (all-three)
# loses its safety stock and ring fence (only the streaming feed is left). Its
# absolute web gate and its relative one ("cuts the web oversell rate by at
# least 2 points", judged on the paired difference against the baseline)
# fail: exit 99, the failures name the measured intervals, the JUnit cases
# name variant and gate. The baseline is judged only by the unscoped gate.
expect_exit(99 ${SCENARIOS}/omnichannel-180-stores.json --replications 3 --variant baseline --variant all-three
            --junit ${WORK}/fail.xml
            "--set" "/experiments/4/overrides=[{\"path\":\"/links/0/mode\",\"value\":\"stream\"},{\"path\":\"/links/0/interval\",\"value\":null}]")
foreach(line "FAIL  all-three +recommended design \\(all-three\\): web oversell rate under 3%: fail: 95% CI \\["
             "FAIL  all-three +recommended design \\(all-three\\) cuts the web oversell rate by at least 2 points: fail: difference vs baseline: 95% CI \\[-0.00"
             "PASS  all-three +no policy oversells more on the web than the baseline"
             "PASS  baseline +web orders released within 15 minutes"
             "gates: 5 of 9 pass")
  if(NOT out MATCHES "${line}")
    message(FATAL_ERROR "expected '${line}' in:\n${out}")
  endif()
endforeach()
if(out MATCHES "baseline +(recommended|no policy)")
  message(FATAL_ERROR "a gate scoped to other variants judged the baseline:\n${out}")
endif()
file(READ ${WORK}/fail.xml xml)
if(NOT xml MATCHES "<testcase classname=\"omnichannel-180-stores.all-three\" name=\"recommended design \\(all-three\\): web oversell rate under 3%\">\n      <failure type=\"[a-z ]+\" message=\"[a-z ]+: 95% CI \\[")
  message(FATAL_ERROR "fail.xml has no failure naming variant, gate and interval:\n${xml}")
endif()

# A relative gate whose reference variant was not run has no samples: it fails.
expect_exit(99 ${SCENARIOS}/omnichannel-180-stores.json --replications 2 --variant all-three
            "--set" "/horizon=\"2h\"" "--set" "/catalog/skus=200")
if(NOT out MATCHES "variant \"baseline\", which this gate compares with, was not run")
  message(FATAL_ERROR "expected a relative gate without its reference to fail:\n${out}")
endif()

# A gate over zero samples never passes, even when it lets inconclusive pass:
# walk-in lines are never released by the OMS.
expect_exit(99 ${SCENARIOS}/two-channels-shared-stock.json --replications 2
            "--set" "/assertions/0={\"metric\":\"release_latency\",\"labels\":{\"channel\":\"pos\"},\"statistic\":\"p99\",\"comparison\":\"<=\",\"threshold\":1e9,\"inconclusive\":\"pass\"}")
if(NOT out MATCHES "no samples")
  message(FATAL_ERROR "expected a no-samples verdict:\n${out}")
endif()

# One replication never passes, even a lenient gate.
expect_exit(99 ${SCENARIOS}/two-channels-shared-stock.json --replications 1 --variant hard-reservation
            "--set" "/assertions/0/inconclusive=pass")
if(NOT out MATCHES "n=1")
  message(FATAL_ERROR "expected a one-replication verdict:\n${out}")
endif()

# A model the builder refuses is invalid input too, found before anything runs.
file(READ ${SCENARIOS}/two-channels-shared-stock.json text)
string(REPLACE "\"kind\": \"erp\"" "\"kind\": \"oms\"" text "${text}")
file(WRITE ${WORK}/two-oms.json "${text}")
expect_exit(2 ${SCENARIOS}/two-channels-shared-stock.json ${WORK}/two-oms.json)
if(NOT out MATCHES "/nodes/3/params/regions: expected the regions OMS shard")
  message(FATAL_ERROR "expected the semantic pass to refuse a second OMS that names no regions, with its pointer:\n${out}")
endif()

# Invalid input: exit 2 and nothing runs, even when another file is fine.
file(WRITE ${WORK}/bad.json "{\"name\": \"x\", \"horizon\": \"1h\", \"assertions\": [{\"metric\": \"oversel_rate\"}]}")
expect_exit(2 ${SCENARIOS}/two-channels-shared-stock.json ${WORK}/bad.json --junit ${WORK}/none.xml)
if(EXISTS ${WORK}/none.xml)
  message(FATAL_ERROR "an invalid input still wrote a JUnit file")
endif()
if(NOT out MATCHES "nothing was run")
  message(FATAL_ERROR "expected 'nothing was run':\n${out}")
endif()
# A gate whose statistic does not fit its metric is invalid input too.
expect_exit(2 ${SCENARIOS}/two-channels-shared-stock.json
            "--set" "/assertions/0={\"metric\":\"oversell_rate\",\"statistic\":\"p99\",\"comparison\":\"<=\",\"threshold\":1}")
if(NOT out MATCHES "metric \"oversell_rate\" has no statistic \"p99\" \\(it has: mean\\)")
  message(FATAL_ERROR "expected the statistic to be refused:\n${out}")
endif()
