// ROI_CHECK: an always-on invariant check for places where carrying on could corrupt or disclose
// records.  Never use it on anything that comes from outside (requests, files, the database).
#pragma once

#include <cstdio>
#include <cstdlib>

#define ROI_CHECK(cond)                                                                   \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "ROI_CHECK failed: %s at %s:%d\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                       \
    }                                                                                     \
  } while (false)
