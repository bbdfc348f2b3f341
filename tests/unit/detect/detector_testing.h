// The detector built from the repository's lexicons (data/lexicons), loaded once per test binary.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "detect/hyperscan_detector.h"

namespace roi::detect::testing {

inline const HyperscanDetector& RepositoryDetector() {
  static const std::unique_ptr<HyperscanDetector> detector = [] {
    Result<std::unique_ptr<HyperscanDetector>> loaded = LoadDetector(OPENROI_LEXICON_DIR);
    if (!loaded) ADD_FAILURE() << loaded.error().ToString();
    return loaded ? std::move(*loaded) : nullptr;
  }();
  return *detector;
}

}  // namespace roi::detect::testing
