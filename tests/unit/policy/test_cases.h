// Helpers shared by the policy unit tests: the repo's rule set, and a valid base case that each
// test edits.
#pragma once

#include <string>

#include "policy/engine.h"

namespace roi::policy::testing {

// The rules/ directory of the source tree, loaded once.  Aborts the test binary if it fails.
const RuleSet& RepoRules();

// A valid adult-patient electronic access case in US-FL with one 10-page progress note.
Case BaseCase();

// A document with the given id and kind, 10 pages, service date 2025-06-01.
Document Doc(std::string id, DocKind kind);

// An authorization with every element and statement, signed 2026-02-01, expiring 2027-01-01.
Authorization CompleteAuthorization();

Date D(const char* text);

// The list of code names, e.g. {"AUTH_MISSING"}.
std::vector<std::string> Names(const std::vector<Code>& codes);

}  // namespace roi::policy::testing
