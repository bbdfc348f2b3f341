// The InMemoryStore's delivery repository.
#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {
namespace {

Error NoDelivery(DeliveryId id) {
  return NotFoundError("delivery " + std::to_string(id.value) + " not found");
}

}  // namespace

Result<Delivery> InMemoryDeliveries::Insert(const Delivery& delivery) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateDelivery(delivery); !valid) return valid.error();
  auto request = view_.requests.find(delivery.request_id);
  if (request == view_.requests.end() || request->second.organization_id != organization_) {
    return NotFoundError("request " + std::to_string(delivery.request_id.value) + " not found");
  }
  auto disclosure = view_.disclosures.find(delivery.disclosure_id);
  if (disclosure == view_.disclosures.end() ||
      disclosure->second.organization_id != organization_) {
    return NotFoundError("disclosure " + std::to_string(delivery.disclosure_id.value) +
                         " not found");
  }
  if (!delivery.token_digest.empty()) {
    for (const auto& [id, entry] : view_.deliveries) {
      if (entry.second.token_digest == delivery.token_digest) {
        return AlreadyExistsError("a link with this token digest already exists");
      }
    }
  }
  Delivery stored = delivery;
  stored.id = DeliveryId(data_->next_id++);
  stored.version = 1;
  data_->deliveries[stored.id] = {organization_, stored};
  return stored;
}

Result<Delivery> InMemoryDeliveries::Find(DeliveryId id) {
  auto found = view_.deliveries.find(id);
  if (found == view_.deliveries.end() || found->second.first != organization_) {
    return NoDelivery(id);
  }
  return found->second.second;
}

Result<Delivery> InMemoryDeliveries::FindByTokenDigest(std::string_view token_digest) {
  if (token_digest.empty()) return NotFoundError("no link has this token");
  for (const auto& [id, entry] : view_.deliveries) {
    if (entry.first == organization_ && entry.second.token_digest == token_digest) {
      return entry.second;
    }
  }
  return NotFoundError("no link has this token");
}

Result<std::vector<Delivery>> InMemoryDeliveries::ListForRequest(RequestId request) {
  std::vector<Delivery> out;
  for (const auto& [id, entry] : view_.deliveries) {
    if (entry.first == organization_ && entry.second.request_id == request) {
      out.push_back(entry.second);
    }
  }
  return out;
}

Result<Delivery> InMemoryDeliveries::Update(const Delivery& delivery) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
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
    for (const auto& [id, entry] : view_.deliveries) {
      if (entry.second.token_digest == updated.token_digest) {
        return AlreadyExistsError("a link with this token digest already exists");
      }
    }
  }
  updated.version = current->version + 1;
  data_->deliveries[updated.id] = {organization_, updated};
  return updated;
}

Result<DeliveryEvent> InMemoryDeliveries::AddEvent(const DeliveryEvent& event) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateDeliveryEvent(event); !valid) return valid.error();
  if (Result<Delivery> delivery = Find(event.delivery_id); !delivery) return delivery.error();
  DeliveryEvent stored = event;
  stored.id = data_->next_id++;
  data_->delivery_events.emplace_back(organization_, stored);
  return stored;
}

Result<std::vector<DeliveryEvent>> InMemoryDeliveries::Events(DeliveryId delivery) {
  std::vector<DeliveryEvent> out;
  for (const auto& [organization, event] : view_.delivery_events) {
    if (organization == organization_ && event.delivery_id == delivery) out.push_back(event);
  }
  return out;
}

}  // namespace roi::testing
