// Release packets: POST /api/v1/requests/{id}/packet builds and stores the request's packet,
// GET /api/v1/requests/{id}/packets lists them, GET .../packets/{n}.pdf and
// .../packets/{n}.manifest.json download one (PacketService audits each).  And the public check:
// GET /verify (a small form, no sign-in, no patient data) and POST /api/v1/verify (the PDF's
// bytes, or {"sha256": ...}) answer whether this server issued a packet, with the request number,
// organization name and issue date only; limited per client address like sign-in.
#include <nlohmann/json.hpp>

#include "app/packet_service.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

constexpr std::string_view kVerifyPage = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Verify a release packet</title>
<style>
body { font-family: sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
#result { margin-top: 1rem; font-weight: bold; }
</style>
</head>
<body>
<h1>Verify a release packet</h1>
<p>Choose a packet PDF you received to check whether this server issued it. The file is sent
only to this server. Nothing about the patient is shown: only the request number, the
organization, the date of issue and the public key that signed the packet's manifest.</p>
<form id="verify">
<input type="file" id="file" accept="application/pdf" required>
<button type="submit">Verify</button>
</form>
<p id="result" role="status"></p>
<script>
document.getElementById('verify').addEventListener('submit', async (event) => {
  event.preventDefault();
  const result = document.getElementById('result');
  const file = document.getElementById('file').files[0];
  if (!file) return;
  result.textContent = 'Checking...';
  try {
    const response = await fetch('/api/v1/verify', {
      method: 'POST', headers: {'Content-Type': 'application/pdf'}, body: file});
    const body = await response.json();
    if (!response.ok) {
      result.textContent = 'Could not check: ' + (body.error && body.error.message || response.status);
    } else if (body.issued) {
      result.textContent = 'Issued by ' + body.organization + ' for request ' +
          body.request_number + ' on ' + body.issued_on + ', signed with ' + body.signed_by +
          ', public key ' + body.key_id + '.';
    } else {
      result.textContent = 'This server did not issue this file (or it was altered).';
    }
  } catch (e) {
    result.textContent = 'Could not check: ' + e;
  }
});
</script>
</body>
</html>
)html";

nlohmann::json PacketJson(const PacketRecord& packet) {
  return {{"request_id", packet.request_id.value},
          {"sequence", packet.sequence},
          {"pages", packet.pages},
          {"sha256", packet.digest},
          {"signing_key_id", packet.signing_key_id},
          {"created_by", packet.created_by.IsSet() ? nlohmann::json(packet.created_by.value)
                                                   : nlohmann::json(nullptr)},
          {"created_micros", packet.created_micros},
          {"pdf", "/api/v1/requests/" + std::to_string(packet.request_id.value) + "/packets/" +
                      std::to_string(packet.sequence) + ".pdf"},
          {"manifest", "/api/v1/requests/" + std::to_string(packet.request_id.value) + "/packets/" +
                           std::to_string(packet.sequence) + ".manifest.json"}};
}

Result<int> Sequence(const HttpRequest& request) {
  auto found = request.path_params.find("n");
  if (found == request.path_params.end() || found->second.empty() || found->second.size() > 9 ||
      found->second.find_first_not_of("0123456789") != std::string::npos) {
    return NotFoundError("n does not name a packet");
  }
  int value = std::stoi(found->second);
  if (value <= 0) return NotFoundError("n does not name a packet");
  return value;
}

HttpResponse Download(const Result<PacketDownload>& download, std::string content_type,
                      std::string_view extension) {
  if (!download) return ErrorResponse(download.error());
  HttpResponse response = HttpResponse::Text(200, download->bytes, std::move(content_type));
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + download->request_number + "-packet-" +
                                    std::to_string(download->packet.sequence) +
                                    std::string(extension) + "\"");
  return response;
}

}  // namespace

void AddPacketRoutes(Router& router, PacketService& packets, RateLimiter& verify_limiter) {
  router.Add({.method = "POST",
              .pattern = "/api/v1/requests/{id}/packet",
              .operation_id = "buildPacket",
              .summary = "Build, sign and store the release packet of a request that is ready to "
                         "release or released (the same inputs give the same packet)",
              .tag = "requests",
              .success_status = 201,
              .access = Access::Permission(Permission::kReleaseRecords)},
             [&packets](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<PacketRecord> built = packets.Build(*request.principal, *id);
               if (!built) return ErrorResponse(built.error());
               return JsonResponse(201, PacketJson(*built));
             });
  router.Add({.method = "GET",
              .pattern = "/api/v1/requests/{id}/packets",
              .operation_id = "listPackets",
              .summary = "The release packets stored for a request, by sequence",
              .tag = "requests",
              .access = Access::Permission(Permission::kReleaseRecords)},
             [&packets](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<std::vector<PacketRecord>> listed = packets.List(*request.principal, *id);
               if (!listed) return ErrorResponse(listed.error());
               nlohmann::json items = nlohmann::json::array();
               for (const PacketRecord& packet : *listed) items.push_back(PacketJson(packet));
               return JsonResponse(200, {{"packets", items}});
             });
  router.Add({.method = "GET",
              .pattern = "/api/v1/requests/{id}/packets/{n}.pdf",
              .operation_id = "getPacketPdf",
              .summary = "A stored release packet's PDF",
              .tag = "requests",
              .response_content_type = "application/pdf",
              .access = Access::Permission(Permission::kReleaseRecords)},
             [&packets](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<int> n = Sequence(request);
               if (!n) return ErrorResponse(n.error());
               return Download(packets.DownloadPdf(*request.principal, *id, *n), "application/pdf",
                               ".pdf");
             });
  router.Add({.method = "GET",
              .pattern = "/api/v1/requests/{id}/packets/{n}.manifest.json",
              .operation_id = "getPacketManifest",
              .summary = "A stored release packet's signed manifest (openroi.packet-manifest/1)",
              .tag = "requests",
              .access = Access::Permission(Permission::kReleaseRecords)},
             [&packets](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<int> n = Sequence(request);
               if (!n) return ErrorResponse(n.error());
               return Download(packets.DownloadManifest(*request.principal, *id, *n),
                               "application/json", ".pdf.manifest.json");
             });
  router.Add({.method = "GET",
              .pattern = "/verify",
              .operation_id = "verifyPage",
              .summary = "A public page to check whether this server issued a packet",
              .tag = "verify",
              .response_content_type = "text/html",
              .access = Access::Public()},
             [](const HttpRequest&) {
               HttpResponse response =
                   HttpResponse::Text(200, std::string(kVerifyPage), "text/html; charset=utf-8");
               response.headers.emplace_back("Cache-Control", "no-cache");
               return response;
             });
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/verify",
       .operation_id = "verifyPacket",
       .summary = "Whether this server issued a packet: the body is the PDF's bytes, or JSON "
                  "{\"sha256\": hex} (or \"digest\"); answers the request number, organization and "
                  "issue date only.  Limited per client address.",
       .tag = "verify",
       .access = Access::Public()},
      [&packets, &verify_limiter](const HttpRequest& request) {
        if (Status admitted = verify_limiter.Admit(request.remote_address); !admitted) {
          return ErrorResponse(admitted.error());
        }
        Result<std::optional<PacketIssue>> issue = std::optional<PacketIssue>();
        std::string_view type = request.Header("content-type");
        if (type.starts_with("application/json")) {
          nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
          std::string digest;
          if (body.is_object()) {
            for (const char* key : {"sha256", "digest"}) {
              if (body.contains(key) && body[key].is_string())
                digest = body[key].get<std::string>();
            }
          }
          if (digest.empty()) {
            return ErrorResponse(
                InvalidArgumentError("give the PDF's bytes, or JSON {\"sha256\": hex digits}"));
          }
          issue = packets.Lookup(digest);
        } else {
          if (request.body.empty()) {
            return ErrorResponse(InvalidArgumentError("the body is empty: send the packet PDF"));
          }
          issue = packets.LookupPdf(request.body);
        }
        if (!issue) return ErrorResponse(issue.error());
        if (!*issue) return JsonResponse(200, {{"issued", false}});
        return JsonResponse(
            200, {{"issued", true},
                  {"request_number", (*issue)->request_number},
                  {"organization", (*issue)->organization_name},
                  {"issued_on", (*issue)->issued_on.ToString()},
                  {"signed_by", (*issue)->key_version > 0
                                    ? (*issue)->organization_name + " (organization key version " +
                                          std::to_string((*issue)->key_version) + ")"
                                    : std::string("the deployment key")},
                  {"key_id", (*issue)->key_id},
                  {"key_version", (*issue)->key_version}});
      });
}

}  // namespace roi::http
