# cmake -DPREFIX=.. -DLIBDIR=.. -DCXX=.. -DSOURCE=.. -DOUTPUT=.. -P pkgconfig.cmake
# Builds the consumer from the installed okoce.pc alone, as a Makefile would:
#   c++ -std=c++20 main.cpp $(pkg-config --cflags --libs okoce)
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${PREFIX}/${LIBDIR}/pkgconfig)
foreach(what IN ITEMS modversion cflags libs)
    execute_process(COMMAND ${PKG_CONFIG} --${what} okoce RESULT_VARIABLE rc
                    OUTPUT_VARIABLE ${what} OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "pkg-config --${what} okoce failed")
    endif()
endforeach()
separate_arguments(cflags UNIX_COMMAND "${cflags}")
separate_arguments(libs UNIX_COMMAND "${libs}")
execute_process(COMMAND ${CXX} -std=c++20 ${cflags} -DOKOCE_PACKAGE_VERSION="${modversion}"
                        ${SOURCE} -o ${OUTPUT} ${libs} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "compiling with pkg-config's flags failed")
endif()
# pkg-config gives no rpath: a shared okoce in a private prefix is found through the loader.
set(ENV{LD_LIBRARY_PATH} ${PREFIX}/${LIBDIR})
execute_process(COMMAND ${OUTPUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the consumer built with pkg-config's flags failed (${rc})")
endif()
