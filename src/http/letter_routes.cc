// Letters as PDF: GET /api/v1/requests/{id}/letters/{letter_id}.pdf renders a stored letter of a
// request of the caller's organization with the DocumentRenderer port; RequestService records
// the download in the audit trail.
#include <charconv>

#include "app/printable.h"
#include "app/request_service.h"
#include "http/api.h"
#include "http/error_mapping.h"

namespace roi::http {
namespace {

std::int64_t PositiveParam(const HttpRequest& request, const char* name) {
  auto found = request.path_params.find(name);
  if (found == request.path_params.end()) return 0;
  const std::string& text = found->second;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return 0;
  return value;
}

}  // namespace

void AddLetterRoutes(Router& router, RequestService& service, const DocumentRenderer& renderer) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/requests/{id}/letters/{letter_id}.pdf",
       .operation_id = "getLetterPdf",
       .summary = "A letter of the request as PDF (letterhead, date, recipient, body, citations). "
                  "The same letter always gives the same bytes.",
       .tag = "requests",
       .response_content_type = "application/pdf",
       .access = Access::Permission(Permission::kManageRequests)},
      [&service, &renderer](const HttpRequest& request) {
        std::int64_t id = PositiveParam(request, "id");
        std::int64_t letter_id = PositiveParam(request, "letter_id");
        if (id <= 0) return ErrorResponse(NotFoundError("id does not name a record"));
        if (letter_id <= 0) return ErrorResponse(NotFoundError("letter_id does not name a record"));
        Result<std::pair<std::string, Letter>> found =
            service.DownloadLetter(*request.principal, RequestId(id), letter_id);
        if (!found) return ErrorResponse(found.error());
        const auto& [number, letter] = *found;
        Result<Printable> printable = LetterPrintable(letter);
        if (!printable) return ErrorResponse(printable.error());
        Result<std::string> pdf = renderer.RenderPdf(*printable);
        if (!pdf) return ErrorResponse(pdf.error());
        HttpResponse response = HttpResponse::Text(200, std::move(*pdf), "application/pdf");
        response.headers.emplace_back("Cache-Control", "no-store");
        response.headers.emplace_back(
            "Content-Disposition", "inline; filename=\"" + number + "-" + letter.kind + ".pdf\"");
        return response;
      });
}

}  // namespace roi::http
