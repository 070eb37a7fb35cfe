# The series files of `peaksim run`: timeseries.csv by default; with --timeseries
# replications also timeseries-replications.csv; past --gzip-above each is written
# as NAME.csv.gz, which decompresses to exactly the text it would have written; the
# final line names the files written; a series file of an earlier run that this one
# does not write is dropped (a user's file is kept); bad values exit 2.
#   cmake -DPEAKSIM=... -DFILE=scenario.json -DWORK=dir -P timeseries_outputs.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
set(args --replications 3 --set "/horizon=\"3h\"" --quiet)

function(run_peaksim out_var)
  execute_process(COMMAND ${PEAKSIM} ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "peaksim ${ARGN}\nexited ${rc}:\n${out}\n${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

# Exactly these files (and `also`) in a folder.
function(expect_files dir)
  file(GLOB present RELATIVE ${dir} ${dir}/*)
  list(SORT present)
  set(want summary.json report.html ${ARGN})
  list(SORT want)
  if(NOT present STREQUAL want)
    message(FATAL_ERROR "${dir} holds ${present}, expected ${want}")
  endif()
endfunction()

run_peaksim(out run ${FILE} ${args} --timeseries replications --out ${WORK}/plain)
expect_files(${WORK}/plain timeseries.csv timeseries-replications.csv)
if(NOT out MATCHES "wrote [^\n]*/plain/{summary.json,timeseries.csv,timeseries-replications.csv,report.html}\n")
  message(FATAL_ERROR "the final line does not name the files written:\n${out}")
endif()
file(STRINGS ${WORK}/plain/timeseries.csv header LIMIT_COUNT 1)
if(NOT header STREQUAL "variant,series,labels,unit,minute,replications,mean,low,high")
  message(FATAL_ERROR "timeseries.csv header: ${header}")
endif()
file(STRINGS ${WORK}/plain/timeseries-replications.csv header LIMIT_COUNT 1)
if(NOT header STREQUAL "variant,replication,series,labels,unit,minute,value")
  message(FATAL_ERROR "timeseries-replications.csv header: ${header}")
endif()

# Compressed: the same text.
file(WRITE ${WORK}/compressed/notes.txt "a user's file, carried from set to set\n")
run_peaksim(out run ${FILE} ${args} --timeseries replications --gzip-above 0 --out ${WORK}/compressed)
expect_files(${WORK}/compressed notes.txt timeseries.csv.gz timeseries-replications.csv.gz)
if(NOT out MATCHES "wrote [^\n]*/compressed/{summary.json,timeseries.csv.gz,timeseries-replications.csv.gz,report.html}\n")
  message(FATAL_ERROR "the final line does not name the files written:\n${out}")
endif()
foreach(name timeseries.csv timeseries-replications.csv)
  execute_process(COMMAND gzip -dc ${WORK}/compressed/${name}.gz OUTPUT_FILE ${WORK}/${name}.unpacked
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip -dc ${name}.gz exited ${rc}")
  endif()
  file(SHA256 ${WORK}/${name}.unpacked unpacked)
  file(SHA256 ${WORK}/plain/${name} plain)
  if(NOT unpacked STREQUAL plain)
    message(FATAL_ERROR "${name}.gz does not decompress to ${name} (see ${WORK}/${name}.unpacked)")
  endif()
endforeach()

# The next run writes the summary only: the earlier series files go with the old set.
run_peaksim(out run ${FILE} ${args} --out ${WORK}/compressed)
expect_files(${WORK}/compressed notes.txt timeseries.csv)
run_peaksim(out run ${FILE} ${args} --timeseries none --out ${WORK}/compressed)
expect_files(${WORK}/compressed notes.txt)
if(NOT out MATCHES "wrote [^\n]*/compressed/{summary.json,report.html}\n")
  message(FATAL_ERROR "the final line does not name the files written:\n${out}")
endif()

# Bad values: exit 2, by name, before anything runs.
function(expect_usage_error pattern)
  execute_process(COMMAND ${PEAKSIM} ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 2 OR NOT err MATCHES "${pattern}")
    message(FATAL_ERROR "peaksim ${ARGN}: expected exit 2 and '${pattern}', got ${rc}:\n${out}\n${err}")
  endif()
endfunction()
expect_usage_error("--timeseries: every not in {summary,replications,none}"
                   run ${FILE} ${args} --timeseries every --out ${WORK}/refused)
expect_usage_error("--gzip-above: expected a whole number from 0 to 1048576, found \"1.5\""
                   run ${FILE} ${args} --gzip-above 1.5 --out ${WORK}/refused)
expect_usage_error("--timeseries: gz not in"
                   merge ${WORK}/plain --timeseries gz --out ${WORK}/refused)
expect_usage_error("--timeseries and --gzip-above shape the outputs, which a shard does not write"
                   run ${FILE} ${args} --shard 0/2 --timeseries replications --out ${WORK}/refused)
if(EXISTS ${WORK}/refused)
  message(FATAL_ERROR "a refused command wrote ${WORK}/refused")
endif()
message(STATUS "series files: summary, per replication, gzip, dropped when not written, bad values refused")
