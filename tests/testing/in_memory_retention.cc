// The InMemoryStore's reports (aggregates computed by walking the data) and retention (legal
// holds, purge candidates, purges and purge records).
#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "testing/in_memory_repositories.h"

namespace roi::testing {
namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

Date DayOf(std::int64_t micros) {
  return Date::FromDaysSinceEpoch(static_cast<std::int32_t>(micros / kMicrosPerDay));
}

}  // namespace

// Reports.

Result<std::vector<TurnaroundGroup>> InMemoryReports::Turnaround(Date from, Date to) {
  std::map<int, TurnaroundGroup> groups;
  for (const RequestTransition& transition : view_.transitions) {
    if (transition.event.to != RequestState::kReleased &&
        transition.event.to != RequestState::kDenied) {
      continue;
    }
    auto request = view_.requests.find(transition.request_id);
    if (request == view_.requests.end() || request->second.organization_id != organization_) {
      continue;
    }
    Date done = DayOf(transition.event.at_micros);
    if (done < from || to < done) continue;
    int days = request->second.received_on.DaysUntil(done);
    TurnaroundGroup& group = groups[days];
    group.days = days;
    ++group.completed;
    if (request->second.due_on) {
      ++group.with_due;
      if (done <= *request->second.due_on) ++group.on_time;
    }
  }
  std::vector<TurnaroundGroup> out;
  for (const auto& [days, group] : groups) out.push_back(group);
  return out;
}

Result<std::vector<BacklogGroup>> InMemoryReports::OpenBacklog(Date today) {
  std::map<Date, BacklogGroup> groups;
  for (const auto& [id, request] : view_.requests) {
    if (request.organization_id != organization_ || !IsOpenState(request.state)) continue;
    BacklogGroup& group = groups[request.received_on];
    group.received_on = request.received_on;
    ++group.open;
    if (request.due_on && *request.due_on < today) ++group.overdue;
  }
  std::vector<BacklogGroup> out;
  for (const auto& [day, group] : groups) out.push_back(group);
  return out;
}

Result<std::vector<VolumeGroup>> InMemoryReports::Volume(Date from, Date to) {
  std::map<std::pair<std::string, std::string>, VolumeGroup> groups;
  for (const auto& [id, request] : view_.requests) {
    if (request.organization_id != organization_) continue;
    if (request.received_on < from || to < request.received_on) continue;
    VolumeGroup& group =
        groups[{request.requester_role, std::string(RequestStateName(request.state))}];
    group.requester_role = request.requester_role;
    group.state = request.state;
    ++group.count;
  }
  std::vector<VolumeGroup> out;
  for (const auto& [key, group] : groups) out.push_back(group);
  return out;
}

Result<FeeTotals> InMemoryReports::Fees(Date from, Date to) {
  FeeTotals totals;
  for (const auto& [id, row] : view_.invoices) {
    const auto& [organization, invoice] = row;
    if (organization != organization_) continue;
    if (invoice.issued_on < from || to < invoice.issued_on) continue;
    totals.invoiced_cents += invoice.total_cents;
    std::int64_t credited = 0;
    for (const auto& [credit_organization, credit] : view_.credits) {
      if (credit_organization == organization_ && credit.invoice_id == invoice.id) {
        credited += credit.amount_cents;
      }
    }
    totals.outstanding_cents += std::max<std::int64_t>(invoice.total_cents - credited, 0);
  }
  for (const auto& [organization, credit] : view_.credits) {
    if (organization != organization_) continue;
    if (credit.received_on < from || to < credit.received_on) continue;
    (credit.kind == CreditKind::kPayment ? totals.collected_cents : totals.waived_cents) +=
        credit.amount_cents;
  }
  return totals;
}

// Retention.

Result<LegalHold> InMemoryRetention::PlaceHold(const LegalHold& hold) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateLegalHold(hold); !valid) return valid.error();
  if (hold.patient_id.IsSet()) {
    auto patient = view_.patients.find(hold.patient_id);
    if (patient == view_.patients.end() || patient->second.organization_id != organization_) {
      return NotFoundError("patient " + std::to_string(hold.patient_id.value) + " not found");
    }
  } else {
    auto request = view_.requests.find(hold.request_id);
    if (request == view_.requests.end() || request->second.organization_id != organization_) {
      return NotFoundError("request " + std::to_string(hold.request_id.value) + " not found");
    }
  }
  LegalHold stored = hold;
  stored.id = data_->next_id++;
  stored.released_by = UserId();
  stored.released_micros = 0;
  data_->legal_holds.emplace_back(organization_, stored);
  return stored;
}

Result<LegalHold> InMemoryRetention::FindHold(std::int64_t id) {
  for (const auto& [organization, hold] : view_.legal_holds) {
    if (organization == organization_ && hold.id == id) return hold;
  }
  return NotFoundError("legal hold " + std::to_string(id) + " not found");
}

Result<LegalHold> InMemoryRetention::ReleaseHold(std::int64_t id, UserId by, std::int64_t micros) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (!by.IsSet() || micros <= 0) {
    return InvalidArgumentError("a release needs the user and a positive time");
  }
  for (auto& [organization, hold] : data_->legal_holds) {
    if (organization != organization_ || hold.id != id) continue;
    if (!hold.Active()) {
      return FailedPreconditionError("legal hold " + std::to_string(id) + " was released already");
    }
    hold.released_by = by;
    hold.released_micros = micros;
    return hold;
  }
  return NotFoundError("legal hold " + std::to_string(id) + " not found");
}

Result<std::vector<LegalHold>> InMemoryRetention::HoldsOnPatient(PatientId patient) {
  std::vector<LegalHold> out;
  for (const auto& [organization, hold] : view_.legal_holds) {
    if (organization == organization_ && hold.patient_id == patient) out.push_back(hold);
  }
  return out;
}

Result<std::vector<LegalHold>> InMemoryRetention::HoldsOnRequest(RequestId request) {
  std::vector<LegalHold> out;
  for (const auto& [organization, hold] : view_.legal_holds) {
    if (organization == organization_ && hold.request_id == request) out.push_back(hold);
  }
  return out;
}

RetentionCandidate InMemoryRetention::Describe(const ReleaseRequest& request) const {
  Date last = request.received_on;
  for (const RequestTransition& transition : view_.transitions) {
    if (transition.request_id == request.id)
      last = std::max(last, DayOf(transition.event.at_micros));
  }
  for (const Letter& letter : view_.letters) {
    if (letter.request_id == request.id) last = std::max(last, letter.date);
  }
  for (const auto& [id, disclosure] : view_.disclosures) {
    if (disclosure.organization_id == organization_ && disclosure.request_id == request.id) {
      last = std::max(last, disclosure.disclosed_on);
    }
  }
  bool held = false;
  for (const auto& [organization, hold] : view_.legal_holds) {
    if (organization == organization_ && hold.Active() &&
        (hold.request_id == request.id || hold.patient_id == request.patient_id)) {
      held = true;
    }
  }
  return RetentionCandidate{.request_id = request.id,
                            .number = request.number,
                            .patient_id = request.patient_id,
                            .state = request.state,
                            .received_on = request.received_on,
                            .last_effective_on = last,
                            .held = held};
}

Result<std::vector<RetentionCandidate>> InMemoryRetention::Candidates(Date cutoff, RequestId after,
                                                                      int limit) {
  if (limit < 1 || limit > 1000) return InvalidArgumentError("limit must be 1 to 1000");
  std::vector<RetentionCandidate> out;
  for (auto it = view_.requests.upper_bound(after);
       it != view_.requests.end() && static_cast<int>(out.size()) < limit; ++it) {
    const ReleaseRequest& request = it->second;
    if (request.organization_id != organization_ || !IsRetentionState(request.state)) continue;
    RetentionCandidate candidate = Describe(request);
    if (candidate.last_effective_on < cutoff) out.push_back(std::move(candidate));
  }
  return out;
}

Result<RetentionCandidate> InMemoryRetention::Describe(RequestId request) {
  auto found = view_.requests.find(request);
  if (found == view_.requests.end() || found->second.organization_id != organization_) {
    return NotFoundError("request " + std::to_string(request.value) + " not found");
  }
  return Describe(found->second);
}

Result<PurgeRecord> InMemoryRetention::Purge(const PurgeRecord& record) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidatePurgeRecord(record); !valid) return valid.error();
  Result<RetentionCandidate> described = Describe(record.request_id);
  if (!described) return described.error();
  if (!IsRetentionState(described->state)) {
    return FailedPreconditionError("request " + std::to_string(record.request_id.value) +
                                   " is not closed, cancelled or released");
  }
  if (described->held) {
    return FailedPreconditionError("request " + std::to_string(record.request_id.value) +
                                   " is under a legal hold");
  }
  const RequestId id = record.request_id;
  InMemoryData& data = *data_;
  for (auto it = data.invoices.begin(); it != data.invoices.end();) {
    if (it->second.second.request_id != id) {
      ++it;
      continue;
    }
    const InvoiceId invoice = it->first;
    std::erase_if(data.credits, [&](const auto& row) { return row.second.invoice_id == invoice; });
    it = data.invoices.erase(it);
  }
  std::erase_if(data.notifications, [&](const auto& row) { return row.second.request_id == id; });
  std::erase_if(data.reviews, [&](const auto& row) { return row.second.second.request_id == id; });
  std::erase_if(data.notices, [&](const RequestNotice& notice) { return notice.request_id == id; });
  std::erase_if(data.letters, [&](const Letter& letter) { return letter.request_id == id; });
  std::erase_if(data.transitions,
                [&](const RequestTransition& transition) { return transition.request_id == id; });
  std::erase_if(data.legal_holds, [&](const auto& row) { return row.second.request_id == id; });
  data.patient_rematches.erase({organization_, id});
  // Packets, deliveries (with their events) and redactions of the request, and the vault content
  // of its packets and deliveries that nothing else holds.
  std::vector<ContentId> contents;
  for (const auto& [organization, packet] : data.packets) {
    if (organization == organization_ && packet.request_id == id) {
      contents.push_back(packet.content_id);
    }
  }
  for (auto it = data.deliveries.begin(); it != data.deliveries.end();) {
    if (it->second.first != organization_ || it->second.second.request_id != id) {
      ++it;
      continue;
    }
    if (it->second.second.content_id.IsSet()) contents.push_back(it->second.second.content_id);
    const DeliveryId delivery = it->first;
    std::erase_if(data.delivery_events,
                  [&](const auto& row) { return row.second.delivery_id == delivery; });
    it = data.deliveries.erase(it);
  }
  std::erase_if(data.packets, [&](const auto& row) {
    return row.first == organization_ && row.second.request_id == id;
  });
  std::erase_if(data.redactions, [&](const auto& row) {
    return row.first == organization_ && row.second.request_id == id;
  });
  std::erase_if(data.harm_determinations, [&](const auto& row) {
    return row.first == organization_ && row.second.request_id == id;
  });
  std::erase_if(data.denial_reviews, [&](const auto& row) {
    return row.first == organization_ && row.second.request_id == id;
  });
  data.request_costs.erase({organization_, id});
  for (ContentId content : contents) {
    bool held = data.document_files.contains(content) ||
                std::any_of(data.packets.begin(), data.packets.end(),
                            [&](const auto& row) { return row.second.content_id == content; }) ||
                std::any_of(data.deliveries.begin(), data.deliveries.end(), [&](const auto& row) {
                  return row.second.second.content_id == content;
                });
    if (held) continue;
    std::erase_if(data.content_chunks, [&](const auto& row) { return row.first.first == content; });
    data.contents.erase(content);
  }
  data.requests.erase(id);
  PurgeRecord stored = record;
  stored.id = data.next_id++;
  data.purge_records.emplace_back(organization_, stored);
  return stored;
}

Result<std::vector<PurgeRecord>> InMemoryRetention::PurgeRecords(std::int64_t after_id, int limit) {
  if (limit < 1 || limit > 1000) return InvalidArgumentError("limit must be 1 to 1000");
  std::vector<PurgeRecord> out;
  for (const auto& [organization, record] : view_.purge_records) {
    if (organization != organization_ || record.id <= after_id) continue;
    if (static_cast<int>(out.size()) == limit) break;
    out.push_back(record);
  }
  return out;
}

}  // namespace roi::testing
