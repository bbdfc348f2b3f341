// Strong ids: distinct types for the keys of each entity, so the compiler rejects a mix-up of a
// patient id with a request id.  Value types.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace roi {

template <typename Tag>
struct StrongId {
  std::int64_t value = 0;

  constexpr StrongId() = default;
  constexpr explicit StrongId(std::int64_t v) : value(v) {}
  constexpr bool IsSet() const { return value != 0; }
  auto operator<=>(const StrongId&) const = default;
};

using OrganizationId = StrongId<struct OrganizationTag>;
using FacilityId = StrongId<struct FacilityTag>;
using UserId = StrongId<struct UserTag>;
using PatientId = StrongId<struct PatientTag>;
using DocumentId = StrongId<struct DocumentTag>;
using RequesterId = StrongId<struct RequesterTag>;
using RequestId = StrongId<struct RequestTag>;
using AuthorizationId = StrongId<struct AuthorizationTag>;
using ReviewId = StrongId<struct ReviewTag>;
using InvoiceId = StrongId<struct InvoiceTag>;
using ReleaseId = StrongId<struct ReleaseTag>;
using DisclosureId = StrongId<struct DisclosureTag>;
using AuditEventId = StrongId<struct AuditEventTag>;
using AccountingSuspensionId = StrongId<struct AccountingSuspensionTag>;
using AccountingRecordId = StrongId<struct AccountingRecordTag>;
using ContentId = StrongId<struct ContentTag>;
using ApiTokenId = StrongId<struct ApiTokenTag>;
using JobId = StrongId<struct JobTag>;
using BreakGlassId = StrongId<struct BreakGlassTag>;
using DeliveryId = StrongId<struct DeliveryTag>;

}  // namespace roi

template <typename Tag>
struct std::hash<roi::StrongId<Tag>> {
  std::size_t operator()(const roi::StrongId<Tag>& id) const noexcept {
    return std::hash<std::int64_t>{}(id.value);
  }
};
