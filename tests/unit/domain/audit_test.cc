#include "domain/audit.h"

#include <gtest/gtest.h>

#include <string>

namespace roi {
namespace {

AuditEvent Sample() {
  return AuditEvent{.organization_id = OrganizationId(1),
                    .sequence = 2,
                    .occurred_micros = 3,
                    .actor_id = UserId(4),
                    .actor_label = "Sam",
                    .action = AuditAction::kLogin,
                    .patient_id = PatientId(5),
                    .entity_kind = "user",
                    .entity_id = "4",
                    .outcome = AuditOutcome::kDenied,
                    .remote_address = "192.0.2.1",
                    .detail = "d",
                    .prev_hash = std::string(kAuditGenesisHash),
                    .hash = std::string(64, 'f')};
}

TEST(AuditTest, ActionAndOutcomeNamesRoundTrip) {
  for (AuditAction action : kAllAuditActions) {
    Result<AuditAction> parsed = ParseAuditAction(AuditActionName(action));
    ASSERT_TRUE(parsed) << AuditActionName(action);
    EXPECT_EQ(*parsed, action);
  }
  EXPECT_EQ(AuditActionName(AuditAction::kPermissionChange), "permission_change");
  EXPECT_EQ(AuditActionName(AuditAction::kLoginFailed), "login_failed");
  EXPECT_FALSE(ParseAuditAction("LOGIN"));
  for (AuditOutcome outcome :
       {AuditOutcome::kSuccess, AuditOutcome::kDenied, AuditOutcome::kFailed}) {
    EXPECT_EQ(*ParseAuditOutcome(AuditOutcomeName(outcome)), outcome);
  }
  EXPECT_FALSE(ParseAuditOutcome("ok"));
}

TEST(AuditTest, CanonicalBytesAreLengthPrefixedBigEndianAndVersioned) {
  std::string bytes = CanonicalAuditBytes(Sample());
  std::string expected = std::string("openroi-audit-event") + '\x01';
  auto put_int = [&](std::int64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8)
      expected.push_back(static_cast<char>((v >> shift) & 0xFF));
  };
  auto put_text = [&](const std::string& t) {
    expected.append({0, 0, 0, static_cast<char>(t.size())});
    expected.append(t);
  };
  put_int(1);
  put_int(2);
  put_int(3);
  put_int(4);
  put_text("Sam");
  put_text("login");
  put_int(5);
  put_text("user");
  put_text("4");
  put_text("denied");
  put_text("192.0.2.1");
  put_text("d");
  EXPECT_EQ(bytes, expected);
}

TEST(AuditTest, EveryFieldChangesTheCanonicalBytesButNotTheHashes) {
  const std::string base = CanonicalAuditBytes(Sample());
  std::vector<AuditEvent> changed(12, Sample());
  changed[0].organization_id = OrganizationId(9);
  changed[1].sequence = 9;
  changed[2].occurred_micros = 9;
  changed[3].actor_id = UserId(9);
  changed[4].actor_label = "Sa";
  changed[5].action = AuditAction::kLogout;
  changed[6].patient_id = PatientId(9);
  changed[7].entity_kind = "use";
  changed[8].entity_id = "";
  changed[9].outcome = AuditOutcome::kSuccess;
  changed[10].remote_address = "192.0.2.2";
  changed[11].detail = "e";
  for (const AuditEvent& event : changed) EXPECT_NE(CanonicalAuditBytes(event), base);
  // Moving a byte from one field to the next changes the bytes (length prefixes).
  AuditEvent shifted = Sample();
  shifted.entity_kind = "use";
  shifted.entity_id = "r4";
  EXPECT_NE(CanonicalAuditBytes(shifted), base);
  AuditEvent rehashed = Sample();
  rehashed.hash = std::string(64, '0');
  EXPECT_EQ(CanonicalAuditBytes(rehashed), base);
}

TEST(AuditTest, ValidationNamesTheBadField) {
  EXPECT_TRUE(ValidateAuditEvent(Sample()));
  AuditEvent event = Sample();
  event.sequence = 0;
  EXPECT_NE(ValidateAuditEvent(event).error().message.find("sequence"), std::string::npos);
  event = Sample();
  event.detail = std::string(kMaxAuditDetailBytes + 1, 'x');
  EXPECT_NE(ValidateAuditEvent(event).error().message.find("detail"), std::string::npos);
  event = Sample();
  event.actor_label = "line\nbreak";
  EXPECT_NE(ValidateAuditEvent(event).error().message.find("control"), std::string::npos);
  event = Sample();
  event.hash = std::string(64, 'F');
  EXPECT_NE(ValidateAuditEvent(event).error().message.find("hash"), std::string::npos);
  event = Sample();
  event.prev_hash = "abc";
  EXPECT_NE(ValidateAuditEvent(event).error().message.find("prev_hash"), std::string::npos);
}

TEST(AuditTest, HexRoundTripsAndRejectsBadDigits) {
  std::string bytes("\x00\x01\xab\xff", 4);
  EXPECT_EQ(HexEncode(bytes), "0001abff");
  EXPECT_EQ(*HexDecode("0001ABff"), bytes);
  EXPECT_FALSE(HexDecode("abc"));
  EXPECT_FALSE(HexDecode("zz"));
}

TEST(AuditTest, SealBytesCoverOrganizationSequenceTimeAndHead) {
  AuditSeal seal{.organization_id = OrganizationId(1),
                 .sequence = 2,
                 .head_hash = std::string(64, 'a'),
                 .sealed_micros = 3,
                 .public_key = "k",
                 .signature = "s"};
  std::string base = CanonicalSealBytes(seal);
  EXPECT_EQ(base.size(), std::string("openroi-audit-seal").size() + 1 + 24 + 32);
  AuditSeal other = seal;
  other.sequence = 3;
  EXPECT_NE(CanonicalSealBytes(other), base);
  other = seal;
  other.head_hash = std::string(64, 'b');
  EXPECT_NE(CanonicalSealBytes(other), base);
  other = seal;
  other.signature = "t";
  EXPECT_EQ(CanonicalSealBytes(other), base);
}

}  // namespace
}  // namespace roi
