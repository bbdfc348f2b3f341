// Contract of DocumentFileRepository: files found by content id and digest, unique per
// organization, attached to documents, and never visible from another organization.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

const std::string kDigest(64, 'a');
const std::string kOtherDigest(64, 'b');

template <typename Factory>
class DocumentFileContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    for (OrganizationId org : {this->org_a_, this->org_b_}) {
      Result<Patient> patient =
          InsertPatient(this->Db(), org, MakePatient("MRN-D", "Testpatient Alpha"));
      ASSERT_TRUE(patient) << patient.error().ToString();
      (org == this->org_a_ ? patient_a_ : patient_b_) = patient->id;
    }
  }
  template <typename Fn>
  auto Write(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kRead, fn);
  }
  // Stores a data key (once) and an empty content item, returning its id.
  Result<ContentId> NewContent(OrganizationId organization) {
    return Write(organization, [&](Transaction& tx) -> Result<ContentId> {
      if (Result<DataKeyRecord> key = tx.DataKeys().Find(1); !key) {
        Status inserted =
            tx.DataKeys().Insert({.version = 1, .wrapped_key = "wrapped", .master_key_id = "mk-1"});
        if (!inserted) return inserted.error();
      }
      return tx.Contents().Create({.media_type = "application/pdf", .data_key_version = 1});
    });
  }
  Result<Document> NewDocument(OrganizationId organization, PatientId patient) {
    return Write(organization, [&](Transaction& tx) {
      return tx.Documents().Insert({.patient_id = patient, .kind = "progress_note", .pages = 3});
    });
  }
  DocumentFile MakeFile(ContentId content, const std::string& digest = kDigest) {
    return DocumentFile{.content_id = content,
                        .digest = digest,
                        .media_type = "application/pdf",
                        .size = 12345,
                        .pages = 3,
                        .created_micros = 1'700'000'000'000'000};
  }
  PatientId patient_a_;
  PatientId patient_b_;
};
TYPED_TEST_SUITE(DocumentFileContractTest, Implementations, ImplementationNames);

TYPED_TEST(DocumentFileContractTest, FileRoundTripsByIdAndDigest) {
  Result<ContentId> content = this->NewContent(this->org_a_);
  ASSERT_TRUE(content) << content.error().ToString();
  DocumentFile file = this->MakeFile(*content);
  ASSERT_TRUE(
      this->Write(this->org_a_, [&](Transaction& tx) { return tx.DocumentFiles().Insert(file); }));
  Result<DocumentFile> by_id =
      this->Read(this->org_a_, [&](Transaction& tx) { return tx.DocumentFiles().Find(*content); });
  ASSERT_TRUE(by_id) << by_id.error().ToString();
  EXPECT_EQ(*by_id, file);
  Result<DocumentFile> by_digest = this->Read(
      this->org_a_, [&](Transaction& tx) { return tx.DocumentFiles().FindByDigest(kDigest); });
  ASSERT_TRUE(by_digest) << by_digest.error().ToString();
  EXPECT_EQ(*by_digest, file);
  EXPECT_EQ(CodeOf(this->Read(
                this->org_a_,
                [&](Transaction& tx) { return tx.DocumentFiles().FindByDigest(kOtherDigest); })),
            ErrorCode::kNotFound);
}

TYPED_TEST(DocumentFileContractTest, DigestIsUniquePerOrganizationOnly) {
  Result<ContentId> first = this->NewContent(this->org_a_);
  Result<ContentId> second = this->NewContent(this->org_a_);
  Result<ContentId> theirs = this->NewContent(this->org_b_);
  ASSERT_TRUE(first && second && theirs);
  ASSERT_TRUE(this->Write(this->org_a_, [&](Transaction& tx) {
    return tx.DocumentFiles().Insert(this->MakeFile(*first));
  }));
  // The same digest again in the same organization conflicts, without spoiling the transaction.
  Status again = this->Write(this->org_a_, [&](Transaction& tx) -> Status {
    Status dup = tx.DocumentFiles().Insert(this->MakeFile(*second));
    if (dup || dup.error().code != ErrorCode::kAlreadyExists) {
      return InternalError("expected AlreadyExists");
    }
    Status same_content = tx.DocumentFiles().Insert(this->MakeFile(*first, kOtherDigest));
    if (same_content || same_content.error().code != ErrorCode::kAlreadyExists) {
      return InternalError("expected AlreadyExists for the same content");
    }
    return tx.DocumentFiles().Insert(this->MakeFile(*second, kOtherDigest));
  });
  EXPECT_TRUE(again) << again.error().ToString();
  // Another organization may hold the same bytes (its own content, its own key).
  EXPECT_TRUE(this->Write(this->org_b_, [&](Transaction& tx) {
    return tx.DocumentFiles().Insert(this->MakeFile(*theirs));
  }));
}

TYPED_TEST(DocumentFileContractTest, InsertChecksContentAndFields) {
  Result<ContentId> content = this->NewContent(this->org_a_);
  Result<ContentId> theirs = this->NewContent(this->org_b_);
  ASSERT_TRUE(content && theirs);
  EXPECT_EQ(CodeOf(this->Write(this->org_a_,
                               [&](Transaction& tx) {
                                 return tx.DocumentFiles().Insert(this->MakeFile(*theirs));
                               })),
            ErrorCode::kNotFound);
  DocumentFile bad = this->MakeFile(*content, "NOT-HEX");
  EXPECT_EQ(CodeOf(this->Write(this->org_a_,
                               [&](Transaction& tx) { return tx.DocumentFiles().Insert(bad); })),
            ErrorCode::kInvalidArgument);
  DocumentFile negative = this->MakeFile(*content);
  negative.pages = -1;
  EXPECT_EQ(
      CodeOf(this->Write(this->org_a_,
                         [&](Transaction& tx) { return tx.DocumentFiles().Insert(negative); })),
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Read(this->org_a_,
                              [&](Transaction& tx) {
                                return tx.DocumentFiles().Insert(this->MakeFile(*content));
                              })),
            ErrorCode::kFailedPrecondition);
}

TYPED_TEST(DocumentFileContractTest, DocumentsShareAFile) {
  Result<ContentId> content = this->NewContent(this->org_a_);
  ASSERT_TRUE(content);
  ASSERT_TRUE(this->Write(this->org_a_, [&](Transaction& tx) {
    return tx.DocumentFiles().Insert(this->MakeFile(*content));
  }));
  Result<Document> one = this->NewDocument(this->org_a_, this->patient_a_);
  Result<Document> two = this->NewDocument(this->org_a_, this->patient_a_);
  ASSERT_TRUE(one && two);
  for (DocumentId id : {one->id, two->id}) {
    ASSERT_TRUE(this->Write(
        this->org_a_, [&](Transaction& tx) { return tx.DocumentFiles().Attach(id, *content); }));
  }
  Result<DocumentFile> file = this->Read(
      this->org_a_, [&](Transaction& tx) { return tx.DocumentFiles().ForDocument(two->id); });
  ASSERT_TRUE(file) << file.error().ToString();
  EXPECT_EQ(*file, this->MakeFile(*content));
  Result<std::vector<DocumentId>> holders = this->Read(
      this->org_a_, [&](Transaction& tx) { return tx.DocumentFiles().DocumentsOf(*content); });
  ASSERT_TRUE(holders);
  EXPECT_EQ(*holders, (std::vector<DocumentId>{one->id, two->id}));
  // A document holds one file.
  EXPECT_EQ(CodeOf(this->Write(
                this->org_a_,
                [&](Transaction& tx) { return tx.DocumentFiles().Attach(one->id, *content); })),
            ErrorCode::kAlreadyExists);
}

TYPED_TEST(DocumentFileContractTest, AttachAndReadStayInTheOrganization) {
  Result<ContentId> content = this->NewContent(this->org_a_);
  ASSERT_TRUE(content);
  ASSERT_TRUE(this->Write(this->org_a_, [&](Transaction& tx) {
    return tx.DocumentFiles().Insert(this->MakeFile(*content));
  }));
  Result<Document> ours = this->NewDocument(this->org_a_, this->patient_a_);
  Result<Document> theirs = this->NewDocument(this->org_b_, this->patient_b_);
  ASSERT_TRUE(ours && theirs);
  EXPECT_EQ(CodeOf(this->Write(
                this->org_b_,
                [&](Transaction& tx) { return tx.DocumentFiles().Attach(theirs->id, *content); })),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Write(
                this->org_a_,
                [&](Transaction& tx) { return tx.DocumentFiles().Attach(theirs->id, *content); })),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Write(this->org_a_,
                               [&](Transaction& tx) {
                                 return tx.DocumentFiles().Attach(ours->id, ContentId(999999));
                               })),
            ErrorCode::kNotFound);
  ASSERT_TRUE(this->Write(this->org_a_, [&](Transaction& tx) {
    return tx.DocumentFiles().Attach(ours->id, *content);
  }));
  EXPECT_EQ(
      CodeOf(this->Read(this->org_b_,
                        [&](Transaction& tx) { return tx.DocumentFiles().ForDocument(ours->id); })),
      ErrorCode::kNotFound);
  EXPECT_EQ(
      CodeOf(this->Read(this->org_b_,
                        [&](Transaction& tx) { return tx.DocumentFiles().FindByDigest(kDigest); })),
      ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Read(this->org_b_,
                              [&](Transaction& tx) { return tx.DocumentFiles().Find(*content); })),
            ErrorCode::kNotFound);
  Result<std::vector<DocumentId>> holders = this->Read(
      this->org_b_, [&](Transaction& tx) { return tx.DocumentFiles().DocumentsOf(*content); });
  ASSERT_TRUE(holders);
  EXPECT_TRUE(holders->empty());
  // A document without a file.
  Result<Document> bare = this->NewDocument(this->org_a_, this->patient_a_);
  ASSERT_TRUE(bare);
  EXPECT_EQ(
      CodeOf(this->Read(this->org_a_,
                        [&](Transaction& tx) { return tx.DocumentFiles().ForDocument(bare->id); })),
      ErrorCode::kNotFound);
}

}  // namespace
}  // namespace roi::contract
