// SQLite DeliveryRepository: deliveries of released packets and their events; every statement
// filters by the bound organization.  Link tokens are unique across organizations (their digests
// are random), enforced by a UNIQUE index that ignores the NULLs of non-link deliveries.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

constexpr std::string_view kDeliverySelect =
    "SELECT id, request_id, disclosure_id, patient_id, medium, status, recipient, address,"
    " tracking_number, content_id, content_digest, file_name, page_count, token_digest, code_hash,"
    " expires_micros, max_downloads, downloads, failed_codes, revoked_micros, created_by,"
    " created_micros, updated_micros, version, message_id, sealed_link FROM deliveries"
    " WHERE organization_id = ?1";

int AsInt(std::int64_t value) { return static_cast<int>(value); }

Result<Delivery> ReadDelivery(const Statement& row) {
  Result<DeliveryMedium> medium = ParseDeliveryMedium(row.Text(4));
  Result<DeliveryStatus> status = ParseDeliveryStatus(row.Text(5));
  if (!medium || !status) {
    return InternalError("stored delivery " + std::to_string(row.Int64(0)) + " has a bad column");
  }
  return Delivery{.id = DeliveryId(row.Int64(0)),
                  .request_id = RequestId(row.Int64(1)),
                  .disclosure_id = DisclosureId(row.Int64(2)),
                  .patient_id = PatientId(row.Int64(3)),
                  .medium = *medium,
                  .status = *status,
                  .recipient = row.Text(6),
                  .address = row.Text(7),
                  .tracking_number = row.Text(8),
                  .content_id = ContentId(row.IsNull(9) ? 0 : row.Int64(9)),
                  .content_digest = row.Text(10),
                  .file_name = row.Text(11),
                  .page_count = AsInt(row.Int64(12)),
                  .token_digest = row.IsNull(13) ? std::string() : row.Text(13),
                  .code_hash = row.Text(14),
                  .expires_micros = row.Int64(15),
                  .max_downloads = AsInt(row.Int64(16)),
                  .downloads = AsInt(row.Int64(17)),
                  .failed_codes = AsInt(row.Int64(18)),
                  .revoked_micros = row.Int64(19),
                  .created_by = UserId(row.Int64(20)),
                  .created_micros = row.Int64(21),
                  .updated_micros = row.Int64(22),
                  .version = AsInt(row.Int64(23)),
                  .message_id = row.Text(24),
                  .sealed_link = row.Text(25)};
}

DeliveryEvent ReadEvent(const Statement& row) {
  return DeliveryEvent{.id = row.Int64(0),
                       .delivery_id = DeliveryId(row.Int64(1)),
                       .kind = row.Text(2),
                       .detail = row.Text(3),
                       .tracking_number = row.Text(4),
                       .actor = UserId(row.IsNull(5) ? 0 : row.Int64(5)),
                       .actor_label = row.Text(6),
                       .remote_address = row.Text(7),
                       .occurred_micros = row.Int64(8)};
}

// True iff the query yields a row.
Result<bool> Exists(Result<Statement> query) {
  if (!query) return query.error();
  return query->Step();
}

}  // namespace

Result<std::vector<Delivery>> SqliteDeliveryRepository::Select(std::string_view where,
                                                               SqlParam param) {
  Result<Statement> query = connection_.Query(std::string(kDeliverySelect) + std::string(where),
                                              {organization_.value, param}, "find deliveries");
  if (!query) return query.error();
  std::vector<Delivery> out;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return out;
    Result<Delivery> delivery = ReadDelivery(*query);
    if (!delivery) return delivery.error();
    out.push_back(std::move(*delivery));
  }
}

Result<Delivery> SqliteDeliveryRepository::Insert(const Delivery& delivery) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateDelivery(delivery); !valid) return valid.error();
  Result<bool> request =
      Exists(connection_.Query("SELECT 1 FROM requests WHERE organization_id = ?1 AND id = ?2",
                               {organization_.value, delivery.request_id.value}, "find request"));
  if (!request) return request.error();
  if (!*request) {
    return NotFoundError("request " + std::to_string(delivery.request_id.value) + " not found");
  }
  Result<bool> disclosure = Exists(
      connection_.Query("SELECT 1 FROM disclosures WHERE organization_id = ?1 AND id = ?2",
                        {organization_.value, delivery.disclosure_id.value}, "find disclosure"));
  if (!disclosure) return disclosure.error();
  if (!*disclosure) {
    return NotFoundError("disclosure " + std::to_string(delivery.disclosure_id.value) +
                         " not found");
  }
  if (!delivery.token_digest.empty()) {
    Result<bool> taken = Exists(connection_.Query(
        "SELECT 1 FROM deliveries WHERE token_digest = ?1", {delivery.token_digest}, "find link"));
    if (!taken) return taken.error();
    if (*taken) return AlreadyExistsError("a link with this token digest already exists");
  }
  SqlParam token = nullptr;
  if (!delivery.token_digest.empty()) token = std::string_view(delivery.token_digest);
  SqlParam content = nullptr;
  if (delivery.content_id.IsSet()) content = delivery.content_id.value;
  Result<Statement> insert = connection_.Query(
      "INSERT INTO deliveries (organization_id, request_id, disclosure_id, patient_id, medium,"
      " status, recipient, address, tracking_number, content_id, content_digest, file_name,"
      " page_count, token_digest, code_hash, expires_micros, max_downloads, downloads,"
      " failed_codes, revoked_micros, created_by, created_micros, updated_micros, version,"
      " message_id, sealed_link)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
      " ?19, ?20, ?21, ?22, ?23, 1, ?24, ?25)",
      {organization_.value,
       delivery.request_id.value,
       delivery.disclosure_id.value,
       delivery.patient_id.value,
       DeliveryMediumName(delivery.medium),
       DeliveryStatusName(delivery.status),
       delivery.recipient,
       delivery.address,
       delivery.tracking_number,
       content,
       delivery.content_digest,
       delivery.file_name,
       std::int64_t{delivery.page_count},
       token,
       delivery.code_hash,
       delivery.expires_micros,
       std::int64_t{delivery.max_downloads},
       std::int64_t{delivery.downloads},
       std::int64_t{delivery.failed_codes},
       delivery.revoked_micros,
       delivery.created_by.value,
       delivery.created_micros,
       delivery.updated_micros,
       delivery.message_id,
       delivery.sealed_link},
      "insert delivery");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  Delivery stored = delivery;
  stored.id = DeliveryId(connection_.LastInsertId());
  stored.version = 1;
  return stored;
}

Result<Delivery> SqliteDeliveryRepository::Find(DeliveryId id) {
  Result<std::vector<Delivery>> found = Select(" AND id = ?2", id.value);
  if (!found) return found.error();
  if (found->empty()) return NotFoundError("delivery " + std::to_string(id.value) + " not found");
  return std::move(found->front());
}

Result<Delivery> SqliteDeliveryRepository::FindByTokenDigest(std::string_view token_digest) {
  Result<std::vector<Delivery>> found = Select(" AND token_digest = ?2", token_digest);
  if (!found) return found.error();
  if (found->empty()) return NotFoundError("no link has this token");
  return std::move(found->front());
}

Result<std::vector<Delivery>> SqliteDeliveryRepository::ListForRequest(RequestId request) {
  return Select(" AND request_id = ?2 ORDER BY id", request.value);
}

Result<Delivery> SqliteDeliveryRepository::Update(const Delivery& delivery) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  Result<Delivery> current = Find(delivery.id);
  if (!current) return current.error();
  if (current->version != delivery.version) {
    return AbortedError("delivery " + std::to_string(delivery.id.value) + " was changed");
  }
  Delivery updated = *current;
  updated.status = delivery.status;
  updated.tracking_number = delivery.tracking_number;
  updated.token_digest = delivery.token_digest;
  updated.downloads = delivery.downloads;
  updated.failed_codes = delivery.failed_codes;
  updated.revoked_micros = delivery.revoked_micros;
  updated.updated_micros = delivery.updated_micros;
  updated.message_id = delivery.message_id;
  updated.sealed_link = delivery.sealed_link;
  if (Status valid = ValidateDelivery(updated); !valid) return valid.error();
  if (!updated.token_digest.empty() && updated.token_digest != current->token_digest) {
    Result<bool> taken = Exists(connection_.Query(
        "SELECT 1 FROM deliveries WHERE token_digest = ?1", {updated.token_digest}, "find link"));
    if (!taken) return taken.error();
    if (*taken) return AlreadyExistsError("a link with this token digest already exists");
  }
  SqlParam token = nullptr;
  if (!updated.token_digest.empty()) token = std::string_view(updated.token_digest);
  Result<Statement> update = connection_.Query(
      "UPDATE deliveries SET status = ?3, tracking_number = ?4, downloads = ?5, failed_codes = ?6,"
      " revoked_micros = ?7, updated_micros = ?8, token_digest = ?10, message_id = ?11,"
      " sealed_link = ?12, version = version + 1"
      " WHERE organization_id = ?1 AND id = ?2 AND version = ?9",
      {organization_.value, delivery.id.value, DeliveryStatusName(updated.status),
       updated.tracking_number, std::int64_t{updated.downloads}, std::int64_t{updated.failed_codes},
       updated.revoked_micros, updated.updated_micros, std::int64_t{delivery.version}, token,
       updated.message_id, updated.sealed_link},
      "update delivery");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done.error();
  if (connection_.Changes() != 1) {
    return AbortedError("delivery " + std::to_string(delivery.id.value) + " was changed");
  }
  updated.version = current->version + 1;
  return updated;
}

Result<DeliveryEvent> SqliteDeliveryRepository::AddEvent(const DeliveryEvent& event) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateDeliveryEvent(event); !valid) return valid.error();
  if (Result<Delivery> delivery = Find(event.delivery_id); !delivery) return delivery.error();
  SqlParam actor = nullptr;
  if (event.actor.IsSet()) actor = event.actor.value;
  Result<Statement> insert = connection_.Query(
      "INSERT INTO delivery_events (organization_id, delivery_id, kind, detail, tracking_number,"
      " actor_id, actor_label, remote_address, occurred_micros)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
      {organization_.value, event.delivery_id.value, event.kind, event.detail,
       event.tracking_number, actor, event.actor_label, event.remote_address,
       event.occurred_micros},
      "insert delivery event");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  DeliveryEvent stored = event;
  stored.id = connection_.LastInsertId();
  return stored;
}

Result<std::vector<DeliveryEvent>> SqliteDeliveryRepository::Events(DeliveryId delivery) {
  Result<Statement> query = connection_.Query(
      "SELECT id, delivery_id, kind, detail, tracking_number, actor_id, actor_label,"
      " remote_address, occurred_micros FROM delivery_events"
      " WHERE organization_id = ?1 AND delivery_id = ?2 ORDER BY id",
      {organization_.value, delivery.value}, "list delivery events");
  if (!query) return query.error();
  std::vector<DeliveryEvent> out;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(ReadEvent(*query));
  }
}

}  // namespace roi::sqlite
