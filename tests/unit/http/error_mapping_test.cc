#include "http/error_mapping.h"

#include <gtest/gtest.h>

#include <array>
#include <nlohmann/json.hpp>

namespace roi::http {
namespace {

struct Row {
  ErrorCode code;
  int status;
};

constexpr std::array<Row, 11> kRows = {{
    {ErrorCode::kInvalidArgument, 400},
    {ErrorCode::kUnauthenticated, 401},
    {ErrorCode::kPermissionDenied, 403},
    {ErrorCode::kNotFound, 404},
    {ErrorCode::kAlreadyExists, 409},
    {ErrorCode::kFailedPrecondition, 409},
    {ErrorCode::kAborted, 409},
    {ErrorCode::kResourceExhausted, 429},
    {ErrorCode::kUnavailable, 503},
    {ErrorCode::kDataLoss, 500},
    {ErrorCode::kInternal, 500},
}};

TEST(ErrorMappingTest, EveryCodeMapsToItsStatus) {
  for (const Row& row : kRows) {
    EXPECT_EQ(HttpStatusFor(row.code), row.status) << ErrorCodeName(row.code);
    HttpResponse response = ErrorResponse(MakeError(row.code, "m"));
    EXPECT_EQ(response.status, row.status);
    nlohmann::json body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["error"]["code"], std::string(ErrorCodeName(row.code)));
  }
}

TEST(ErrorMappingTest, BodyHasTheOneShapeWithDetails) {
  Error error = InvalidArgumentError("case is invalid");
  error.details.push_back({"/documents/3/kind", "unknown value \"xray\""});
  HttpResponse response = ErrorResponse(error);
  EXPECT_EQ(response.content_type, "application/json");
  nlohmann::json body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["message"], "case is invalid");
  ASSERT_EQ(body["error"]["details"].size(), 1u);
  EXPECT_EQ(body["error"]["details"][0]["path"], "/documents/3/kind");
  EXPECT_EQ(body["error"]["details"][0]["message"], "unknown value \"xray\"");
}

TEST(ErrorMappingTest, InternalMessagesStayInternal) {
  HttpResponse response = ErrorResponse(InternalError("sqlite says table patients is corrupt"));
  EXPECT_EQ(response.body.find("sqlite"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["details"].size(), 0u);
}

}  // namespace
}  // namespace roi::http
