# cmake -DOKOCE_SOURCE_DIR=.. -DBINARY_DIR=.. -DGENERATOR=.. [-DCXX=.. -DLAUNCHER=..] -P
# Configures, builds and runs the add_subdirectory consumer (subdirectory/CMakeLists.txt), with
# no build type: the -O0 library compiles quickly.
set(args -S ${CMAKE_CURRENT_LIST_DIR}/subdirectory -B ${BINARY_DIR} -G ${GENERATOR}
         -DOKOCE_SOURCE_DIR=${OKOCE_SOURCE_DIR})
if(CXX)
    list(APPEND args -DCMAKE_CXX_COMPILER=${CXX})
endif()
if(LAUNCHER)
    list(APPEND args -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
foreach(step IN ITEMS configure build run)
    if(step STREQUAL "configure")
        set(command ${CMAKE_COMMAND} ${args})
    elseif(step STREQUAL "build")
        set(command ${CMAKE_COMMAND} --build ${BINARY_DIR} --parallel 2)
    else()
        set(command ${BINARY_DIR}/consumer)
    endif()
    execute_process(COMMAND ${command} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${step} failed (${rc})")
    endif()
endforeach()
