# `--until-precision 20%` adds replications until every gated metric's 95%
# half-width is within 20% of its mean (or the maximum is reached).
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
execute_process(COMMAND ${PEAKSIM} run ${FILE} --until-precision 20% --max-replications 400 --quiet --out ${WORK}
                OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "exit ${rc}:\n${out}")
endif()
file(READ ${WORK}/summary.json summary)
string(JSON replications GET "${summary}" run replications)
if(NOT replications GREATER 5)
  message(FATAL_ERROR "--until-precision kept the file's 5 replications; the gate needs more:\n${out}")
endif()
string(JSON gates LENGTH "${summary}" gates)
math(EXPR last "${gates} - 1")
foreach(g RANGE ${last})
  string(JSON mean GET "${summary}" gates ${g} measured mean)
  string(JSON low GET "${summary}" gates ${g} measured ci95 0)
  string(JSON high GET "${summary}" gates ${g} measured ci95 1)
  # CMake has no floating point; awk reads JSON numbers (exponents too). A null
  # bound (fewer than two replications with samples) fails.
  foreach(v mean low high)
    if("${${v}}" STREQUAL "" OR "${${v}}" STREQUAL "NOTFOUND")
      message(FATAL_ERROR "gate ${g}: ${v} is null after ${replications} replications")
    endif()
  endforeach()
  execute_process(COMMAND awk "BEGIN { hw = (${high} - ${low}) / 2; m = ${mean} < 0 ? -${mean} : ${mean}; exit !(hw <= 0.2 * m + 1e-12) }"
                  RESULT_VARIABLE tight)
  if(NOT tight EQUAL 0)
    message(FATAL_ERROR "gate ${g}: interval [${low}, ${high}] around ${mean} is wider than 20% after ${replications} replications")
  endif()
endforeach()
message(STATUS "${replications} replications (file: 5); every gated interval within 20% of its mean")
