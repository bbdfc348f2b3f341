// POST /api/v1/portal/requests/{id}/deliveries/{delivery_id}/download: a signed-in portal user
// downloads their own released packet with the access code, without the link (only the link's
// digest is stored, so the portal cannot show it).  The rules are the link's, in DeliveryService;
// the answer is the link download's (PacketDownloadResponse).  docs/portal.md.
#include "app/portal_service.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/route_util.h"

namespace roi::http {

void AddPortalDownloadRoutes(Router& router, PortalService& portal, DeliveryService& deliveries) {
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/portal/requests/{id}/deliveries/{delivery_id}/download",
       .operation_id = "portalDownloadPacket",
       .summary = "Download the released packet of one's own request with the access code the "
                  "records office sent (JSON {\"access_code\": ...} or a form post), without the "
                  "link.  The same rules as POST /api/v1/downloads/{token}: 403 for an expired, "
                  "used-up, withdrawn or locked link and for a wrong code (five lock it); every "
                  "attempt is recorded as the portal user.  404 for anyone else's request.",
       .tag = "portal",
       .request_schema = {{"type", "object"},
                          {"required", {"access_code"}},
                          {"properties", {{"access_code", {{"type", "string"}}}}}},
       .response_content_type = "application/pdf",
       .access = Access::Permission(Permission::kPortalDownload)},
      [&portal, &deliveries](const HttpRequest& request) {
        Result<RequestId> id = RecordPathId<RequestId>(request, "id");
        if (!id) return ErrorResponse(id.error());
        Result<DeliveryId> delivery = RecordPathId<DeliveryId>(request, "delivery_id");
        if (!delivery) return ErrorResponse(delivery.error());
        Result<std::string> code = DownloadAccessCode(request);
        if (!code) return ErrorResponse(code.error());
        return PacketDownloadResponse(
            portal.Download(*request.principal, *id, *delivery, *code, deliveries));
      });
}

}  // namespace roi::http
