# Golden summaries: `peaksim run` of a shipped scenario must give exactly the
# summary.json kept in tests/golden/ (all but "invocation", which holds clocks
# and the command line, and run.git_commit, which changes with every commit).
# The summary is normalised by CMake's own JSON writer, which prints every
# double with 17 significant digits, so "equal" here means bit-identical.
#
#   cmake -DPEAKSIM=... -DSOURCE=<project root> -DNAME=<golden name> -DFILE=scenarios/x.json
#         -DWORK=dir "-DARGS=--replications;2" [-DUPDATE=ON] -P golden.cmake
#
# A commit that changes results on purpose regenerates the goldens with
# `bash tests/golden/update.sh` and says why; any other change keeps them.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
execute_process(COMMAND ${PEAKSIM} run ${FILE} ${ARGS} --quiet --out ${WORK}
                WORKING_DIRECTORY ${SOURCE}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "peaksim run ${FILE} ${ARGS} exited ${rc}:\n${out}\n${err}")
endif()
file(READ ${WORK}/summary.json summary)
string(JSON summary REMOVE "${summary}" invocation)
string(JSON summary REMOVE "${summary}" run git_commit)
set(golden ${SOURCE}/tests/golden/${NAME}.summary.json)
if(UPDATE)
  file(WRITE ${golden} "${summary}\n")
  message(STATUS "wrote ${golden}")
  return()
endif()
if(NOT EXISTS ${golden})
  message(FATAL_ERROR "no golden ${golden}: run `bash tests/golden/update.sh`")
endif()
file(READ ${golden} want)
if(NOT "${summary}\n" STREQUAL want)
  file(WRITE ${WORK}/got.summary.json "${summary}\n")
  execute_process(COMMAND diff -u ${golden} ${WORK}/got.summary.json OUTPUT_VARIABLE diff)
  string(LENGTH "${diff}" length)
  if(length GREATER 6000)
    string(SUBSTRING "${diff}" 0 6000 diff)
    set(diff "${diff}\n... (diff cut; see the file)")
  endif()
  message(FATAL_ERROR "${FILE} ${ARGS}: summary differs from ${golden}\n"
                      "(got ${WORK}/got.summary.json). If the change is meant, regenerate with "
                      "`bash tests/golden/update.sh` and say why in the commit.\n${diff}")
endif()
message(STATUS "${FILE} ${ARGS}: summary identical to ${golden}")
