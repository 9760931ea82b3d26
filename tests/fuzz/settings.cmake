# Initial cache for the fuzz build directory (scripts/fuzz.sh passes it with -C): -O1 compiles
# faster than -O2 under the sanitizers, keeps assertions on (no NDEBUG) and, with -g, gives
# findings a stack trace with lines.
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O1 -g" CACHE STRING "Flags of the fuzz build")
