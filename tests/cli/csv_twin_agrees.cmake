# scenarios/csv-example.json (catalogue, nodes, stock and an order log from CSV
# files) and tests/models/data/csv-example-twin.json (the same retailer written in
# JSON: catalog items, node objects with explicit stock, the log as a trace) give
# the same results: summary.json's "variants" byte for byte, and timeseries.csv.
#   cmake -DPEAKSIM=... -DCSV=... -DTWIN=... -DWORK=dir -P csv_twin_agrees.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
foreach(which CSV TWIN)
  execute_process(COMMAND ${PEAKSIM} run ${${which}} --variant baseline --quiet --out ${WORK}/${which}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "peaksim run ${${which}} exited ${rc}:\n${out}\n${err}")
  endif()
  file(READ ${WORK}/${which}/summary.json summary)
  string(JSON ${which}_variants GET "${summary}" variants)
  file(SHA256 ${WORK}/${which}/timeseries.csv ${which}_series)
endforeach()
if(NOT CSV_variants STREQUAL TWIN_variants)
  file(WRITE ${WORK}/csv.json "${CSV_variants}")
  file(WRITE ${WORK}/twin.json "${TWIN_variants}")
  message(FATAL_ERROR "the CSV scenario's results differ from its JSON twin's (see ${WORK}/csv.json, twin.json)")
endif()
if(NOT CSV_series STREQUAL TWIN_series)
  message(FATAL_ERROR "the CSV scenario's timeseries.csv differs from its JSON twin's")
endif()
message(STATUS "the CSV scenario and its JSON twin agree")
