// DeliveryService: secure delivery of a released request's packet (docs/documents.md, "Secure
// delivery").
//
//   - Download links (download_link, email_link): a random token of 32 bytes (TokenSource) that
//     names the organization ("<organization id>.<random>") and is stored only as its digest; a
//     separate 8-digit access code stored only as a password hash (PasswordHasher: Argon2id) and
//     shown once to staff, who send it by a second channel (phone, letter, text); an expiry
//     (link_days), a download limit (max_downloads), revocation, and a lock after
//     kMaxFailedAccessCodes wrong codes.
//   - Secure email (email_link): the notification — records are ready, here is the link, never
//     PHI and never the access code — is sent by a job of the durable queue ("delivery.email"),
//     which also creates the link token.  The job never holds a transaction while it talks to
//     the mail server: it prepares (write transaction: makes the token, stores its digest, the
//     token sealed under the organization's data key and a fixed Message-ID, and an
//     "email_sending" event), sends (no transaction), then records (write transaction: status
//     sent, "email_sent" event, audit event, sealed token erased, job completed).  A mail server
//     that is down leaves the prepared send in place and the job is retried with the same link
//     and Message-ID.  A crash between send and record repeats the send the same way: delivery is
//     at least once, and the copies are one message (same Message-ID, same link).  Nothing says
//     "sent" unless the mail server accepted the message.
//   - Mail, fax and pickup are recorded with their address or number and tracking updates.
//
// Every delivery attaches to the disclosure entry the release wrote (found by request id), and
// every creation, email, download, refusal, revocation and tracking update is a DeliveryEvent and
// an audit event in the same transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/content_vault.h"
#include "app/credentials.h"
#include "app/job_runner.h"
#include "app/mailer.h"
#include "app/secret_box.h"
#include "app/store.h"
#include "domain/delivery.h"

namespace roi {

// Value type: the packet a request released, as stored encrypted in the vault.
struct PacketRef {
  ContentId content;
  std::string digest;  // Hex digest of the PDF.
  int page_count = 0;
  std::string file_name;  // e.g. "R-2025-000123-packet.pdf"; no PHI.
};

// Port: where the released packet of a request is.  The production adapter reads the packets
// table (app/packet_builder.h's stored packet); tests store bytes through the real ContentVault.
class ReleasedPacketSource {
 public:
  virtual ~ReleasedPacketSource() = default;
  // The latest packet released for `request` in `tx`'s organization.  Returns NotFound when the
  // request has none (FailedPrecondition is also fine for "not released yet").
  virtual Result<PacketRef> Latest(Transaction& tx, RequestId request) = 0;
};

// Value type.
struct DeliveryOptions {
  int link_days = 14;     // 1..365: how long a link works.
  int max_downloads = 3;  // 1..1000: downloads per link.
  // The public address of this server, e.g. "https://roi.example.test"; links are
  // base_url + "/d/" + token.  Empty: links are given as "/d/<token>" (relative).
  std::string base_url;
  std::string mail_from = "records@localhost";  // Sender of notification emails.
  std::string organization_name = "OpenROI";    // Signs the notification (no PHI).
};

// Returns InvalidArgument naming the option (delivery.link_days, delivery.max_downloads).
Status ValidateDeliveryOptions(const DeliveryOptions& options);

// Value type: what staff ask for.
struct NewDelivery {
  DeliveryMedium medium = DeliveryMedium::kDownloadLink;
  std::string recipient;
  std::string address;  // Postal address, fax number or email address, by medium.
  std::string tracking_number;
};

// Value type: a delivery just created.  `access_code` (links) and `link` (download_link only)
// are shown once and never stored; an email link's URL exists only in the email.
struct IssuedDelivery {
  Delivery delivery;
  std::string link;         // Full URL of a download_link; empty otherwise.
  std::string access_code;  // 8 digits for links; empty otherwise.
};

// Value type: a delivery and what happened to it.
struct DeliveryRecord {
  Delivery delivery;
  std::vector<DeliveryEvent> events;
};

// Value type: a tracking update from staff.  `kind` is one of kDeliveryEventSent,
// kDeliveryEventTracking, kDeliveryEventDelivered, kDeliveryEventFailed.
struct TrackingUpdate {
  std::string kind;
  std::string tracking_number;  // Replaces the delivery's when non-empty.
  std::string detail;           // Short, no PHI (e.g. "returned to sender").
};

// Value type: someone on the public side using a link.
struct DownloadAttempt {
  std::string token;
  std::string access_code;
  std::string remote_address;
};

// Value type: the packet handed out.
struct DownloadedPacket {
  std::string file_name;
  std::string bytes;
  int downloads_left = 0;
};

inline constexpr std::string_view kDeliveryEmailJob = "delivery.email";

// The one refusal for a link that cannot be used (unknown, expired, used up, revoked, locked).
inline constexpr std::string_view kDeadLinkMessage =
    "this download link cannot be used: it is unknown, expired, used up, withdrawn or locked "
    "after too many wrong access codes; ask the sender for a new link";

// Service.  Thread-safe (each call runs its own transactions).  Every reference must outlive it.
class DeliveryService {
 public:
  // `links` seals an email link's token while its notification is being sent.
  DeliveryService(Store& store, ContentVault& vault, ReleasedPacketSource& packets,
                  const PasswordHasher& codes, const TokenSource& tokens,
                  const OtpPrimitives& random, const Clock& clock, const AuditTrail& audit,
                  DeliveryOptions options, const SecretBox& links);

  // Records a delivery of `request`'s released packet (permission kReleaseRecords).  Returns
  // PermissionDenied without it, NotFound for a request of another organization,
  // FailedPrecondition when the request has no disclosure entry (not released) or, for links,
  // no released packet, InvalidArgument for a bad recipient or address.  An email_link is
  // created pending and its email job scheduled in the same transaction.
  Result<IssuedDelivery> Create(const Principal& caller, RequestId request,
                                const NewDelivery& delivery);
  // The request's deliveries with their events (permission kManageRequests).
  Result<std::vector<DeliveryRecord>> List(const Principal& caller, RequestId request);
  // Withdraws a link (kReleaseRecords): it never works again.  Returns FailedPrecondition for a
  // delivery that is not a link, NotFound for one of another request or organization.
  // Revoking twice is harmless (returns the delivery as it is).
  Result<DeliveryRecord> Revoke(const Principal& caller, RequestId request, DeliveryId delivery);
  // Records a tracking update (kReleaseRecords): sent, tracking, delivered or failed.  Returns
  // InvalidArgument for another kind, FailedPrecondition for a revoked delivery.
  Result<DeliveryRecord> Track(const Principal& caller, RequestId request, DeliveryId delivery,
                               const TrackingUpdate& update);

  // Hands out the packet behind a link, counting the download.  Public: no principal.  Returns
  // PermissionDenied with kDeadLinkMessage for an unknown, expired, used-up, revoked or locked
  // link, PermissionDenied "access code is not right" for a wrong code (counted: the link locks
  // at kMaxFailedAccessCodes), Aborted when another download took the last one at the same time.
  // Every outcome on a known link is a DeliveryEvent and an audit event (kDownload).
  Result<DownloadedPacket> Download(const DownloadAttempt& attempt);
  // The same download for a signed-in caller who names the delivery instead of holding the link
  // (the portal: only the token's digest is stored, so the link cannot be shown): delivery `id`
  // of `request`, with its access code, under exactly Download's rules and records (expiry,
  // download limit, revocation, wrong-code lockout; DeliveryEvent and kDownload audit event), the
  // caller named as the actor.  `reach` runs first in the same transaction and says whether the
  // caller may reach the request (its error is returned as is, e.g. NotFound for someone else's
  // request).  Returns NotFound for a delivery of another request, InvalidArgument without a code.
  Result<DownloadedPacket> DownloadForCaller(const Principal& caller, RequestId request,
                                             DeliveryId id, std::string_view access_code,
                                             const std::function<Status(Transaction&)>& reach);

  // Registers the "delivery.email" handler on `runner` (a staged handler: no transaction is open
  // while `mailer` sends).  `mailer` must outlive `runner`'s use.
  void RegisterJobs(JobRunner& runner, Mailer& mailer) const;
  // The handler: prepare, send, record (see above), completing the job in the record's
  // transaction — or in the prepare's when there is nothing to send (the delivery was revoked or
  // its send already recorded).  Returns the mail server's Unavailable (the job is retried) and
  // the store's errors.  A permanent refusal is recorded (status failed, "email_failed") and
  // returns OK.  Exposed for tests.
  Status SendEmail(const Job& job, Mailer& mailer, const JobCompletion& complete) const;

 private:
  // Who uses a link, for its delivery events and audit events.
  struct LinkUser {
    UserId id;  // Unset for the public link.
    std::string label;
    std::string remote_address;
  };
  // The rules of a link download applied to `delivery` inside `tx`, each outcome recorded.  Sets
  // `outcome` to the packet or the refusal (which must commit: counters and events stay); returns
  // an error only when the transaction must abort.
  Status HandOut(Transaction& tx, Delivery delivery, std::string_view access_code,
                 const LinkUser& who, std::optional<Result<DownloadedPacket>>& outcome) const;
  Result<std::string> NewAccessCode() const;
  std::string LinkFor(std::string_view token) const;
  // Prepare: the notification to send for `delivery` (pending email link), its token made and
  // sealed, or opened when an earlier send was not recorded.
  Result<MailMessage> PrepareEmail(Transaction& tx, Delivery delivery) const;
  // Record: what the mail server answered to the send with `message_id`.
  Status RecordEmail(Transaction& tx, DeliveryId id, std::string_view message_id,
                     const Status& sent) const;

  Store& store_;
  ContentVault& vault_;
  ReleasedPacketSource& packets_;
  const PasswordHasher& codes_;
  const TokenSource& tokens_;
  const OtpPrimitives& random_;
  const Clock& clock_;
  const AuditTrail& audit_;
  DeliveryOptions options_;
  const SecretBox& links_;
};

// The notification for an email link: says records are ready, gives `link` and the expiry
// date, and tells the reader the access code comes separately.  Never PHI, never the code.
MailMessage DeliveryNotification(const DeliveryOptions& options, const Delivery& delivery,
                                 std::string_view link);

}  // namespace roi
