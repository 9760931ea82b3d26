// What every okoce header needs of the compiler, checked once, first: C++20 (concepts,
// operator<=>, std::span). Without it g++ would report some 200 errors about `concept` and
// `operator<=` deep in the headers instead of saying what is wrong.
#pragma once

#if __cplusplus < 202002L || !defined(__cpp_concepts)
#error "okoce needs C++20: compile with -std=c++20 (or later)"
// A missing include is fatal to g++ and clang alike: compilation stops here, so the line above
// is the whole story rather than the first of hundreds.
#include "okoce needs C++20"
#endif
