# Opens report.html in headless Chromium and checks that the browser drew it:
# the page's own script writes, after load, how many charts have a box with
# area and at least one mark (data-charts-rendered) and which variants the
# legends name (data-variants) on <body>; --dump-dom prints the DOM after it ran.
#
#   cmake -DCHROMIUM=/usr/bin/chromium -DREPORT=build/report.html \
#         -DVARIANTS="baseline;hard" -DMIN_CHARTS=4 -P tests/cli/report_renders.cmake
#
# It proves the page parses, lays out and runs its script without network
# access; it does not judge how the charts look.
# data-variants is comma separated, so a variant name must not contain ','.
cmake_minimum_required(VERSION 3.25)

foreach(required CHROMIUM REPORT VARIANTS MIN_CHARTS)
  if(NOT DEFINED ${required} OR "${${required}}" STREQUAL "")
    message(FATAL_ERROR "report_renders.cmake: -D${required}=... is required "
                        "(CHROMIUM, REPORT, VARIANTS as \"a;b\", MIN_CHARTS)")
  endif()
endforeach()
get_filename_component(report "${REPORT}" ABSOLUTE)
if(NOT EXISTS "${report}")
  message(FATAL_ERROR "report_renders.cmake: no report at ${report}")
endif()
# A file URL: percent first, then the characters a path may hold that a URL may not.
set(url "${report}")
foreach(pair "%;%25" " ;%20" "#;%23" "?;%3F")
  list(GET pair 0 from)
  list(GET pair 1 to)
  string(REPLACE "${from}" "${to}" url "${url}")
endforeach()

# A throwaway profile: concurrent tests must not share one, and $HOME may be read-only.
string(RANDOM LENGTH 12 suffix)
set(profile "${CMAKE_CURRENT_BINARY_DIR}/report_renders_profile_${suffix}")
execute_process(
  COMMAND "${CHROMIUM}" --headless --no-sandbox --disable-gpu --virtual-time-budget=5000
          "--user-data-dir=${profile}" --dump-dom "file://${url}"
  OUTPUT_VARIABLE dom ERROR_VARIABLE errors RESULT_VARIABLE rc TIMEOUT 120)
file(REMOVE_RECURSE "${profile}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "report_renders.cmake: ${CHROMIUM} exited with '${rc}' on ${report}:\n${errors}")
endif()

string(REGEX MATCH "<body[^>]*>" body "${dom}")
if(body STREQUAL "")
  message(FATAL_ERROR "report_renders.cmake: the DOM Chromium dumped for ${report} has no <body> "
                      "(${CMAKE_CURRENT_LIST_FILE}); first bytes:\n${dom}")
endif()
if(NOT body MATCHES "data-charts-rendered=\"([0-9]+)\"")
  message(FATAL_ERROR "report_renders.cmake: ${report}: <body> has no data-charts-rendered, so the page's "
                      "script did not run or failed; found ${body}")
endif()
set(charts "${CMAKE_MATCH_1}")
if(charts LESS MIN_CHARTS)
  message(FATAL_ERROR "report_renders.cmake: ${report}: Chromium drew ${charts} charts, expected at least "
                      "${MIN_CHARTS} (a chart counts when its <svg class=\"chart\"> has width, height and a mark)")
endif()

# The attribute is HTML-escaped in the dump; &amp; last so "&amp;lt;" stays "&lt;".
string(REGEX MATCH "data-variants=\"([^\"]*)\"" _ "${body}")
set(variants "${CMAKE_MATCH_1}")
# (Entities end in ';', CMake's list separator, hence no loop over pairs.)
string(REPLACE "&quot;" "\"" variants "${variants}")
string(REPLACE "&lt;" "<" variants "${variants}")
string(REPLACE "&gt;" ">" variants "${variants}")
string(REPLACE "&#39;" "'" variants "${variants}")
string(REPLACE "&amp;" "&" variants "${variants}")
string(REPLACE "," ";" found "${variants}")
set(missing "")
foreach(variant IN LISTS VARIANTS)
  if(NOT variant IN_LIST found)
    list(APPEND missing "${variant}")
  endif()
endforeach()
if(missing)
  list(JOIN missing ", " missing_text)
  message(FATAL_ERROR "report_renders.cmake: ${report}: the legends do not name ${missing_text}; "
                      "they name: ${variants}")
endif()
message(STATUS "${report}: ${charts} charts drawn (at least ${MIN_CHARTS} expected); legends name ${variants}")
