// Delivery: how a released packet reached its recipient — a download link (sent by staff or by
// secure email), or mail, fax or pickup with a tracking number — and the events that followed
// (sent, downloaded, refused, revoked, tracked).  Every delivery hangs off the disclosure entry the
// release wrote, so the disclosure record shows how and when the records left.  Pure values; the
// rules of links (expiry, download limit, lockout) live here so they are the same everywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

enum class DeliveryMedium {
  kDownloadLink,  // A link staff hand over themselves; the access code by another channel.
  kEmailLink,     // A link sent by secure email notification; the access code by another channel.
  kMail,
  kFax,
  kPickup,
};

// "download_link", "email_link", "mail", "fax", "pickup".
std::string_view DeliveryMediumName(DeliveryMedium medium);
// Returns InvalidArgument for a name that is not one of DeliveryMediumName's.
Result<DeliveryMedium> ParseDeliveryMedium(std::string_view name);
// True for the media that deliver through a download link.
bool IsLinkMedium(DeliveryMedium medium);

enum class DeliveryStatus {
  kPending,    // Recorded, not yet sent (a letter not yet posted, an email not yet sent).
  kSent,       // On its way: posted, faxed, emailed, link handed over.
  kDelivered,  // Arrived: downloaded, picked up, delivery confirmed.
  kFailed,     // Did not arrive: returned mail, failed fax, email refused for good.
  kRevoked,    // A link withdrawn by staff; it never works again.
};

// "pending", "sent", "delivered", "failed", "revoked".
std::string_view DeliveryStatusName(DeliveryStatus status);
// Returns InvalidArgument for a name that is not one of DeliveryStatusName's.
Result<DeliveryStatus> ParseDeliveryStatus(std::string_view name);

// Field limits (bytes).
inline constexpr std::size_t kMaxDeliveryRecipient = 300;
inline constexpr std::size_t kMaxDeliveryAddress = 1000;
inline constexpr std::size_t kMaxTrackingNumber = 100;
inline constexpr std::size_t kMaxDeliveryFileName = 200;
inline constexpr std::size_t kMaxDeliveryEventDetail = 500;
inline constexpr std::size_t kMaxDeliveryMessageId = 250;
inline constexpr std::size_t kMaxDeliverySealedLink = 1000;
// Wrong access codes after which a link is locked for good.
inline constexpr int kMaxFailedAccessCodes = 5;

// Value type: one delivery of one request's released packet.  Links are found by the digest of
// their token; neither the token nor the access code is ever stored, only their digests.
struct Delivery {
  DeliveryId id;
  RequestId request_id;
  DisclosureId disclosure_id;  // The release's disclosure entry.
  PatientId patient_id;        // For the audit trail (from the disclosure).
  DeliveryMedium medium = DeliveryMedium::kDownloadLink;
  DeliveryStatus status = DeliveryStatus::kPending;
  std::string recipient;        // Person or entity.
  std::string address;          // Postal address, fax number or email, by medium.
  std::string tracking_number;  // Mail/fax tracking or confirmation number; may be empty.
  // The packet delivered (snapshot at creation, so a later packet does not change a sent link).
  ContentId content_id;
  std::string content_digest;
  std::string file_name;
  int page_count = 0;
  // Links only (empty/zero otherwise).
  std::string token_digest;  // TokenSource::Digest of the link token.
  std::string code_hash;     // PasswordHasher hash of the access code.
  std::int64_t expires_micros = 0;
  int max_downloads = 0;
  int downloads = 0;
  int failed_codes = 0;  // Wrong access codes so far (locked at kMaxFailedAccessCodes).
  std::int64_t revoked_micros = 0;
  UserId created_by;
  std::int64_t created_micros = 0;
  std::int64_t updated_micros = 0;
  int version = 0;  // Optimistic concurrency (two downloads at once cannot both take the last).
  // Email links (app/delivery_service.h: the notification is prepared, sent outside any
  // transaction, then recorded).  `message_id` is the notification's Message-ID (no angle
  // brackets), fixed when its first send starts and kept; `sealed_link` is the link token sealed
  // under the organization's data key (app/secret_box.h) from the start of a send until it is
  // recorded, so a send interrupted by a crash is repeated with the same link and Message-ID.
  std::string message_id;
  std::string sealed_link;

  bool operator==(const Delivery&) const = default;
};

// Returns InvalidArgument naming the first bad field: request, disclosure, patient or creator
// unset; recipient empty or over its limit; address over its limit, or empty for mail, fax and
// email links; a download link without token digest (an email link gets its token when sent), code
// hash, expiry or a download limit of 1..1000; a non-link with link fields; negative counters; a
// message id or sealed link on anything but an email link, or over its limit (a message id must
// be local@domain without spaces or angle brackets).  Messages name fields, never values.
Status ValidateDelivery(const Delivery& delivery);

// Why a link cannot be used now.
enum class LinkRefusal { kNone, kRevoked, kExpired, kUsedUp, kLocked, kNotALink };

// Whether `delivery`'s link may be used at `now_micros` (before checking the access code).
LinkRefusal CheckLink(const Delivery& delivery, std::int64_t now_micros);

// Value type: something that happened to a delivery.  `detail` never holds PHI.
struct DeliveryEvent {
  std::int64_t id = 0;
  DeliveryId delivery_id;
  std::string kind;  // One of the kDeliveryEvent* names below.
  std::string detail;
  std::string tracking_number;  // Set by tracking updates.
  UserId actor;                 // Unset for the public (a link) or the system.
  std::string actor_label;      // "link 12", "system", or the user's display name.
  std::string remote_address;
  std::int64_t occurred_micros = 0;

  bool operator==(const DeliveryEvent&) const = default;
};

inline constexpr std::string_view kDeliveryEventCreated = "created";
inline constexpr std::string_view kDeliveryEventSent = "sent";
inline constexpr std::string_view kDeliveryEventDownload = "download";
inline constexpr std::string_view kDeliveryEventRefused = "refused";  // Bad code or dead link.
inline constexpr std::string_view kDeliveryEventLocked = "locked";
inline constexpr std::string_view kDeliveryEventRevoked = "revoked";
inline constexpr std::string_view kDeliveryEventTracking = "tracking";
inline constexpr std::string_view kDeliveryEventDelivered = "delivered";
inline constexpr std::string_view kDeliveryEventFailed = "failed";
inline constexpr std::string_view kDeliveryEventEmailSent = "email_sent";
inline constexpr std::string_view kDeliveryEventEmailFailed = "email_failed";
// A send of the notification started (its Message-ID in the detail); "email_sent" or
// "email_failed" follows once the mail server answered, or another "email_sending" when it was
// repeated after an interruption.
inline constexpr std::string_view kDeliveryEventEmailSending = "email_sending";

// True for the kinds above.
bool IsDeliveryEventKind(std::string_view kind);

// Returns InvalidArgument for an unset delivery, an unknown kind, a detail, tracking number,
// label or address over its limit, or a negative time.
Status ValidateDeliveryEvent(const DeliveryEvent& event);

}  // namespace roi
