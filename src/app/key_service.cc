#include "app/key_service.h"

#include <algorithm>
#include <string>
#include <vector>

namespace roi {
namespace {

Result<std::vector<Organization>> AllOrganizations(Store& store) {
  std::vector<Organization> organizations;
  Status listed = store.InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) -> Status {
    Result<std::vector<Organization>> all = tx.Organizations().List();
    if (!all) return all.error();
    organizations = std::move(*all);
    return OkStatus();
  });
  if (!listed) return listed.error();
  return organizations;
}

}  // namespace

Status KeyService::CheckMasterKey() {
  Result<std::vector<Organization>> organizations = AllOrganizations(store_);
  if (!organizations) return organizations.error();
  for (const Organization& organization : *organizations) {
    Status checked = store_.InTransaction(organization.id, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<DataKeyRecord>> keys = tx.DataKeys().List();
      if (!keys) return Status(keys.error());
      for (const DataKeyRecord& key : *keys) {
        if (!cipher_.Accepts(key.master_key_id)) {
          return Status(MasterKeyMismatch(key.master_key_id, cipher_.MasterKeyId()));
        }
      }
      return OkStatus();
    });
    if (!checked) return checked;
  }
  return OkStatus();
}

Result<MasterRotationReport> KeyService::RotateMaster(const AuditTrail& audit,
                                                      std::string_view actor_label) {
  Result<std::vector<Organization>> organizations = AllOrganizations(store_);
  if (!organizations) return organizations.error();
  MasterRotationReport report;
  for (const Organization& organization : *organizations) {
    int rewrapped = 0;
    int unchanged = 0;
    Status rotated = store_.InTransaction(organization.id, TxMode::kWrite, [&](Transaction& tx) {
      Result<std::vector<DataKeyRecord>> keys = tx.DataKeys().List();
      if (!keys) return Status(keys.error());
      for (const DataKeyRecord& key : *keys) {
        if (key.master_key_id == cipher_.MasterKeyId()) {
          ++unchanged;
          continue;
        }
        Result<WrappedDataKey> fresh = cipher_.Rewrap({.organization = organization.id,
                                                       .version = key.version,
                                                       .wrapped_key = key.wrapped_key,
                                                       .master_key_id = key.master_key_id});
        if (!fresh) return Status(fresh.error());
        Status stored = tx.DataKeys().Rewrap(key.version, fresh->wrapped_key, fresh->master_key_id);
        if (!stored) return stored;
        ++rewrapped;
      }
      if (rewrapped == 0) return OkStatus();
      Result<AuditEvent> audited =
          audit.Record(tx, AuditEntry{.actor_label = std::string(actor_label),
                                      .action = AuditAction::kUpdate,
                                      .entity_kind = "master_key",
                                      .entity_id = cipher_.MasterKeyId(),
                                      .outcome = AuditOutcome::kSuccess,
                                      .detail = "master key rotated: " + std::to_string(rewrapped) +
                                                " data key(s) rewrapped under master key " +
                                                cipher_.MasterKeyId()});
      if (!audited) return Status(audited.error());
      return OkStatus();
    });
    if (!rotated) return rotated.error();
    ++report.organizations;
    report.rewrapped += rewrapped;
    report.unchanged += unchanged;
  }
  return report;
}

Result<int> KeyService::RotateData(OrganizationId organization, const AuditTrail& audit,
                                   std::string_view actor_label) {
  int version = 0;
  Status rotated = store_.InTransaction(organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<std::vector<DataKeyRecord>> keys = tx.DataKeys().List();
    if (!keys) return Status(keys.error());
    int highest = 0;
    for (const DataKeyRecord& key : *keys) highest = std::max(highest, key.version);
    Result<WrappedDataKey> created = cipher_.NewDataKey(organization, highest + 1);
    if (!created) return Status(created.error());
    for (const DataKeyRecord& key : *keys) {
      if (key.state == DataKeyState::kRetired) continue;
      if (Status retired = tx.DataKeys().SetState(key.version, DataKeyState::kRetired); !retired) {
        return retired;
      }
    }
    version = created->version;
    if (Status inserted = tx.DataKeys().Insert({.version = created->version,
                                                .wrapped_key = created->wrapped_key,
                                                .master_key_id = created->master_key_id,
                                                .created_micros = clock_.NowMicros(),
                                                .state = DataKeyState::kActive});
        !inserted) {
      return inserted;
    }
    Result<AuditEvent> audited = audit.Record(
        tx, AuditEntry{.actor_label = std::string(actor_label),
                       .action = AuditAction::kCreate,
                       .entity_kind = "data_key",
                       .entity_id = std::to_string(version),
                       .outcome = AuditOutcome::kSuccess,
                       .detail = "data key rotated: new content uses version " +
                                 std::to_string(version) + "; older versions retired"});
    if (!audited) return Status(audited.error());
    return OkStatus();
  });
  if (!rotated) return rotated.error();
  return version;
}

Result<std::int64_t> KeyService::ReencryptBatch(OrganizationId organization, int batch) {
  if (batch < 1 || batch > 1000) return InvalidArgumentError("batch must be 1..1000");
  std::int64_t moved = 0;
  Status done = store_.InTransaction(organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<WrappedDataKey> active = vault_.ActiveKey(tx);
    if (!active) return Status(active.error());
    Result<std::vector<ContentId>> ids =
        tx.Contents().ListBelowKeyVersion(active->version, ContentId(), batch);
    if (!ids) return Status(ids.error());
    for (ContentId id : *ids) {
      Result<bool> reencrypted = vault_.Reencrypt(tx, id);
      if (!reencrypted) return Status(reencrypted.error());
      if (*reencrypted) ++moved;
    }
    return OkStatus();
  });
  if (!done) return done.error();
  return moved;
}

}  // namespace roi
