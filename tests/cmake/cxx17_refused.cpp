// Compiled with -std=c++17 by the test cxx17_refused (tests/CMakeLists.txt), which expects the
// one error okoce/detail/config.hpp raises, not the ones C++20 code gives a C++17 compiler.
#include <okoce/okoce.hpp>
