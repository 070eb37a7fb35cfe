# Prints the seed a summary.json records (run.seed), after parsing the whole file:
# a truncated or mixed file fails here.
#   cmake -DFILE=summary.json -P summary_seed.cmake
cmake_minimum_required(VERSION 3.25)
file(READ "${FILE}" text)
string(JSON seed ERROR_VARIABLE error GET "${text}" run seed)
if(error)
  message(FATAL_ERROR "${FILE} does not parse as a summary: ${error}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E echo "${seed}")
