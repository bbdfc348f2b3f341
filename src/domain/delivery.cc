#include "domain/delivery.h"

#include <array>
#include <utility>

namespace roi {
namespace {

constexpr std::array<std::pair<DeliveryMedium, std::string_view>, 5> kMedia = {{
    {DeliveryMedium::kDownloadLink, "download_link"},
    {DeliveryMedium::kEmailLink, "email_link"},
    {DeliveryMedium::kMail, "mail"},
    {DeliveryMedium::kFax, "fax"},
    {DeliveryMedium::kPickup, "pickup"},
}};

constexpr std::array<std::pair<DeliveryStatus, std::string_view>, 5> kStatuses = {{
    {DeliveryStatus::kPending, "pending"},
    {DeliveryStatus::kSent, "sent"},
    {DeliveryStatus::kDelivered, "delivered"},
    {DeliveryStatus::kFailed, "failed"},
    {DeliveryStatus::kRevoked, "revoked"},
}};

constexpr std::array<std::string_view, 12> kEventKinds = {
    kDeliveryEventCreated,   kDeliveryEventSent,        kDeliveryEventDownload,
    kDeliveryEventRefused,   kDeliveryEventLocked,      kDeliveryEventRevoked,
    kDeliveryEventTracking,  kDeliveryEventDelivered,   kDeliveryEventFailed,
    kDeliveryEventEmailSent, kDeliveryEventEmailFailed, kDeliveryEventEmailSending};

bool Blank(std::string_view text) {
  return text.find_first_not_of(" \t") == std::string_view::npos;
}

}  // namespace

std::string_view DeliveryMediumName(DeliveryMedium medium) {
  for (const auto& [value, name] : kMedia) {
    if (value == medium) return name;
  }
  return "download_link";
}

Result<DeliveryMedium> ParseDeliveryMedium(std::string_view name) {
  for (const auto& [value, known] : kMedia) {
    if (known == name) return value;
  }
  return InvalidArgumentError("medium must be download_link, email_link, mail, fax or pickup");
}

bool IsLinkMedium(DeliveryMedium medium) {
  return medium == DeliveryMedium::kDownloadLink || medium == DeliveryMedium::kEmailLink;
}

std::string_view DeliveryStatusName(DeliveryStatus status) {
  for (const auto& [value, name] : kStatuses) {
    if (value == status) return name;
  }
  return "pending";
}

Result<DeliveryStatus> ParseDeliveryStatus(std::string_view name) {
  for (const auto& [value, known] : kStatuses) {
    if (known == name) return value;
  }
  return InvalidArgumentError("status must be pending, sent, delivered, failed or revoked");
}

Status ValidateDelivery(const Delivery& d) {
  if (!d.request_id.IsSet()) return InvalidArgumentError("request_id is required");
  if (!d.disclosure_id.IsSet()) return InvalidArgumentError("disclosure_id is required");
  if (!d.patient_id.IsSet()) return InvalidArgumentError("patient_id is required");
  if (!d.created_by.IsSet()) return InvalidArgumentError("created_by is required");
  if (Blank(d.recipient) || d.recipient.size() > kMaxDeliveryRecipient) {
    return InvalidArgumentError("recipient must be 1 to 300 bytes");
  }
  if (d.address.size() > kMaxDeliveryAddress) {
    return InvalidArgumentError("address is over 1000 bytes");
  }
  bool needs_address = d.medium == DeliveryMedium::kMail || d.medium == DeliveryMedium::kFax ||
                       d.medium == DeliveryMedium::kEmailLink;
  if (needs_address && Blank(d.address)) {
    return InvalidArgumentError("address is required for mail, fax and email_link");
  }
  if (d.tracking_number.size() > kMaxTrackingNumber) {
    return InvalidArgumentError("tracking_number is over 100 bytes");
  }
  if (d.file_name.size() > kMaxDeliveryFileName) {
    return InvalidArgumentError("file_name is over 200 bytes");
  }
  if (d.page_count < 0 || d.downloads < 0 || d.failed_codes < 0 || d.created_micros < 0 ||
      d.revoked_micros < 0) {
    return InvalidArgumentError("counters and times must not be negative");
  }
  if (IsLinkMedium(d.medium)) {
    // An email link gets its token when its email is sent (the token exists only in the email).
    if (d.token_digest.empty() && d.medium == DeliveryMedium::kDownloadLink) {
      return InvalidArgumentError("token_digest is required for a download link");
    }
    if (d.code_hash.empty()) return InvalidArgumentError("code_hash is required for a link");
    if (d.expires_micros <= 0) return InvalidArgumentError("expires_micros is required for a link");
    if (d.max_downloads < 1 || d.max_downloads > 1000) {
      return InvalidArgumentError("max_downloads must be 1 to 1000");
    }
    if (!d.content_id.IsSet()) return InvalidArgumentError("content_id is required for a link");
  } else if (!d.token_digest.empty() || !d.code_hash.empty() || d.max_downloads != 0 ||
             d.downloads != 0) {
    return InvalidArgumentError("only links have a token, an access code or downloads");
  }
  if ((!d.message_id.empty() || !d.sealed_link.empty()) && d.medium != DeliveryMedium::kEmailLink) {
    return InvalidArgumentError("only email links have a message_id or a sealed_link");
  }
  if (d.message_id.size() > kMaxDeliveryMessageId) {
    return InvalidArgumentError("message_id is over 250 bytes");
  }
  if (!d.message_id.empty()) {
    std::size_t at = d.message_id.find('@');
    bool plain = at != std::string::npos && at > 0 && at + 1 < d.message_id.size();
    for (char c : d.message_id) {
      if (c <= ' ' || c > '~' || c == '<' || c == '>') plain = false;
    }
    if (!plain) return InvalidArgumentError("message_id must be local@domain");
  }
  if (d.sealed_link.size() > kMaxDeliverySealedLink) {
    return InvalidArgumentError("sealed_link is over 1000 bytes");
  }
  return OkStatus();
}

LinkRefusal CheckLink(const Delivery& delivery, std::int64_t now_micros) {
  if (!IsLinkMedium(delivery.medium)) return LinkRefusal::kNotALink;
  if (delivery.status == DeliveryStatus::kRevoked || delivery.revoked_micros > 0) {
    return LinkRefusal::kRevoked;
  }
  if (delivery.failed_codes >= kMaxFailedAccessCodes) return LinkRefusal::kLocked;
  if (now_micros >= delivery.expires_micros) return LinkRefusal::kExpired;
  if (delivery.downloads >= delivery.max_downloads) return LinkRefusal::kUsedUp;
  return LinkRefusal::kNone;
}

bool IsDeliveryEventKind(std::string_view kind) {
  for (std::string_view known : kEventKinds) {
    if (known == kind) return true;
  }
  return false;
}

Status ValidateDeliveryEvent(const DeliveryEvent& event) {
  if (!event.delivery_id.IsSet()) return InvalidArgumentError("delivery_id is required");
  if (!IsDeliveryEventKind(event.kind)) return InvalidArgumentError("kind is not a delivery event");
  if (event.detail.size() > kMaxDeliveryEventDetail) {
    return InvalidArgumentError("detail is over 500 bytes");
  }
  if (event.tracking_number.size() > kMaxTrackingNumber) {
    return InvalidArgumentError("tracking_number is over 100 bytes");
  }
  if (event.actor_label.size() > 200) return InvalidArgumentError("actor_label is over 200 bytes");
  if (event.remote_address.size() > 128) {
    return InvalidArgumentError("remote_address is over 128 bytes");
  }
  if (event.occurred_micros < 0) return InvalidArgumentError("occurred_micros is negative");
  return OkStatus();
}

}  // namespace roi
