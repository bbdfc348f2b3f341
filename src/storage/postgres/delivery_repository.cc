// PostgreSQL DeliveryRepository: every statement passes the bound organization as $1.  Existence
// is checked before inserting (a failed statement would abort the whole transaction).
#include <optional>
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

constexpr std::string_view kDeliverySelect =
    "SELECT id, request_id, disclosure_id, patient_id, medium, status, recipient, address,"
    " tracking_number, content_id, content_digest, file_name, page_count, token_digest, code_hash,"
    " expires_micros, max_downloads, downloads, failed_codes, revoked_micros, created_by,"
    " created_micros, updated_micros, version, message_id, sealed_link FROM deliveries"
    " WHERE organization_id = $1";

Result<Delivery> ReadDelivery(const pqxx::row& row) {
  Result<DeliveryMedium> medium = ParseDeliveryMedium(row[4].as<std::string>());
  Result<DeliveryStatus> status = ParseDeliveryStatus(row[5].as<std::string>());
  if (!medium || !status) {
    return InternalError("stored delivery " + row[0].as<std::string>() + " has a bad column");
  }
  return Delivery{.id = DeliveryId(row[0].as<std::int64_t>()),
                  .request_id = RequestId(row[1].as<std::int64_t>()),
                  .disclosure_id = DisclosureId(row[2].as<std::int64_t>()),
                  .patient_id = PatientId(row[3].as<std::int64_t>()),
                  .medium = *medium,
                  .status = *status,
                  .recipient = row[6].as<std::string>(),
                  .address = row[7].as<std::string>(),
                  .tracking_number = row[8].as<std::string>(),
                  .content_id = ContentId(row[9].is_null() ? 0 : row[9].as<std::int64_t>()),
                  .content_digest = row[10].as<std::string>(),
                  .file_name = row[11].as<std::string>(),
                  .page_count = row[12].as<int>(),
                  .token_digest = row[13].is_null() ? std::string() : row[13].as<std::string>(),
                  .code_hash = row[14].as<std::string>(),
                  .expires_micros = row[15].as<std::int64_t>(),
                  .max_downloads = row[16].as<int>(),
                  .downloads = row[17].as<int>(),
                  .failed_codes = row[18].as<int>(),
                  .revoked_micros = row[19].as<std::int64_t>(),
                  .created_by = UserId(row[20].as<std::int64_t>()),
                  .created_micros = row[21].as<std::int64_t>(),
                  .updated_micros = row[22].as<std::int64_t>(),
                  .version = row[23].as<int>(),
                  .message_id = row[24].as<std::string>(),
                  .sealed_link = row[25].as<std::string>()};
}

Result<std::vector<Delivery>> ReadDeliveries(const pqxx::result& rows) {
  std::vector<Delivery> out;
  for (const pqxx::row& row : rows) {
    Result<Delivery> delivery = ReadDelivery(row);
    if (!delivery) return delivery.error();
    out.push_back(std::move(*delivery));
  }
  return out;
}

}  // namespace

Result<Delivery> PgDeliveryRepository::Insert(const Delivery& delivery) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateDelivery(delivery); !valid) return valid.error();
  return context_.Run("insert delivery", [&]() -> Result<Delivery> {
    pqxx::dbtransaction& tx = context_.Transaction();
    if (tx.exec_params("SELECT 1 FROM requests WHERE organization_id = $1 AND id = $2",
                       organization_.value, delivery.request_id.value)
            .empty()) {
      return NotFoundError("request " + std::to_string(delivery.request_id.value) + " not found");
    }
    if (tx.exec_params("SELECT 1 FROM disclosures WHERE organization_id = $1 AND id = $2",
                       organization_.value, delivery.disclosure_id.value)
            .empty()) {
      return NotFoundError("disclosure " + std::to_string(delivery.disclosure_id.value) +
                           " not found");
    }
    std::optional<std::string> token;
    if (!delivery.token_digest.empty()) token = delivery.token_digest;
    std::optional<std::int64_t> content;
    if (delivery.content_id.IsSet()) content = delivery.content_id.value;
    pqxx::result inserted = tx.exec_params(
        "INSERT INTO deliveries (organization_id, request_id, disclosure_id, patient_id, medium,"
        " status, recipient, address, tracking_number, content_id, content_digest, file_name,"
        " page_count, token_digest, code_hash, expires_micros, max_downloads, downloads,"
        " failed_codes, revoked_micros, created_by, created_micros, updated_micros, version,"
        " message_id, sealed_link)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,"
        " $18, $19, $20, $21, $22, $23, 1, $24, $25) ON CONFLICT (token_digest) DO NOTHING"
        " RETURNING id",
        organization_.value, delivery.request_id.value, delivery.disclosure_id.value,
        delivery.patient_id.value, std::string(DeliveryMediumName(delivery.medium)),
        std::string(DeliveryStatusName(delivery.status)), delivery.recipient, delivery.address,
        delivery.tracking_number, content, delivery.content_digest, delivery.file_name,
        delivery.page_count, token, delivery.code_hash, delivery.expires_micros,
        delivery.max_downloads, delivery.downloads, delivery.failed_codes, delivery.revoked_micros,
        delivery.created_by.value, delivery.created_micros, delivery.updated_micros,
        delivery.message_id, delivery.sealed_link);
    if (inserted.empty()) return AlreadyExistsError("a link with this token digest already exists");
    Delivery stored = delivery;
    stored.id = DeliveryId(inserted[0][0].as<std::int64_t>());
    stored.version = 1;
    return stored;
  });
}

Result<Delivery> PgDeliveryRepository::Find(DeliveryId id) {
  Result<std::vector<Delivery>> found =
      context_.Run("find delivery", [&]() -> Result<std::vector<Delivery>> {
        return ReadDeliveries(context_.Transaction().exec_params(
            std::string(kDeliverySelect) + " AND id = $2", organization_.value, id.value));
      });
  if (!found) return found.error();
  if (found->empty()) return NotFoundError("delivery " + std::to_string(id.value) + " not found");
  return std::move(found->front());
}

Result<Delivery> PgDeliveryRepository::FindByTokenDigest(std::string_view token_digest) {
  Result<std::vector<Delivery>> found =
      context_.Run("find link", [&]() -> Result<std::vector<Delivery>> {
        return ReadDeliveries(context_.Transaction().exec_params(
            std::string(kDeliverySelect) + " AND token_digest = $2", organization_.value,
            std::string(token_digest)));
      });
  if (!found) return found.error();
  if (found->empty()) return NotFoundError("no link has this token");
  return std::move(found->front());
}

Result<std::vector<Delivery>> PgDeliveryRepository::ListForRequest(RequestId request) {
  return context_.Run("list deliveries", [&]() -> Result<std::vector<Delivery>> {
    return ReadDeliveries(context_.Transaction().exec_params(
        std::string(kDeliverySelect) + " AND request_id = $2 ORDER BY id", organization_.value,
        request.value));
  });
}

Result<Delivery> PgDeliveryRepository::Update(const Delivery& delivery) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
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
  return context_.Run("update delivery", [&]() -> Result<Delivery> {
    std::optional<std::string> token;
    if (!updated.token_digest.empty()) token = updated.token_digest;
    if (token && *token != current->token_digest &&
        !context_.Transaction()
             .exec_params("SELECT 1 FROM deliveries WHERE token_digest = $1", *token)
             .empty()) {
      return AlreadyExistsError("a link with this token digest already exists");
    }
    pqxx::result changed = context_.Transaction().exec_params(
        "UPDATE deliveries SET status = $3, tracking_number = $4, downloads = $5,"
        " failed_codes = $6, revoked_micros = $7, updated_micros = $8, token_digest = $10,"
        " message_id = $11, sealed_link = $12, version = version + 1"
        " WHERE organization_id = $1 AND id = $2 AND version = $9 RETURNING version",
        organization_.value, delivery.id.value, std::string(DeliveryStatusName(updated.status)),
        updated.tracking_number, updated.downloads, updated.failed_codes, updated.revoked_micros,
        updated.updated_micros, delivery.version, token, updated.message_id, updated.sealed_link);
    if (changed.empty()) {
      return AbortedError("delivery " + std::to_string(delivery.id.value) + " was changed");
    }
    updated.version = changed[0][0].as<int>();
    return updated;
  });
}

Result<DeliveryEvent> PgDeliveryRepository::AddEvent(const DeliveryEvent& event) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateDeliveryEvent(event); !valid) return valid.error();
  if (Result<Delivery> delivery = Find(event.delivery_id); !delivery) return delivery.error();
  return context_.Run("insert delivery event", [&]() -> Result<DeliveryEvent> {
    std::optional<std::int64_t> actor;
    if (event.actor.IsSet()) actor = event.actor.value;
    pqxx::result inserted = context_.Transaction().exec_params(
        "INSERT INTO delivery_events (organization_id, delivery_id, kind, detail,"
        " tracking_number, actor_id, actor_label, remote_address, occurred_micros)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        organization_.value, event.delivery_id.value, event.kind, event.detail,
        event.tracking_number, actor, event.actor_label, event.remote_address,
        event.occurred_micros);
    DeliveryEvent stored = event;
    stored.id = inserted[0][0].as<std::int64_t>();
    return stored;
  });
}

Result<std::vector<DeliveryEvent>> PgDeliveryRepository::Events(DeliveryId delivery) {
  return context_.Run("list delivery events", [&]() -> Result<std::vector<DeliveryEvent>> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT id, delivery_id, kind, detail, tracking_number, actor_id, actor_label,"
        " remote_address, occurred_micros FROM delivery_events"
        " WHERE organization_id = $1 AND delivery_id = $2 ORDER BY id",
        organization_.value, delivery.value);
    std::vector<DeliveryEvent> out;
    for (const pqxx::row& row : rows) {
      out.push_back(DeliveryEvent{.id = row[0].as<std::int64_t>(),
                                  .delivery_id = DeliveryId(row[1].as<std::int64_t>()),
                                  .kind = row[2].as<std::string>(),
                                  .detail = row[3].as<std::string>(),
                                  .tracking_number = row[4].as<std::string>(),
                                  .actor = UserId(row[5].is_null() ? 0 : row[5].as<std::int64_t>()),
                                  .actor_label = row[6].as<std::string>(),
                                  .remote_address = row[7].as<std::string>(),
                                  .occurred_micros = row[8].as<std::int64_t>()});
    }
    return out;
  });
}

}  // namespace roi::postgres
