#include "app/delivery_service.h"

#include <charconv>
#include <optional>
#include <string>
#include <utility>

#include "app/audited_call.h"
#include "base/date.h"

namespace roi {
namespace {

constexpr std::int64_t kDayMicros = 86'400'000'000;

Error DeadLink() { return PermissionDeniedError(std::string(kDeadLinkMessage)); }

// Parses "<organization id>.<random>"; nullopt when malformed.
std::optional<OrganizationId> LinkOrganization(std::string_view token) {
  std::size_t dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= token.size()) return std::nullopt;
  if (token.size() > 200) return std::nullopt;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + dot, id);
  if (ec != std::errc() || end != token.data() + dot || id <= 0) return std::nullopt;
  return OrganizationId(id);
}

std::string_view RefusalName(LinkRefusal refusal) {
  switch (refusal) {
    case LinkRefusal::kRevoked:
      return "link revoked";
    case LinkRefusal::kExpired:
      return "link expired";
    case LinkRefusal::kUsedUp:
      return "download limit reached";
    case LinkRefusal::kLocked:
      return "link locked";
    case LinkRefusal::kNotALink:
      return "not a link";
    case LinkRefusal::kNone:
      break;
  }
  return "";
}

// The payload of the email job: {"delivery":N}.
std::string EmailPayload(DeliveryId id) {
  return "{\"delivery\":" + std::to_string(id.value) + "}";
}

Result<DeliveryId> ParseEmailPayload(std::string_view payload) {
  constexpr std::string_view kPrefix = "{\"delivery\":";
  if (payload.size() < kPrefix.size() + 2 || payload.substr(0, kPrefix.size()) != kPrefix ||
      payload.back() != '}') {
    return InvalidArgumentError("delivery.email payload is not {\"delivery\":N}");
  }
  std::string_view digits = payload.substr(kPrefix.size(), payload.size() - kPrefix.size() - 1);
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || id <= 0) {
    return InvalidArgumentError("delivery.email payload is not {\"delivery\":N}");
  }
  return DeliveryId(id);
}

// The delivery `id` of `request`; NotFound when it belongs to another request.
Result<Delivery> FindOfRequest(Transaction& tx, RequestId request, DeliveryId id) {
  Result<Delivery> delivery = tx.Deliveries().Find(id);
  if (!delivery) return delivery.error();
  if (delivery->request_id != request) {
    return NotFoundError("delivery " + std::to_string(id.value) + " not found");
  }
  return delivery;
}

Result<DeliveryRecord> RecordOf(Transaction& tx, const Delivery& delivery) {
  Result<std::vector<DeliveryEvent>> events = tx.Deliveries().Events(delivery.id);
  if (!events) return events.error();
  return DeliveryRecord{.delivery = delivery, .events = std::move(*events)};
}

Status RequirePermission(const Principal& caller, Permission permission) {
  if (caller.May(permission)) return OkStatus();
  return PermissionDeniedError("this needs permission " + std::string(PermissionName(permission)));
}

std::string LinkLabel(DeliveryId id) { return "link " + std::to_string(id.value); }

// The SecretBox purpose an email link's token is sealed for while it is sent.
std::string LinkPurpose(DeliveryId id) { return "delivery link " + std::to_string(id.value); }

// "delivery-<id>.<random>@<the sender's domain>": unique, fixed for the delivery's notification.
std::string MessageIdFor(const Delivery& delivery, std::string_view random,
                         std::string_view mail_from) {
  std::string unique;
  for (char c : random.substr(0, 24)) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      unique.push_back(c);
    }
  }
  std::size_t at = mail_from.rfind('@');
  std::string domain = at == std::string_view::npos || at + 1 >= mail_from.size()
                           ? std::string("localhost")
                           : std::string(mail_from.substr(at + 1));
  return "delivery-" + std::to_string(delivery.id.value) + "." + unique + "@" + domain;
}

std::string DateOf(std::int64_t micros) {
  return Date::FromDaysSinceEpoch(static_cast<std::int32_t>(micros / kDayMicros)).ToString();
}

}  // namespace

Status ValidateDeliveryOptions(const DeliveryOptions& options) {
  if (options.link_days < 1 || options.link_days > 365) {
    return InvalidArgumentError("delivery.link_days must be 1 to 365");
  }
  if (options.max_downloads < 1 || options.max_downloads > 1000) {
    return InvalidArgumentError("delivery.max_downloads must be 1 to 1000");
  }
  return OkStatus();
}

DeliveryService::DeliveryService(Store& store, ContentVault& vault, ReleasedPacketSource& packets,
                                 const PasswordHasher& codes, const TokenSource& tokens,
                                 const OtpPrimitives& random, const Clock& clock,
                                 const AuditTrail& audit, DeliveryOptions options,
                                 const SecretBox& links)
    : store_(store),
      vault_(vault),
      packets_(packets),
      codes_(codes),
      tokens_(tokens),
      random_(random),
      clock_(clock),
      audit_(audit),
      options_(std::move(options)),
      links_(links) {}

Result<std::string> DeliveryService::NewAccessCode() const {
  Result<std::string> bytes = random_.RandomKey(8);
  if (!bytes) return bytes.error();
  std::uint64_t value = 0;
  for (char c : *bytes) value = (value << 8) | static_cast<unsigned char>(c);
  // 2^64 / 10^8 leaves a bias below 1e-10: negligible.
  std::string code = std::to_string(value % 100'000'000);
  return std::string(8 - code.size(), '0') + code;
}

std::string DeliveryService::LinkFor(std::string_view token) const {
  std::string base = options_.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/d/" + std::string(token);
}

Result<IssuedDelivery> DeliveryService::Create(const Principal& caller, RequestId request,
                                               const NewDelivery& wanted) {
  if (Status allowed = RequirePermission(caller, Permission::kReleaseRecords); !allowed) {
    return allowed.error();
  }
  std::optional<IssuedDelivery> issued;
  std::string what = "delivery created (" + std::string(DeliveryMediumName(wanted.medium)) + ")";
  Status done = AuditedCall(
      store_, audit_, caller, TxMode::kWrite, request, what, [&](Transaction& tx) -> Status {
        if (Result<ReleaseRequest> found = tx.Requests().Find(request); !found)
          return found.error();
        // The release's entry: the request's first disclosure (the log lists them by id).
        Result<std::vector<DisclosureEntry>> entries = tx.Disclosures().ListForRequest(request);
        if (!entries) return entries.error();
        if (entries->empty()) {
          return FailedPreconditionError("request " + std::to_string(request.value) +
                                         " has no disclosure entry: release it first");
        }
        const DisclosureEntry* disclosure = &entries->front();
        std::int64_t now = clock_.NowMicros();
        Delivery delivery{.request_id = request,
                          .disclosure_id = disclosure->id,
                          .patient_id = disclosure->patient_id,
                          .medium = wanted.medium,
                          .status = DeliveryStatus::kPending,
                          .recipient = wanted.recipient,
                          .address = wanted.address,
                          .tracking_number = wanted.tracking_number,
                          .created_by = caller.user.id,
                          .created_micros = now,
                          .updated_micros = now};
        IssuedDelivery out;
        std::string token;
        if (IsLinkMedium(wanted.medium)) {
          Result<PacketRef> packet = packets_.Latest(tx, request);
          if (!packet) {
            if (packet.error().code != ErrorCode::kNotFound &&
                packet.error().code != ErrorCode::kFailedPrecondition) {
              return packet.error();
            }
            return FailedPreconditionError("request " + std::to_string(request.value) +
                                           " has no released packet to deliver");
          }
          delivery.content_id = packet->content;
          delivery.content_digest = packet->digest;
          delivery.page_count = packet->page_count;
          delivery.file_name = packet->file_name;
          delivery.expires_micros = now + options_.link_days * kDayMicros;
          delivery.max_downloads = options_.max_downloads;
          Result<std::string> code = NewAccessCode();
          if (!code) return code.error();
          Result<std::string> code_hash = codes_.Hash(*code);
          if (!code_hash) return code_hash.error();
          delivery.code_hash = std::move(*code_hash);
          out.access_code = std::move(*code);
          if (wanted.medium == DeliveryMedium::kDownloadLink) {
            Result<std::string> random = tokens_.NewToken();
            if (!random) return random.error();
            token = std::to_string(tx.Organization().value) + "." + *random;
            delivery.token_digest = tokens_.Digest(token);
            delivery.status = DeliveryStatus::kSent;  // Handed to staff now.
            out.link = LinkFor(token);
          }
        }
        Result<Delivery> stored = tx.Deliveries().Insert(delivery);
        if (!stored) return stored.error();
        Result<DeliveryEvent> event = tx.Deliveries().AddEvent(
            DeliveryEvent{.delivery_id = stored->id,
                          .kind = std::string(kDeliveryEventCreated),
                          .detail = std::string(DeliveryMediumName(stored->medium)),
                          .actor = caller.user.id,
                          .actor_label = caller.user.display_name,
                          .remote_address = caller.remote_address,
                          .occurred_micros = now});
        if (!event) return event.error();
        if (stored->medium == DeliveryMedium::kEmailLink) {
          Result<Job> job =
              tx.Jobs().Enqueue(Job{.kind = std::string(kDeliveryEmailJob),
                                    .payload = EmailPayload(stored->id),
                                    .dedupe_key = "delivery-" + std::to_string(stored->id.value),
                                    .priority = 5,
                                    .run_at_micros = now});
          if (!job) return job.error();
        }
        if (Status noted =
                audit_.RecordNote(tx, ActorOf(caller),
                                  AuditNote{.action = AuditAction::kCreate,
                                            .patient = stored->patient_id,
                                            .entity_kind = "delivery",
                                            .entity_id = std::to_string(stored->id.value),
                                            .detail = what});
            !noted) {
          return noted;
        }
        out.delivery = std::move(*stored);
        issued = std::move(out);
        return OkStatus();
      });
  if (!done) return done.error();
  return std::move(*issued);
}

Result<std::vector<DeliveryRecord>> DeliveryService::List(const Principal& caller,
                                                          RequestId request) {
  if (Status allowed = RequirePermission(caller, Permission::kManageRequests); !allowed) {
    return allowed.error();
  }
  std::vector<DeliveryRecord> out;
  Status done = AuditedCall(
      store_, audit_, caller, TxMode::kRead, request, "deliveries", [&](Transaction& tx) -> Status {
        if (Result<ReleaseRequest> found = tx.Requests().Find(request); !found)
          return found.error();
        Result<std::vector<Delivery>> deliveries = tx.Deliveries().ListForRequest(request);
        if (!deliveries) return deliveries.error();
        for (const Delivery& delivery : *deliveries) {
          Result<DeliveryRecord> record = RecordOf(tx, delivery);
          if (!record) return record.error();
          out.push_back(std::move(*record));
        }
        return OkStatus();
      });
  if (!done) return done.error();
  return out;
}

Result<DeliveryRecord> DeliveryService::Revoke(const Principal& caller, RequestId request,
                                               DeliveryId id) {
  if (Status allowed = RequirePermission(caller, Permission::kReleaseRecords); !allowed) {
    return allowed.error();
  }
  std::optional<DeliveryRecord> out;
  Status done = AuditedCall(
      store_, audit_, caller, TxMode::kWrite, request,
      "delivery " + std::to_string(id.value) + " revoked", [&](Transaction& tx) -> Status {
        Result<Delivery> delivery = FindOfRequest(tx, request, id);
        if (!delivery) return delivery.error();
        if (!IsLinkMedium(delivery->medium)) {
          return FailedPreconditionError("only download links can be revoked");
        }
        if (delivery->status != DeliveryStatus::kRevoked) {
          std::int64_t now = clock_.NowMicros();
          delivery->status = DeliveryStatus::kRevoked;
          delivery->revoked_micros = now;
          delivery->updated_micros = now;
          Result<Delivery> updated = tx.Deliveries().Update(*delivery);
          if (!updated) return updated.error();
          *delivery = std::move(*updated);
          Result<DeliveryEvent> event =
              tx.Deliveries().AddEvent(DeliveryEvent{.delivery_id = id,
                                                     .kind = std::string(kDeliveryEventRevoked),
                                                     .actor = caller.user.id,
                                                     .actor_label = caller.user.display_name,
                                                     .remote_address = caller.remote_address,
                                                     .occurred_micros = now});
          if (!event) return event.error();
        }
        Result<DeliveryRecord> record = RecordOf(tx, *delivery);
        if (!record) return record.error();
        out = std::move(*record);
        return OkStatus();
      });
  if (!done) return done.error();
  return std::move(*out);
}

Result<DeliveryRecord> DeliveryService::Track(const Principal& caller, RequestId request,
                                              DeliveryId id, const TrackingUpdate& update) {
  if (Status allowed = RequirePermission(caller, Permission::kReleaseRecords); !allowed) {
    return allowed.error();
  }
  std::optional<DeliveryStatus> status;
  if (update.kind == kDeliveryEventSent) {
    status = DeliveryStatus::kSent;
  } else if (update.kind == kDeliveryEventDelivered) {
    status = DeliveryStatus::kDelivered;
  } else if (update.kind == kDeliveryEventFailed) {
    status = DeliveryStatus::kFailed;
  } else if (update.kind != kDeliveryEventTracking) {
    return InvalidArgumentError("kind must be sent, tracking, delivered or failed");
  }
  if (update.tracking_number.size() > kMaxTrackingNumber) {
    return InvalidArgumentError("tracking_number is over 100 bytes");
  }
  if (update.detail.size() > kMaxDeliveryEventDetail) {
    return InvalidArgumentError("detail is over 500 bytes");
  }
  std::optional<DeliveryRecord> out;
  Status done = AuditedCall(
      store_, audit_, caller, TxMode::kWrite, request,
      "delivery " + std::to_string(id.value) + " " + update.kind, [&](Transaction& tx) -> Status {
        Result<Delivery> delivery = FindOfRequest(tx, request, id);
        if (!delivery) return delivery.error();
        if (delivery->status == DeliveryStatus::kRevoked) {
          return FailedPreconditionError("delivery " + std::to_string(id.value) + " was revoked");
        }
        std::int64_t now = clock_.NowMicros();
        if (status) delivery->status = *status;
        if (!update.tracking_number.empty()) delivery->tracking_number = update.tracking_number;
        delivery->updated_micros = now;
        Result<Delivery> updated = tx.Deliveries().Update(*delivery);
        if (!updated) return updated.error();
        Result<DeliveryEvent> event =
            tx.Deliveries().AddEvent(DeliveryEvent{.delivery_id = id,
                                                   .kind = update.kind,
                                                   .detail = update.detail,
                                                   .tracking_number = update.tracking_number,
                                                   .actor = caller.user.id,
                                                   .actor_label = caller.user.display_name,
                                                   .remote_address = caller.remote_address,
                                                   .occurred_micros = now});
        if (!event) return event.error();
        Result<DeliveryRecord> record = RecordOf(tx, *updated);
        if (!record) return record.error();
        out = std::move(*record);
        return OkStatus();
      });
  if (!done) return done.error();
  return std::move(*out);
}

Result<DownloadedPacket> DeliveryService::Download(const DownloadAttempt& attempt) {
  std::optional<OrganizationId> organization = LinkOrganization(attempt.token);
  if (!organization) return DeadLink();
  if (attempt.access_code.empty() || attempt.access_code.size() > 64) {
    return InvalidArgumentError("access_code is required");
  }
  std::string digest = tokens_.Digest(attempt.token);
  std::optional<Result<DownloadedPacket>> outcome;
  Status done = store_.InTransaction(*organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<Delivery> delivery = tx.Deliveries().FindByTokenDigest(digest);
    if (!delivery) {
      if (delivery.error().code != ErrorCode::kNotFound) return delivery.error();
      outcome = DeadLink();
      return OkStatus();
    }
    LinkUser who{.label = LinkLabel(delivery->id), .remote_address = attempt.remote_address};
    return HandOut(tx, std::move(*delivery), attempt.access_code, who, outcome);
  });
  if (!done) {
    return done.error().code == ErrorCode::kNotFound ? DeadLink() : done.error();
  }
  return std::move(*outcome);
}

Result<DownloadedPacket> DeliveryService::DownloadForCaller(
    const Principal& caller, RequestId request, DeliveryId id, std::string_view access_code,
    const std::function<Status(Transaction&)>& reach) {
  if (access_code.empty() || access_code.size() > 64) {
    return InvalidArgumentError("access_code is required");
  }
  std::optional<Result<DownloadedPacket>> outcome;
  Status done =
      store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
        if (Status reached = reach(tx); !reached) return reached;
        Result<Delivery> delivery = FindOfRequest(tx, request, id);
        if (!delivery) return delivery.error();
        LinkUser who{.id = caller.user.id,
                     .label = caller.user.display_name,
                     .remote_address = caller.remote_address};
        return HandOut(tx, std::move(*delivery), access_code, who, outcome);
      });
  if (!done) return done.error();
  return std::move(*outcome);
}

Status DeliveryService::HandOut(Transaction& tx, Delivery delivery, std::string_view access_code,
                                const LinkUser& who,
                                std::optional<Result<DownloadedPacket>>& outcome) const {
  std::int64_t now = clock_.NowMicros();
  auto record = [&](std::string_view kind, std::string_view detail, AuditOutcome result) -> Status {
    Result<DeliveryEvent> event =
        tx.Deliveries().AddEvent(DeliveryEvent{.delivery_id = delivery.id,
                                               .kind = std::string(kind),
                                               .detail = std::string(detail),
                                               .actor = who.id,
                                               .actor_label = who.label,
                                               .remote_address = who.remote_address,
                                               .occurred_micros = now});
    if (!event) return event.error();
    Result<AuditEvent> audited =
        audit_.Record(tx, AuditEntry{.actor = who.id,
                                     .actor_label = who.label,
                                     .action = AuditAction::kDownload,
                                     .patient = delivery.patient_id,
                                     .entity_kind = "delivery",
                                     .entity_id = std::to_string(delivery.id.value),
                                     .outcome = result,
                                     .remote_address = who.remote_address,
                                     .detail = std::string(detail)});
    return audited ? OkStatus() : Status(audited.error());
  };
  if (LinkRefusal refusal = CheckLink(delivery, now); refusal != LinkRefusal::kNone) {
    if (Status s = record(kDeliveryEventRefused, RefusalName(refusal), AuditOutcome::kDenied); !s) {
      return s;
    }
    outcome = DeadLink();
    return OkStatus();
  }
  if (!codes_.Verify(access_code, delivery.code_hash)) {
    delivery.failed_codes += 1;
    delivery.updated_micros = now;
    Result<Delivery> updated = tx.Deliveries().Update(delivery);
    if (!updated) return updated.error();
    if (Status s = record(kDeliveryEventRefused, "wrong access code", AuditOutcome::kDenied); !s) {
      return s;
    }
    int left = kMaxFailedAccessCodes - updated->failed_codes;
    if (left <= 0) {
      if (Status s =
              record(kDeliveryEventLocked, "too many wrong access codes", AuditOutcome::kDenied);
          !s) {
        return s;
      }
      outcome = DeadLink();
    } else {
      outcome = PermissionDeniedError("the access code is not right; " + std::to_string(left) +
                                      " tries left before the link locks");
    }
    return OkStatus();
  }
  Result<std::string> bytes = vault_.Get(tx, delivery.content_id);
  if (!bytes) return bytes.error();
  delivery.downloads += 1;
  delivery.status = DeliveryStatus::kDelivered;
  delivery.updated_micros = now;
  Result<Delivery> updated = tx.Deliveries().Update(delivery);
  if (!updated) return updated.error();
  std::string detail = "download " + std::to_string(updated->downloads) + " of " +
                       std::to_string(updated->max_downloads);
  if (Status s = record(kDeliveryEventDownload, detail, AuditOutcome::kSuccess); !s) return s;
  outcome = DownloadedPacket{.file_name = updated->file_name,
                             .bytes = std::move(*bytes),
                             .downloads_left = updated->max_downloads - updated->downloads};
  return OkStatus();
}

void DeliveryService::RegisterJobs(JobRunner& runner, Mailer& mailer) const {
  runner.RegisterStaged(std::string(kDeliveryEmailJob),
                        [this, &mailer](const Job& job, const JobCompletion& complete) {
                          return SendEmail(job, mailer, complete);
                        });
}

Result<MailMessage> DeliveryService::PrepareEmail(Transaction& tx, Delivery delivery) const {
  const std::string purpose = LinkPurpose(delivery.id);
  const bool repeat = !delivery.sealed_link.empty();
  std::string token;
  if (repeat) {
    // An earlier send was not recorded (the mail server was down, or this process stopped
    // between sending and recording): send the same link under the same Message-ID.
    Result<std::string> opened = links_.Open(tx, delivery.sealed_link, purpose);
    if (!opened) return opened.error();
    token = std::move(*opened);
  } else {
    Result<std::string> random = tokens_.NewToken();
    if (!random) return random.error();
    token = std::to_string(tx.Organization().value) + "." + *random;
    Result<std::string> sealed = links_.Seal(tx, token, purpose);
    if (!sealed) return sealed.error();
    delivery.sealed_link = std::move(*sealed);
    delivery.token_digest = tokens_.Digest(token);
  }
  if (delivery.message_id.empty()) {
    Result<std::string> unique = tokens_.NewToken();
    if (!unique) return unique.error();
    delivery.message_id = MessageIdFor(delivery, *unique, options_.mail_from);
  }
  std::int64_t now = clock_.NowMicros();
  delivery.updated_micros = now;
  // The claim: a version conflict (another send of the same delivery) aborts this one.
  Result<Delivery> updated = tx.Deliveries().Update(delivery);
  if (!updated) return updated.error();
  std::string detail = std::string(repeat ? "repeating" : "sending") +
                       " the notification, Message-ID <" + updated->message_id + ">";
  Result<DeliveryEvent> event =
      tx.Deliveries().AddEvent(DeliveryEvent{.delivery_id = updated->id,
                                             .kind = std::string(kDeliveryEventEmailSending),
                                             .detail = detail,
                                             .actor_label = "system",
                                             .occurred_micros = now});
  if (!event) return event.error();
  Result<AuditEvent> audited =
      audit_.Record(tx, AuditEntry{.actor_label = "system",
                                   .action = AuditAction::kUpdate,
                                   .patient = updated->patient_id,
                                   .entity_kind = "delivery",
                                   .entity_id = std::to_string(updated->id.value),
                                   .outcome = AuditOutcome::kSuccess,
                                   .detail = "delivery email: " + detail});
  if (!audited) return audited.error();
  MailMessage message = DeliveryNotification(options_, *updated, LinkFor(token));
  message.message_id = updated->message_id;
  return message;
}

Status DeliveryService::RecordEmail(Transaction& tx, DeliveryId id, std::string_view message_id,
                                    const Status& sent) const {
  Result<Delivery> delivery = tx.Deliveries().Find(id);
  if (!delivery) return delivery.error();
  if (delivery->message_id != message_id || delivery->sealed_link.empty()) {
    // Another runner recorded this send already (it took the job over): its record stands.
    return AbortedError("delivery " + std::to_string(id.value) +
                        ": its notification was recorded by another worker");
  }
  std::int64_t now = clock_.NowMicros();
  std::string_view kind = sent ? kDeliveryEventEmailSent : kDeliveryEventEmailFailed;
  std::string detail = sent ? "notification sent" : "mail server refused the message";
  // A revocation while the message was on its way stands; the event still says what happened.
  if (delivery->status == DeliveryStatus::kPending) {
    delivery->status = sent ? DeliveryStatus::kSent : DeliveryStatus::kFailed;
  }
  if (!sent) delivery->token_digest.clear();  // The link reached no one.
  delivery->sealed_link.clear();              // From now on the token exists only in the email.
  delivery->updated_micros = now;
  Result<Delivery> updated = tx.Deliveries().Update(*delivery);
  if (!updated) return updated.error();
  Result<DeliveryEvent> event = tx.Deliveries().AddEvent(DeliveryEvent{.delivery_id = id,
                                                                       .kind = std::string(kind),
                                                                       .detail = detail,
                                                                       .actor_label = "system",
                                                                       .occurred_micros = now});
  if (!event) return event.error();
  Result<AuditEvent> audited =
      audit_.Record(tx, AuditEntry{.actor_label = "system",
                                   .action = AuditAction::kUpdate,
                                   .patient = updated->patient_id,
                                   .entity_kind = "delivery",
                                   .entity_id = std::to_string(id.value),
                                   .outcome = sent ? AuditOutcome::kSuccess : AuditOutcome::kFailed,
                                   .detail = "delivery email: " + detail});
  return audited ? OkStatus() : Status(audited.error());
}

Status DeliveryService::SendEmail(const Job& job, Mailer& mailer,
                                  const JobCompletion& complete) const {
  Result<DeliveryId> id = ParseEmailPayload(job.payload);
  if (!id) return id.error();
  // 1. Prepare, in a write transaction.
  std::optional<MailMessage> message;
  Status prepared =
      store_.InTransaction(job.organization_id, TxMode::kWrite, [&](Transaction& tx) -> Status {
        Result<Delivery> delivery = tx.Deliveries().Find(*id);
        if (!delivery) return delivery.error();
        // Revoked, or already sent and recorded: nothing to send.
        if (delivery->medium != DeliveryMedium::kEmailLink ||
            delivery->status != DeliveryStatus::kPending) {
          return complete(tx);
        }
        Result<MailMessage> made = PrepareEmail(tx, std::move(*delivery));
        if (!made) return made.error();
        message = std::move(*made);
        return OkStatus();
      });
  if (!prepared) return prepared;
  if (!message) return OkStatus();
  // 2. Send, with no transaction open: a slow mail server holds up no one.
  Status sent = mailer.Send(*message);
  if (!sent && sent.error().code == ErrorCode::kUnavailable) {
    return sent;  // Retried by the job runner with the same link and Message-ID.
  }
  // 3. Record what the mail server answered, and complete the job with it.
  return store_.InTransaction(job.organization_id, TxMode::kWrite, [&](Transaction& tx) -> Status {
    if (Status recorded = RecordEmail(tx, *id, message->message_id, sent); !recorded) {
      return recorded;
    }
    return complete(tx);
  });
}

MailMessage DeliveryNotification(const DeliveryOptions& options, const Delivery& delivery,
                                 std::string_view link) {
  std::string body =
      "Hello,\n"
      "\n"
      "The records you requested from " +
      options.organization_name +
      " are ready for secure download:\n"
      "\n" +
      std::string(link) +
      "\n"
      "\n"
      "The link works until " +
      DateOf(delivery.expires_micros) + " (UTC) and for at most " +
      std::to_string(delivery.max_downloads) +
      " downloads.  You will also need the access code,\n"
      "which we send to you separately (not by this email).  If you did not expect\n"
      "this message, please ignore it and tell us.\n"
      "\n" +
      options.organization_name + "\n";
  return MailMessage{.from = options.mail_from,
                     .to = {delivery.address},
                     .subject = "Your requested records are ready",
                     .body = std::move(body)};
}

}  // namespace roi
