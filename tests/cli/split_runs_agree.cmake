# A run split into shards and merged, or spread over MPI ranks, writes the same
# summary.json (all but "invocation"), timeseries.csv and timeseries-replications.csv
# as one process.
#   cmake -DPEAKSIM=... -DFILE=... -DWORK=dir -DARGS="..." [-DMPIRUN=/usr/bin/mpirun] -P split_runs_agree.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")

function(run_peaksim)
  execute_process(COMMAND ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${ARGN}\nexited ${rc}:\n${out}\n${err}")
  endif()
endfunction()

function(expect_same dir what)
  file(READ ${WORK}/single/summary.json a)
  file(READ ${dir}/summary.json b)
  string(JSON a REMOVE "${a}" invocation)
  string(JSON b REMOVE "${b}" invocation)
  if(NOT a STREQUAL b)
    message(FATAL_ERROR "${what}: summary.json differs from the single-process run (${dir})")
  endif()
  foreach(name timeseries.csv timeseries-replications.csv)
    file(SHA256 ${WORK}/single/${name} sa)
    file(SHA256 ${dir}/${name} sb)
    if(NOT sa STREQUAL sb)
      message(FATAL_ERROR "${what}: ${name} differs from the single-process run (${dir})")
    endif()
  endforeach()
  message(STATUS "${what}: same summary.json, timeseries.csv and timeseries-replications.csv as one process")
endfunction()

run_peaksim(${PEAKSIM} run ${FILE} ${ARGS} --timeseries replications --quiet --out ${WORK}/single)

if(NOT DEFINED MPIRUN)
  foreach(i 0 1 2)
    run_peaksim(${PEAKSIM} run ${FILE} ${ARGS} --quiet --shard ${i}/3 --out ${WORK}/shard${i})
  endforeach()
  # In another order than the shards': the merge does not care.
  run_peaksim(${PEAKSIM} merge ${WORK}/shard2 ${WORK}/shard0 ${WORK}/shard1 --timeseries replications --quiet
              --out ${WORK}/merged)
  expect_same(${WORK}/merged "shard/merge of 3")

  function(expect_refusal pattern)
    execute_process(COMMAND ${PEAKSIM} merge ${ARGN} --quiet --out ${WORK}/refused
                    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
    if(NOT rc EQUAL 2 OR NOT err MATCHES "${pattern}")
      message(FATAL_ERROR "merge ${ARGN}: expected exit 2 and '${pattern}', got ${rc}:\n${out}\n${err}")
    endif()
    if(EXISTS ${WORK}/refused/summary.json)
      message(FATAL_ERROR "a refused merge wrote summary.json")
    endif()
  endfunction()
  expect_refusal("missing shard\\(s\\) 1 of 3" ${WORK}/shard0 ${WORK}/shard2)
  expect_refusal("shard 0 of 3 appears twice" ${WORK}/shard0 ${WORK}/shard0 ${WORK}/shard1 ${WORK}/shard2)
  run_peaksim(${PEAKSIM} run ${FILE} ${ARGS} --seed 7 --quiet --shard 2/3 --out ${WORK}/other-seed)
  expect_refusal("come from different experiments \\(seed 7 vs" ${WORK}/shard0 ${WORK}/shard1 ${WORK}/other-seed)
  run_peaksim(${PEAKSIM} run ${FILE} ${ARGS} --quiet --shard 1/2 --out ${WORK}/halves)
  expect_refusal("is shard 1 of 2, but .* is one of 3" ${WORK}/shard0 ${WORK}/halves)
else()
  foreach(n 2 3)
    run_peaksim(${MPIRUN} --allow-run-as-root --oversubscribe -np ${n} ${PEAKSIM} run ${FILE} ${ARGS}
                --timeseries replications --quiet --out ${WORK}/mpi${n})
    expect_same(${WORK}/mpi${n} "mpirun -np ${n}")
  endforeach()
  # A rank that dies fails the job, names itself and its work, and nothing is written.
  execute_process(COMMAND ${CMAKE_COMMAND} -E env PEAKSIM_TEST_DIE_RANK=1
                          ${MPIRUN} --allow-run-as-root --oversubscribe -x PEAKSIM_TEST_DIE_RANK -np 3
                          ${PEAKSIM} run ${FILE} ${ARGS} --quiet --out ${WORK}/died
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 300)
  if(rc EQUAL 0 OR NOT "${out}${err}" MATCHES "rank 1 held baseline replications")
    message(FATAL_ERROR "a dying rank: expected failure naming rank 1 and its work, got ${rc}:\n${out}\n${err}")
  endif()
  if(EXISTS ${WORK}/died/summary.json)
    message(FATAL_ERROR "a job whose rank died wrote summary.json")
  endif()
  message(STATUS "a dying rank failed the job and named its work")
endif()
