// DeliveryService on the in-memory store with real credentials: links serve the packet with the
// access code and refuse when expired, used up, revoked, locked, unknown or of another
// organization; the token and the code are never stored; mail and fax are tracked; email links
// are sent by the job queue and retried when the mail server is down.  The SQLite test reads the
// stored row and the database file for the token and the code.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/job_runner.h"
#include "delivery_fixture.h"
#include "storage/sqlite/sqlite_store.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

using testing::DeliveryWorld;
using testing::ReleasedRequest;

// A Mailer that keeps what it is given, or fails as told.
class RecordingMailer final : public Mailer {
 public:
  Status Send(const MailMessage& message) override {
    if (fail_with) return *fail_with;
    sent.push_back(message);
    return OkStatus();
  }
  std::vector<MailMessage> sent;
  std::optional<Error> fail_with;
};

class DeliveryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    a_ = world_.Release("alpha");
  }

  NewDelivery Link() const {
    return NewDelivery{.medium = DeliveryMedium::kDownloadLink, .recipient = "Sample Law Office"};
  }

  Result<DownloadedPacket> Download(const std::string& token, const std::string& code) {
    return service().Download(
        {.token = token, .access_code = code, .remote_address = "198.51.100.7"});
  }

  std::vector<DeliveryEvent> Events(const ReleasedRequest& r, DeliveryId id) {
    std::vector<DeliveryEvent> out;
    EXPECT_TRUE(store_.InTransaction(r.organization, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<DeliveryEvent>> events = tx.Deliveries().Events(id);
      if (!events) return Status(events.error());
      out = *events;
      return OkStatus();
    }));
    return out;
  }

  std::vector<AuditEvent> Audit(const ReleasedRequest& r, AuditAction action) {
    std::vector<AuditEvent> out;
    EXPECT_TRUE(store_.InTransaction(r.organization, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<AuditEvent>> events =
          tx.Audit().Query(AuditQuery{.action = action, .limit = 1000});
      if (!events) return Status(events.error());
      out = *events;
      return OkStatus();
    }));
    return out;
  }

  DeliveryService& service() { return *world_.service_; }

  testing::InMemoryStore store_;
  DeliveryWorld world_{store_};
  ReleasedRequest a_;
};

TEST_F(DeliveryServiceTest, ALinkServesThePacketWithItsAccessCodeAndRecordsTheDownload) {
  Result<IssuedDelivery> issued = service().Create(a_.releaser, a_.request, Link());
  ASSERT_TRUE(issued) << issued.error().ToString();
  EXPECT_EQ(issued->delivery.disclosure_id, a_.disclosure);
  EXPECT_EQ(issued->delivery.status, DeliveryStatus::kSent);
  ASSERT_EQ(issued->access_code.size(), 8u);
  EXPECT_EQ(issued->access_code.find_first_not_of("0123456789"), std::string::npos);
  ASSERT_EQ(issued->link.rfind("https://roi.example.test/d/", 0), 0u) << issued->link;
  std::string token = DeliveryWorld::TokenOf(issued->link);
  EXPECT_EQ(token.rfind(std::to_string(a_.organization.value) + ".", 0), 0u);
  EXPECT_GE(token.size(), 2 + 43u);  // "<org>." and 32 random bytes in base64url.

  Result<DownloadedPacket> packet = Download(token, issued->access_code);
  ASSERT_TRUE(packet) << packet.error().ToString();
  EXPECT_EQ(packet->bytes, testing::kPacketBytes);
  EXPECT_EQ(packet->file_name, "R-2025-alpha-packet.pdf");
  EXPECT_EQ(packet->downloads_left, 2);

  std::vector<DeliveryEvent> events = Events(a_, issued->delivery.id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, "created");
  EXPECT_EQ(events[0].actor, a_.releaser.user.id);
  EXPECT_EQ(events[1].kind, "download");
  EXPECT_EQ(events[1].actor_label, "link " + std::to_string(issued->delivery.id.value));
  EXPECT_EQ(events[1].remote_address, "198.51.100.7");

  std::vector<AuditEvent> downloads = Audit(a_, AuditAction::kDownload);
  ASSERT_EQ(downloads.size(), 1u);
  EXPECT_EQ(downloads[0].actor_label, "link " + std::to_string(issued->delivery.id.value));
  EXPECT_EQ(downloads[0].patient_id, a_.patient);
  EXPECT_EQ(downloads[0].remote_address, "198.51.100.7");
  EXPECT_EQ(downloads[0].outcome, AuditOutcome::kSuccess);
  EXPECT_EQ(Audit(a_, AuditAction::kCreate).size(), 1u);
}

TEST_F(DeliveryServiceTest, AnExpiredLinkIsRefused) {
  Result<IssuedDelivery> issued = service().Create(a_.releaser, a_.request, Link());
  ASSERT_TRUE(issued);
  world_.clock_.AdvanceDays(14);
  Result<DownloadedPacket> late =
      Download(DeliveryWorld::TokenOf(issued->link), issued->access_code);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(late.error().message, kDeadLinkMessage);
  std::vector<DeliveryEvent> events = Events(a_, issued->delivery.id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind, "refused");
  EXPECT_EQ(events[1].detail, "link expired");
  std::vector<AuditEvent> refused = Audit(a_, AuditAction::kDownload);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].outcome, AuditOutcome::kDenied);
}

TEST_F(DeliveryServiceTest, AUsedUpLinkIsRefused) {
  Result<IssuedDelivery> issued = service().Create(a_.releaser, a_.request, Link());
  ASSERT_TRUE(issued);
  std::string token = DeliveryWorld::TokenOf(issued->link);
  for (int i = 0; i < 3; ++i) {
    Result<DownloadedPacket> packet = Download(token, issued->access_code);
    ASSERT_TRUE(packet) << i << ": " << packet.error().ToString();
  }
  Result<DownloadedPacket> fourth = Download(token, issued->access_code);
  ASSERT_FALSE(fourth);
  EXPECT_EQ(fourth.error().message, kDeadLinkMessage);
  EXPECT_EQ(Events(a_, issued->delivery.id).back().detail, "download limit reached");
}

TEST_F(DeliveryServiceTest, ARevokedLinkIsRefusedAndOnlyLinksRevoke) {
  Result<IssuedDelivery> issued = service().Create(a_.releaser, a_.request, Link());
  ASSERT_TRUE(issued);
  Result<DeliveryRecord> revoked = service().Revoke(a_.releaser, a_.request, issued->delivery.id);
  ASSERT_TRUE(revoked) << revoked.error().ToString();
  EXPECT_EQ(revoked->delivery.status, DeliveryStatus::kRevoked);
  EXPECT_EQ(revoked->events.back().kind, "revoked");
  Result<DownloadedPacket> after =
      Download(DeliveryWorld::TokenOf(issued->link), issued->access_code);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().message, kDeadLinkMessage);
  // Again: harmless.
  EXPECT_TRUE(service().Revoke(a_.releaser, a_.request, issued->delivery.id));
  Result<IssuedDelivery> mail = service().Create(a_.releaser, a_.request,
                                                 {.medium = DeliveryMedium::kMail,
                                                  .recipient = "Sample Law Office",
                                                  .address = "1 Example St"});
  ASSERT_TRUE(mail);
  EXPECT_EQ(service().Revoke(a_.releaser, a_.request, mail->delivery.id).error().code,
            ErrorCode::kFailedPrecondition);
}

TEST_F(DeliveryServiceTest, FiveWrongAccessCodesLockTheLink) {
  Result<IssuedDelivery> issued = service().Create(a_.releaser, a_.request, Link());
  ASSERT_TRUE(issued);
  std::string token = DeliveryWorld::TokenOf(issued->link);
  std::string wrong = issued->access_code == "00000000" ? "11111111" : "00000000";
  for (int i = 1; i < kMaxFailedAccessCodes; ++i) {
    Result<DownloadedPacket> bad = Download(token, wrong);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kPermissionDenied);
    EXPECT_NE(bad.error().message.find("access code is not right"), std::string::npos);
    EXPECT_NE(bad.error().message.find(std::to_string(kMaxFailedAccessCodes - i) + " tries left"),
              std::string::npos)
        << bad.error().message;
  }
  Result<DownloadedPacket> fifth = Download(token, wrong);
  ASSERT_FALSE(fifth);
  EXPECT_EQ(fifth.error().message, kDeadLinkMessage);
  // Locked: even the right code is refused now.
  Result<DownloadedPacket> right = Download(token, issued->access_code);
  ASSERT_FALSE(right);
  EXPECT_EQ(right.error().message, kDeadLinkMessage);
  std::vector<DeliveryEvent> events = Events(a_, issued->delivery.id);
  int locked = 0;
  for (const DeliveryEvent& e : events) locked += e.kind == "locked" ? 1 : 0;
  EXPECT_EQ(locked, 1);
  EXPECT_EQ(events.back().detail, "link locked");
}

TEST_F(DeliveryServiceTest, UnknownAndMalformedTokensGetTheSameRefusal) {
  for (const std::string& token :
       {std::string("no-dot"), std::string("0.abc"), std::to_string(a_.organization.value) + ".x",
        std::string("999999.abcdef"), std::string("")}) {
    Result<DownloadedPacket> refused = Download(token, "12345678");
    ASSERT_FALSE(refused) << token;
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied) << token;
    EXPECT_EQ(refused.error().message, kDeadLinkMessage) << token;
  }
}

TEST_F(DeliveryServiceTest, AnotherOrganizationCannotReachTheRequestOrTheLink) {
  ReleasedRequest b = world_.Release("beta");
  Result<IssuedDelivery> issued = service().Create(a_.releaser, a_.request, Link());
  ASSERT_TRUE(issued);
  // B's staff name A's request: not found, for every staff call.
  EXPECT_EQ(service().Create(b.releaser, a_.request, Link()).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service().List(b.releaser, a_.request).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service().Revoke(b.releaser, a_.request, issued->delivery.id).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(service().Revoke(b.releaser, b.request, issued->delivery.id).error().code,
            ErrorCode::kNotFound);
  // A's token re-labelled with B's organization: unknown there.
  std::string token = DeliveryWorld::TokenOf(issued->link);
  std::string moved = std::to_string(b.organization.value) + token.substr(token.find('.'));
  Result<DownloadedPacket> refused = Download(moved, issued->access_code);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, kDeadLinkMessage);
  EXPECT_TRUE(Download(token, issued->access_code));
}

TEST_F(DeliveryServiceTest, NeedsAReleaseAPacketAndThePermission) {
  ReleasedRequest unpacked = world_.Release("gamma", /*with_packet=*/false);
  Result<IssuedDelivery> no_packet = service().Create(unpacked.releaser, unpacked.request, Link());
  ASSERT_FALSE(no_packet);
  EXPECT_EQ(no_packet.error().code, ErrorCode::kFailedPrecondition);
  // Mail needs no packet in the vault (it was printed), only the release.
  EXPECT_TRUE(
      service().Create(unpacked.releaser, unpacked.request,
                       {.medium = DeliveryMedium::kPickup, .recipient = "Testpatient Alpha"}));
  Principal clerk = a_.releaser;
  clerk.user.role = Role::kBilling;
  EXPECT_EQ(service().Create(clerk, a_.request, Link()).error().code, ErrorCode::kPermissionDenied);
  Result<IssuedDelivery> no_address = service().Create(
      a_.releaser, a_.request, {.medium = DeliveryMedium::kFax, .recipient = "Clinic"});
  ASSERT_FALSE(no_address);
  EXPECT_EQ(no_address.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(DeliveryServiceTest, MailAndFaxAreTrackedAndListed) {
  Result<IssuedDelivery> mail = service().Create(a_.releaser, a_.request,
                                                 {.medium = DeliveryMedium::kMail,
                                                  .recipient = "Sample Law Office",
                                                  .address = "1 Example Street, Example City"});
  ASSERT_TRUE(mail) << mail.error().ToString();
  EXPECT_TRUE(mail->access_code.empty());
  EXPECT_TRUE(mail->link.empty());
  EXPECT_EQ(mail->delivery.status, DeliveryStatus::kPending);
  Result<DeliveryRecord> sent = service().Track(
      a_.releaser, a_.request, mail->delivery.id,
      {.kind = "sent", .tracking_number = "9400-0000-0000-0001", .detail = "certified mail"});
  ASSERT_TRUE(sent) << sent.error().ToString();
  EXPECT_EQ(sent->delivery.status, DeliveryStatus::kSent);
  EXPECT_EQ(sent->delivery.tracking_number, "9400-0000-0000-0001");
  ASSERT_TRUE(service().Track(a_.releaser, a_.request, mail->delivery.id,
                              {.kind = "delivered", .detail = "signed for"}));
  EXPECT_EQ(service()
                .Track(a_.releaser, a_.request, mail->delivery.id, {.kind = "teleported"})
                .error()
                .code,
            ErrorCode::kInvalidArgument);
  Result<IssuedDelivery> fax = service().Create(
      a_.releaser, a_.request,
      {.medium = DeliveryMedium::kFax, .recipient = "Example Clinic", .address = "+1 555 0100"});
  ASSERT_TRUE(fax);
  Result<std::vector<DeliveryRecord>> listed = service().List(a_.releaser, a_.request);
  ASSERT_TRUE(listed) << listed.error().ToString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].delivery.status, DeliveryStatus::kDelivered);
  ASSERT_EQ((*listed)[0].events.size(), 3u);
  EXPECT_EQ((*listed)[0].events[1].tracking_number, "9400-0000-0000-0001");
  EXPECT_EQ((*listed)[1].delivery.medium, DeliveryMedium::kFax);
  EXPECT_EQ((*listed)[1].delivery.disclosure_id, a_.disclosure);
}

TEST_F(DeliveryServiceTest, AnEmailLinkIsSentByTheJobQueueWithoutTheCodeOrPhi) {
  Result<IssuedDelivery> issued = service().Create(a_.releaser, a_.request,
                                                   {.medium = DeliveryMedium::kEmailLink,
                                                    .recipient = "Sample Law Office",
                                                    .address = "law@example.test"});
  ASSERT_TRUE(issued) << issued.error().ToString();
  EXPECT_EQ(issued->delivery.status, DeliveryStatus::kPending);
  EXPECT_TRUE(issued->link.empty());  // The link exists only in the email.
  EXPECT_TRUE(issued->delivery.token_digest.empty());

  RecordingMailer mailer;
  JobRunner runner(store_, world_.clock_, {.owner = "test-runner"});
  service().RegisterJobs(runner, mailer);
  // The mail server is down: the job is retried later and nothing changes.
  mailer.fail_with = UnavailableError("smtp: cannot connect");
  Result<JobRunReport> first = runner.RunOnce();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->retried, 1);
  Result<std::vector<DeliveryRecord>> pending = service().List(a_.releaser, a_.request);
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->front().delivery.status, DeliveryStatus::kPending);
  // It comes back: the retry sends.
  mailer.fail_with.reset();
  world_.clock_.AdvanceMicros(3'600'000'000);
  Result<JobRunReport> second = runner.RunOnce();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->done, 1);
  ASSERT_EQ(mailer.sent.size(), 1u);
  const MailMessage& message = mailer.sent[0];
  EXPECT_EQ(message.to, std::vector<std::string>{"law@example.test"});
  EXPECT_EQ(message.from, "records@example.test");
  EXPECT_EQ(message.body.find(issued->access_code), std::string::npos);
  EXPECT_EQ(message.body.find(testing::kPatientFamilyName), std::string::npos);
  EXPECT_EQ(message.subject.find(testing::kPatientFamilyName), std::string::npos);
  std::size_t at = message.body.find("https://roi.example.test/d/");
  ASSERT_NE(at, std::string::npos) << message.body;
  std::string token =
      DeliveryWorld::TokenOf(message.body.substr(at, message.body.find('\n', at) - at));
  Result<DownloadedPacket> packet = Download(token, issued->access_code);
  ASSERT_TRUE(packet) << packet.error().ToString();
  EXPECT_EQ(packet->bytes, testing::kPacketBytes);
  Result<std::vector<DeliveryRecord>> listed = service().List(a_.releaser, a_.request);
  ASSERT_TRUE(listed);
  std::vector<std::string> kinds;
  for (const DeliveryEvent& e : listed->front().events) kinds.push_back(e.kind);
  // Each attempt records its start; only the accepted one is recorded as sent.
  EXPECT_EQ(kinds, (std::vector<std::string>{"created", "email_sending", "email_sending",
                                             "email_sent", "download"}));
}

TEST_F(DeliveryServiceTest, ARevokedEmailLinkIsNeverSent) {
  Result<IssuedDelivery> issued = service().Create(a_.releaser, a_.request,
                                                   {.medium = DeliveryMedium::kEmailLink,
                                                    .recipient = "Sample Law Office",
                                                    .address = "law@example.test"});
  ASSERT_TRUE(issued);
  ASSERT_TRUE(service().Revoke(a_.releaser, a_.request, issued->delivery.id));
  RecordingMailer mailer;
  JobRunner runner(store_, world_.clock_, {.owner = "test-runner"});
  service().RegisterJobs(runner, mailer);
  Result<JobRunReport> report = runner.RunOnce();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->done, 1);
  EXPECT_TRUE(mailer.sent.empty());
}

// The token and the access code never reach the database: the row holds digests, and neither
// secret appears anywhere in the SQLite file.
TEST(DeliverySqliteTest, TheTokenAndTheCodeAreNeverStored) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "delivery-sqlite";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string path = (dir / "roi.db").string();
  Result<std::unique_ptr<Store>> store = sqlite::OpenStore({.path = path, .pool_size = 1});
  ASSERT_TRUE(store) << store.error().ToString();
  ASSERT_TRUE((*store)->Migrate());
  DeliveryWorld world(**store);
  ReleasedRequest a = world.Release("alpha");
  Result<IssuedDelivery> issued = world.service_->Create(
      a.releaser, a.request,
      {.medium = DeliveryMedium::kDownloadLink, .recipient = "Sample Law Office"});
  ASSERT_TRUE(issued) << issued.error().ToString();
  std::string token = DeliveryWorld::TokenOf(issued->link);
  std::string random = token.substr(token.find('.') + 1);
  Result<Delivery> row = Result<Delivery>(NotFoundError("unread"));
  ASSERT_TRUE((*store)->InTransaction(a.organization, TxMode::kRead, [&](Transaction& tx) {
    row = tx.Deliveries().Find(issued->delivery.id);
    return row ? OkStatus() : Status(row.error());
  }));
  EXPECT_EQ(row->token_digest, world.tokens_.Digest(token));
  EXPECT_EQ(row->token_digest.find(random), std::string::npos);
  EXPECT_EQ(row->code_hash.find(issued->access_code), std::string::npos);
  EXPECT_EQ(row->code_hash.rfind("$argon2id$", 0), 0u) << row->code_hash;
  EXPECT_TRUE(world.hasher_.Verify(issued->access_code, row->code_hash));
  store->reset();  // Close, so every page is in the file.
  std::string bytes;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream all;
    all << in.rdbuf();
    bytes += all.str();
  }
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(bytes.find(random), std::string::npos);
  EXPECT_EQ(bytes.find(token), std::string::npos);
  EXPECT_EQ(bytes.find(issued->access_code), std::string::npos);
  EXPECT_NE(bytes.find(row->token_digest), std::string::npos);  // The digest is what is there.
}

}  // namespace
}  // namespace roi
