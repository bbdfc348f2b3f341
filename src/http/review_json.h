// JSON <-> reviews and billing: review tasks, their completion, review settings, invoices,
// payments and waivers.  Parsers collect every bad field as an ErrorDetail whose path names the
// field ("/withheld_document_ids/0"), and never throw.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "app/billing_service.h"
#include "app/review_service.h"
#include "base/result.h"

namespace roi::http {

Result<ReviewCompletion> ParseReviewCompletion(const nlohmann::json& body);
Result<UserId> ParseReviewAssignment(const nlohmann::json& body);
Result<ReviewSettings> ParseReviewSettings(const nlohmann::json& body);
Result<std::vector<InvoiceLine>> ParseInvoiceLines(const nlohmann::json& body);
Result<PaymentCommand> ParsePayment(const nlohmann::json& body);
Result<WaiverCommand> ParseWaiver(const nlohmann::json& body);

nlohmann::json ReviewTaskJson(const ReviewTask& task);
nlohmann::json ReviewsViewJson(const ReviewsView& view);
nlohmann::json ReviewSettingsJson(const ReviewSettings& settings);
nlohmann::json BillingViewJson(const BillingView& view);

// JSON Schemas for the OpenAPI document.
nlohmann::json ReviewTaskSchema();
nlohmann::json ReviewCompletionSchema();
nlohmann::json ReviewsViewSchema();
nlohmann::json ReviewSettingsSchema();
nlohmann::json AssignmentSchema();
nlohmann::json InvoiceRequestSchema();
nlohmann::json PaymentSchema();
nlohmann::json WaiverSchema();
nlohmann::json BillingViewSchema();

}  // namespace roi::http
