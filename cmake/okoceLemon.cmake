# LEMON as the imported target lemon::lemon. Debian's LEMON config sets only LEMON_INCLUDE_DIRS
# and LEMON_LIBRARY (the static liblemon.a, which holds lemon::INVALID) and defines no target;
# linking through a target keeps the absolute path of the archive out of okoce's exported
# targets, which name lemon::lemon instead. Used by okoce's own build and by okoceConfig.cmake
# (for a static okoce, whose consumers link LEMON too).
if(NOT TARGET lemon::lemon)
    add_library(lemon::lemon UNKNOWN IMPORTED)
    set_target_properties(lemon::lemon PROPERTIES IMPORTED_LOCATION "${LEMON_LIBRARY}"
                                                  INTERFACE_INCLUDE_DIRECTORIES
                                                  "${LEMON_INCLUDE_DIRS}")
endif()
