# `--engine auto` (the default) picks an engine and changes no output:
#  - one run on two threads goes to the parallel engine, which says what it did
#    in a note ("engine auto: ...": partitions, or one partition when they would
#    not pay);
#  - several runs on two threads, or one thread, go side by side on the
#    sequential engine: no such note;
# and summary.json (all but "invocation") and timeseries.csv equal those of
# `--engine sequential` each time.
#   cmake -DPEAKSIM=... -DFILE=scenario.json -DWORK=dir "-DARGS=--variant;baseline" -P auto_engine.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")

function(run_once name)
  execute_process(COMMAND ${PEAKSIM} run ${FILE} ${ARGS} ${ARGN} --out ${WORK}/${name}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "peaksim run ${ARGS} ${ARGN} exited ${rc}:\n${out}\n${err}")
  endif()
  set(stderr_${name} "${err}" PARENT_SCOPE)
endfunction()

function(check_same a b)
  file(READ ${WORK}/${a}/summary.json sa)
  file(READ ${WORK}/${b}/summary.json sb)
  string(JSON sa REMOVE "${sa}" invocation)
  string(JSON sb REMOVE "${sb}" invocation)
  if(NOT sa STREQUAL sb)
    message(FATAL_ERROR "summary.json differs between ${a} and ${b}")
  endif()
  file(SHA256 ${WORK}/${a}/timeseries.csv ha)
  file(SHA256 ${WORK}/${b}/timeseries.csv hb)
  if(NOT ha STREQUAL hb)
    message(FATAL_ERROR "timeseries.csv differs between ${a} and ${b}")
  endif()
endfunction()

run_once(one_auto --replications 1 --threads 2)
run_once(one_seq --replications 1 --threads 2 --engine sequential)
if(NOT stderr_one_auto MATCHES "note: engine auto: (the parallel engine|one partition)")
  message(FATAL_ERROR "one run on 2 threads: no `engine auto` note from the parallel engine:\n${stderr_one_auto}")
endif()
if(stderr_one_seq MATCHES "engine auto")
  message(FATAL_ERROR "--engine sequential printed an `engine auto` note:\n${stderr_one_seq}")
endif()
check_same(one_auto one_seq)

run_once(two_auto --replications 2 --threads 2)
run_once(two_seq --replications 2 --threads 2 --engine sequential)
if(stderr_two_auto MATCHES "engine auto")
  message(FATAL_ERROR "two runs on 2 threads should go side by side on the sequential engine:\n${stderr_two_auto}")
endif()
check_same(two_auto two_seq)

run_once(alone_auto --replications 1 --threads 1)
if(stderr_alone_auto MATCHES "engine auto")
  message(FATAL_ERROR "one thread should run the sequential engine:\n${stderr_alone_auto}")
endif()
check_same(alone_auto one_seq)
message(STATUS "auto: parallel engine for one run on 2 threads, sequential otherwise; outputs identical")
