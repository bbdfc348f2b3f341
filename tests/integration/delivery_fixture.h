// A released request ready to deliver: an organization with a releaser, a patient, a request with
// its disclosure entry, and a packet PDF stored encrypted through the real ContentVault; plus a
// DeliveryService over real credentials (libsodium tokens, Argon2id codes) and the test clock.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "app/auth_service.h"
#include "app/content_vault.h"
#include "app/delivery_service.h"
#include "app/secret_box.h"
#include "crypto/content_cipher.h"
#include "crypto/credentials.h"
#include "crypto/otp.h"
#include "crypto/sodium.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"

namespace roi::testing {

inline constexpr const char* kPatientFamilyName = "Testpatient";
inline constexpr const char* kPatientGivenName = "Alpha";
inline constexpr const char* kPacketBytes =
    "%PDF-1.4\n% synthetic packet for delivery tests\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

// The test adapter of the packet port: one packet per request, stored through the real vault.
class VaultPacketSource final : public ReleasedPacketSource {
 public:
  Result<PacketRef> Latest(Transaction& tx, RequestId request) override {
    auto found = packets_.find({tx.Organization(), request});
    if (found == packets_.end()) return NotFoundError("no packet");
    return found->second;
  }
  void Put(OrganizationId organization, RequestId request, PacketRef packet) {
    packets_[{organization, request}] = std::move(packet);
  }

 private:
  std::map<std::pair<OrganizationId, RequestId>, PacketRef> packets_;
};

// One organization's released request.
struct ReleasedRequest {
  OrganizationId organization;
  Principal releaser;
  PatientId patient;
  RequestId request;
  DisclosureId disclosure;
};

class DeliveryWorld {
 public:
  explicit DeliveryWorld(Store& store) : store_(store) {
    EXPECT_TRUE(crypto::Initialize());
    Result<crypto::MasterKey> master = crypto::MasterKey::Generate();
    EXPECT_TRUE(master);
    cipher_ = std::make_unique<crypto::SodiumContentCipher>(std::move(*master),
                                                            std::vector<crypto::MasterKey>{});
    vault_ = std::make_unique<ContentVault>(*cipher_, clock_);
    links_ = std::make_unique<SecretBox>(*cipher_, *vault_);
    service_ = std::make_unique<DeliveryService>(
        store_, *vault_, packets_, hasher_, tokens_, otp_, clock_, audit_,
        DeliveryOptions{.link_days = 14,
                        .max_downloads = 3,
                        .base_url = "https://roi.example.test/",
                        .mail_from = "records@example.test",
                        .organization_name = "Example Health Records"},
        *links_);
  }

  // Creates organization `slug` with a released request (and `with_packet`, its packet).
  ReleasedRequest Release(const std::string& slug, bool with_packet = true) {
    ReleasedRequest out;
    Status made = store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Result<Organization> org = tx.Organizations().Insert(
          Organization{.name = "Org " + slug, .slug = slug, .state = "CA"});
      if (!org) return Status(org.error());
      out.organization = org->id;
      return OkStatus();
    });
    EXPECT_TRUE(made) << made.error().ToString();
    Status setup = store_.InTransaction(out.organization, TxMode::kWrite, [&](Transaction& tx) {
      Result<User> user = tx.Users().Insert(User{.email = "releaser@" + slug + ".example.test",
                                                 .display_name = "Sample Releaser",
                                                 .role = Role::kRoiSpecialist,
                                                 .password_hash = "fake$unused"});
      if (!user) return Status(user.error());
      out.releaser = Principal{.user = *user, .organization = out.organization};
      out.releaser.remote_address = "192.0.2.20";
      Result<Patient> patient =
          tx.Patients().Insert(Patient{.mrn = "MRN-" + slug,
                                       .given_name = kPatientGivenName,
                                       .family_name = kPatientFamilyName,
                                       .birth_date = *Date::FromYmd(1980, 2, 29),
                                       .email = "testpatient.alpha@example.test"});
      if (!patient) return Status(patient.error());
      out.patient = patient->id;
      Result<Requester> requester = tx.Requesters().Insert(
          Requester{.role = "attorney", .name = "Sample Law Office", .email = "law@example.test"});
      if (!requester) return Status(requester.error());
      Result<ReleaseRequest> request = tx.Requests().Insert(
          ReleaseRequest{.number = "R-2025-" + slug,
                         .patient_id = patient->id,
                         .requester_id = requester->id,
                         .requester_role = "attorney",
                         .received_on = *Date::FromYmd(2025, 1, 6),
                         .received_micros = FakeClock::kDefaultNowMicros,
                         .facts = {.basis = "authorization", .purpose = "litigation"}});
      if (!request) return Status(request.error());
      out.request = request->id;
      // What the release step writes (app/disclosure_log.h) in the release's transaction.
      Result<DisclosureEntry> disclosure =
          tx.Disclosures().Insert(DisclosureEntry{.patient_id = patient->id,
                                                  .request_id = request->id,
                                                  .disclosed_on = *Date::FromYmd(2025, 2, 1),
                                                  .recipient_name = "Sample Law Office",
                                                  .description = "Records in scope",
                                                  .purpose = "litigation",
                                                  .released_by = user->id,
                                                  .means = DisclosureMeans::kSecureEmail,
                                                  .basis = DisclosureBasis::kAuthorization});
      if (!disclosure) return Status(disclosure.error());
      out.disclosure = disclosure->id;
      if (!with_packet) return OkStatus();
      Result<ContentRecord> stored = vault_->Put(tx, kPacketBytes, "application/pdf");
      if (!stored) return Status(stored.error());
      packets_.Put(out.organization, out.request,
                   PacketRef{.content = stored->id,
                             .digest = stored->digest,
                             .page_count = 1,
                             .file_name = "R-2025-" + slug + "-packet.pdf"});
      return OkStatus();
    });
    EXPECT_TRUE(setup) << setup.error().ToString();
    return out;
  }

  // The token of a download link's URL (what follows "/d/").
  static std::string TokenOf(const std::string& url) {
    std::size_t at = url.find("/d/");
    return at == std::string::npos ? std::string() : url.substr(at + 3);
  }

  Store& store_;
  FakeClock clock_;
  FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  crypto::SodiumPasswordHasher hasher_;
  crypto::SodiumTokenSource tokens_;
  crypto::OpenSslOtpPrimitives otp_;
  std::unique_ptr<crypto::SodiumContentCipher> cipher_;
  std::unique_ptr<ContentVault> vault_;
  std::unique_ptr<SecretBox> links_;
  VaultPacketSource packets_;
  std::unique_ptr<DeliveryService> service_;
};

}  // namespace roi::testing
