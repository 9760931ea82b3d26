# cmake -DCXX=<compiler> -DSOURCE=<file> -DINCLUDES=<dir;dir> -P cxx17_refused.cmake
# Compiles SOURCE as C++17 and expects it to fail with okoce's own message, first and alone
# (the #error and the fatal stop after it), not with errors from inside the headers.
set(flags)
foreach(dir IN LISTS INCLUDES)
    list(APPEND flags -I${dir})
endforeach()
execute_process(COMMAND ${CXX} -std=c++17 -fsyntax-only ${flags} ${SOURCE}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
    message(FATAL_ERROR "C++17 compiled okoce/okoce.hpp without an error")
endif()
string(REGEX MATCH "error: [^\n]*" first "${out}")
if(NOT first MATCHES "okoce needs C\\+\\+20: compile with -std=c\\+\\+20")
    message(FATAL_ERROR "the first error is not okoce's:\n${out}")
endif()
string(REGEX MATCHALL "error:" errors "${out}")
list(LENGTH errors n)
if(n GREATER 2)
    message(FATAL_ERROR "${n} errors where okoce's message should stand alone:\n${out}")
endif()
message(STATUS "${first}")
