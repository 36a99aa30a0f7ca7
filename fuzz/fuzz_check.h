#pragma once
// What every fuzz target shares: a failed property aborts, so libFuzzer saves the input as a
// crash. assert() would vanish under NDEBUG, which RelWithDebInfo defines.

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                               \
  do {                                                                                      \
    if (!(condition)) {                                                                     \
      std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                         \
    }                                                                                       \
  } while (false)
