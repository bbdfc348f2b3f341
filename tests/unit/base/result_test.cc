#include "base/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

namespace roi {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgumentError("odd");
  return n / 2;
}

TEST(ResultTest, HoldsValue) {
  Result<int> r = Half(8);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.has_value());
  EXPECT_EQ(*r, 4);
}

TEST(ResultTest, HoldsError) {
  Result<int> r = Half(3);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message, "odd");
  EXPECT_EQ(r.error().ToString(), "INVALID_ARGUMENT: odd");
}

TEST(ResultTest, MovesOnlyTypes) {
  Result<std::unique_ptr<std::string>> r = std::make_unique<std::string>("x");
  ASSERT_TRUE(r);
  std::unique_ptr<std::string> taken = std::move(r).value();
  EXPECT_EQ(*taken, "x");
}

TEST(StatusTest, OkAndError) {
  Status ok = OkStatus();
  EXPECT_TRUE(ok);
  Status bad = NotFoundError("request 7 not found");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);
}

TEST(ErrorTest, EveryCodeHasADistinctName) {
  const ErrorCode codes[] = {
      ErrorCode::kInvalidArgument, ErrorCode::kUnauthenticated,   ErrorCode::kPermissionDenied,
      ErrorCode::kNotFound,        ErrorCode::kAlreadyExists,     ErrorCode::kFailedPrecondition,
      ErrorCode::kAborted,         ErrorCode::kResourceExhausted, ErrorCode::kUnavailable,
      ErrorCode::kDataLoss,        ErrorCode::kInternal};
  std::set<std::string_view> names;
  for (ErrorCode code : codes) names.insert(ErrorCodeName(code));
  EXPECT_EQ(names.size(), std::size(codes));
  EXPECT_EQ(ErrorCodeName(ErrorCode::kFailedPrecondition), "FAILED_PRECONDITION");
}

TEST(ErrorTest, ToStringListsDetails) {
  Error error = InvalidArgumentError("case is invalid");
  error.details.push_back({"/documents/3/kind", "unknown value"});
  EXPECT_EQ(error.ToString(),
            "INVALID_ARGUMENT: case is invalid\n  /documents/3/kind: unknown value");
}

}  // namespace
}  // namespace roi
