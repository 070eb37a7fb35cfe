# Opens report.html in headless Chromium on a 1366×768 screen (a common
# laptop) and checks that the browser drew it: the page's own script writes,
# after load, how many charts have a box with area and at least one mark
# (data-charts-rendered), which variants the legends name (data-variants) and
# where the verdict section ends (data-verdict-bottom, CSS pixels from the top)
# on <body>; --dump-dom prints the DOM after it ran. The verdict must end
# within the first screen. Then it takes a screenshot of that first screen to
# SCREENSHOT and checks the PNG is 1366×768 (its IHDR), for people to look at.
#
#   cmake -DCHROMIUM=/usr/bin/chromium -DREPORT=build/report.html \
#         -DVARIANTS="baseline;hard" -DMIN_CHARTS=4 [-DSCREENSHOT=first_screen.png] \
#         -P tests/cli/report_renders.cmake
#
# It proves the page parses, lays out and runs its script without network
# access, and that the verdict is what a reader sees first; it does not judge
# how the charts look (the screenshot is for that).
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
set(screen_width 1366)
set(screen_height 768)
set(browser "${CHROMIUM}" --headless --no-sandbox --disable-gpu --virtual-time-budget=5000 --hide-scrollbars
            "--user-data-dir=${profile}" "--window-size=${screen_width},${screen_height}")
execute_process(
  COMMAND ${browser} --dump-dom "file://${url}"
  OUTPUT_VARIABLE dom ERROR_VARIABLE errors RESULT_VARIABLE rc TIMEOUT 120)
if(NOT rc EQUAL 0)
  file(REMOVE_RECURSE "${profile}")
  message(FATAL_ERROR "report_renders.cmake: ${CHROMIUM} exited with '${rc}' on ${report}:\n${errors}")
endif()
if(DEFINED SCREENSHOT AND NOT SCREENSHOT STREQUAL "")
  file(REMOVE "${SCREENSHOT}")
  execute_process(
    COMMAND ${browser} "--screenshot=${SCREENSHOT}" "file://${url}"
    OUTPUT_QUIET ERROR_VARIABLE errors RESULT_VARIABLE rc TIMEOUT 120)
  if(NOT rc EQUAL 0 OR NOT EXISTS "${SCREENSHOT}")
    file(REMOVE_RECURSE "${profile}")
    message(FATAL_ERROR "report_renders.cmake: ${CHROMIUM} wrote no screenshot of ${report} (exit '${rc}'):\n${errors}")
  endif()
endif()
file(REMOVE_RECURSE "${profile}")

string(REGEX MATCH "<body[^>]*>" body "${dom}")
if(body STREQUAL "")
  message(FATAL_ERROR "report_renders.cmake: the DOM Chromium dumped for ${report} has no <body> "
                      "(${CMAKE_CURRENT_LIST_FILE}); first bytes:\n${dom}")
endif()
# A number the page's script wrote on <body> as `attribute`, or a failure saying `missing`.
function(body_number attribute missing out_var)
  if(NOT body MATCHES "${attribute}=\"([0-9]+)\"")
    message(FATAL_ERROR "report_renders.cmake: ${report}: <body> has no ${attribute}, ${missing}; found ${body}")
  endif()
  set(${out_var} "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()
body_number(data-charts-rendered "so the page's script did not run or failed" charts)
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
# The first screen holds the verdict.
body_number(data-verdict-bottom "so the page has no element with id=\"verdict\"" verdict_bottom)
if(verdict_bottom GREATER screen_height)
  message(FATAL_ERROR "report_renders.cmake: ${report}: the verdict ends ${verdict_bottom} px down the page, below "
                      "the first ${screen_width}×${screen_height} screen: a reader would have to scroll to see it")
endif()

# A PNG's IHDR holds its width and height as big-endian 32-bit numbers at bytes 16 to 23.
if(DEFINED SCREENSHOT AND NOT SCREENSHOT STREQUAL "")
  file(READ "${SCREENSHOT}" header OFFSET 16 LIMIT 8 HEX)
  string(SUBSTRING "${header}" 0 8 width_hex)
  string(SUBSTRING "${header}" 8 8 height_hex)
  math(EXPR shot_width "0x${width_hex}")
  math(EXPR shot_height "0x${height_hex}")
  if(NOT shot_width EQUAL screen_width OR NOT shot_height EQUAL screen_height)
    message(FATAL_ERROR "report_renders.cmake: the screenshot ${SCREENSHOT} is ${shot_width}×${shot_height}, "
                        "expected ${screen_width}×${screen_height}")
  endif()
  message(STATUS "first screen: ${SCREENSHOT} (${shot_width}×${shot_height})")
endif()
message(STATUS "${report}: the verdict ends at ${verdict_bottom} px of ${screen_height}")
message(STATUS "${report}: ${charts} charts drawn (at least ${MIN_CHARTS} expected); legends name ${variants}")
