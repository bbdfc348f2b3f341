// The document store end to end on the in-memory store with the real adapters (libsodium
// cipher, spool files, qpdf): uploads of every format, page counts, dedupe, downloads, hostile
// files, size limits, permissions, and failures mid-way leaving nothing stored.
#include "app/document_store.h"

#include <gtest/gtest.h>

#include <climits>
#include <filesystem>
#include <map>
#include <memory>
#include <qpdf/Pl_Flate.hh>
#include <qpdf/Pl_String.hh>
#include <string>
#include <vector>

#include "crypto/content_cipher.h"
#include "crypto/sodium.h"
#include "docstore/file_spool.h"
#include "docstore/pdf_page_counter.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/in_memory_store.h"
#include "testing/synthetic_files.h"

namespace roi {
namespace {

namespace fs = std::filesystem;
using testing::DeeplyNestedPdf;
using testing::DeepPageTreePdf;
using testing::LoopingPdf;
using testing::PdfFromObjects;
using testing::SyntheticCcda;
using testing::SyntheticFhirJson;
using testing::SyntheticJpeg;
using testing::SyntheticPdf;
using testing::SyntheticPng;

std::string Deflate(const std::string& data) {
  std::string out;
  Pl_String sink("sink", nullptr, out);
  Pl_Flate flate("flate", &sink, Pl_Flate::a_deflate);
  flate.write(reinterpret_cast<const unsigned char*>(data.data()), data.size());
  flate.finish();
  return out;
}

// A PDF with a cross-reference stream whose object 5 lives in object stream 4 holding
// `stream_bytes` decoded bytes (mostly zeros, so it compresses to almost nothing).
std::string ObjectStreamPdf(std::size_t stream_bytes) {
  std::string header = "5 0 ";
  std::string decoded = header + "<< /Synthetic true >>";
  decoded.resize(std::max(stream_bytes, decoded.size()), ' ');
  std::string compressed = Deflate(decoded);
  std::string pdf = "%PDF-1.5\n%\xe2\xe3\xcf\xd3\n";
  std::vector<std::size_t> offsets;
  auto add = [&](const std::string& body) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
  };
  add("<< /Type /Catalog /Pages 2 0 R /Extra 5 0 R >>");
  add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>");
  add("<< /Type /ObjStm /N 1 /First " + std::to_string(header.size()) +
      " /Filter /FlateDecode /Length " + std::to_string(compressed.size()) + " >>\nstream\n" +
      compressed + "\nendstream");
  // Object 6: the cross-reference stream, entries of /W [1 4 2].
  std::size_t xref_offset = pdf.size();
  auto entry = [](int type, std::uint32_t field2, std::uint16_t field3) {
    std::string e(7, '\0');
    e[0] = static_cast<char>(type);
    for (int i = 0; i < 4; ++i)
      e[static_cast<std::size_t>(1 + i)] = static_cast<char>(field2 >> (24 - 8 * i));
    e[5] = static_cast<char>(field3 >> 8);
    e[6] = static_cast<char>(field3 & 0xff);
    return e;
  };
  std::string entries = entry(0, 0, 65535);
  for (int i = 0; i < 4; ++i)
    entries += entry(1, static_cast<std::uint32_t>(offsets[static_cast<std::size_t>(i)]), 0);
  entries += entry(2, 4, 0);
  entries += entry(1, static_cast<std::uint32_t>(xref_offset), 0);
  pdf += "6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length " +
         std::to_string(entries.size()) + " >>\nstream\n" + entries + "\nendstream\nendobj\n";
  pdf += "startxref\n" + std::to_string(xref_offset) + "\n%%EOF\n";
  return pdf;
}

// A ContentSource over a string, failing with Unavailable after `fail_after` bytes if set.
class StringSource final : public ContentSource {
 public:
  explicit StringSource(std::string bytes, std::size_t fail_after = SIZE_MAX,
                        std::size_t piece = 4096)
      : bytes_(std::move(bytes)), fail_after_(fail_after), piece_(piece) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    if (at_ >= fail_after_) return UnavailableError("the client went away");
    std::size_t n = std::min({capacity, piece_, bytes_.size() - at_, fail_after_ - at_});
    bytes_.copy(buffer, n, at_);
    at_ += n;
    return n;
  }

 private:
  std::string bytes_;
  std::size_t fail_after_;
  std::size_t piece_;
  std::size_t at_ = 0;
};

class StringSink final : public ContentSink {
 public:
  Status Write(std::string_view bytes) override {
    out.append(bytes);
    return OkStatus();
  }
  std::string out;
};

// Spools like FileSpooler, but the reader it hands to the vault fails after `fail_after` bytes:
// a failure inside the write transaction, after some ciphertext chunks were stored.
class FailingReadSpooler final : public Spooler {
 public:
  FailingReadSpooler(const Spooler& real, std::size_t fail_after)
      : real_(real), fail_after_(fail_after) {}
  Result<std::unique_ptr<SpoolFile>> Create() const override {
    Result<std::unique_ptr<SpoolFile>> file = real_.Create();
    if (!file) return file.error();
    return std::unique_ptr<SpoolFile>(new Wrapped(std::move(*file), fail_after_));
  }

 private:
  class Wrapped final : public SpoolFile {
   public:
    Wrapped(std::unique_ptr<SpoolFile> inner, std::size_t fail_after)
        : inner_(std::move(inner)), fail_after_(fail_after) {}
    Status Append(std::string_view bytes) override { return inner_->Append(bytes); }
    Status Close() override { return inner_->Close(); }
    Result<std::unique_ptr<ContentSource>> Open() const override {
      Result<std::unique_ptr<ContentSource>> reader = inner_->Open();
      if (!reader) return reader.error();
      return std::unique_ptr<ContentSource>(new Failing(std::move(*reader), fail_after_));
    }
    const std::string& Path() const override { return inner_->Path(); }

   private:
    std::unique_ptr<SpoolFile> inner_;
    std::size_t fail_after_;
  };
  class Failing final : public ContentSource {
   public:
    Failing(std::unique_ptr<ContentSource> inner, std::size_t fail_after)
        : inner_(std::move(inner)), left_(fail_after) {}
    Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
      if (left_ == 0) return UnavailableError("disk read failed");
      Result<std::size_t> got = inner_->Read(buffer, std::min(capacity, left_));
      if (got) left_ -= *got;
      return got;
    }

   private:
    std::unique_ptr<ContentSource> inner_;
    std::size_t left_;
  };
  const Spooler& real_;
  std::size_t fail_after_;
};

class DocumentStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Initialize());
    Result<crypto::MasterKey> master = crypto::MasterKey::Generate();
    ASSERT_TRUE(master);
    cipher_ = std::make_unique<crypto::SodiumContentCipher>(
        std::move(*master), std::vector<crypto::MasterKey>{}, crypto::ContentCipherOptions{1024});
    vault_ = std::make_unique<ContentVault>(*cipher_, clock_);
    spool_dir_ = fs::temp_directory_path() /
                 ("openroi-docstore-test-" +
                  std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(spool_dir_);
    fs::create_directories(spool_dir_);
    spooler_ = std::make_unique<docstore::FileSpooler>(spool_dir_.string());
    pdf_ = std::make_unique<docstore::QpdfPageCounter>(
        docstore::PdfLimits{.max_object_stream_bytes = 1 << 20});
    documents_ = MakeStore(*spooler_, {.max_bytes = 4 << 20, .text_lines_per_page = 60});
    ASSERT_TRUE(store_.Migrate());
    caller_ = MakeOrganization("org-a");
    other_ = MakeOrganization("org-b");
    patient_ = MakePatient(caller_);
    other_patient_ = MakePatient(other_);
  }
  void TearDown() override { fs::remove_all(spool_dir_); }

  std::unique_ptr<DocumentStore> MakeStore(const Spooler& spooler, DocumentStoreOptions options) {
    return std::make_unique<DocumentStore>(store_, *vault_, *cipher_, spooler, *pdf_, clock_,
                                           audit_, options);
  }

  Principal MakeOrganization(const std::string& slug) {
    Principal principal;
    EXPECT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Result<Organization> org =
          tx.Organizations().Insert({.name = "Org " + slug, .slug = slug, .state = "CA"});
      if (!org) return Status(org.error());
      principal.organization = org->id;
      return OkStatus();
    }));
    principal.user.id = UserId(99);
    principal.user.role = Role::kRoiSpecialist;
    return principal;
  }

  PatientId MakePatient(const Principal& owner) {
    PatientId id;
    EXPECT_TRUE(store_.InTransaction(owner.organization, TxMode::kWrite, [&](Transaction& tx) {
      Result<Patient> patient = tx.Patients().Insert(
          Patient{.mrn = "MRN-1", .given_name = "Testpatient", .family_name = "Alpha"});
      if (!patient) return Status(patient.error());
      id = patient->id;
      return OkStatus();
    }));
    return id;
  }

  UploadCommand Command(const std::string& declared = "") {
    return {.document = {.patient_id = patient_, .kind = "progress_note"},
            .declared_type = declared};
  }

  Result<StoredDocument> Upload(const std::string& bytes, const std::string& declared = "") {
    StringSource source(bytes);
    return documents_->Upload(caller_, Command(declared), source);
  }

  // How many documents and content items organization A holds, and spool files left behind.
  std::size_t Documents() {
    std::size_t count = 0;
    EXPECT_TRUE(store_.InTransaction(caller_.organization, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<Document>> list = tx.Documents().ListForPatient(patient_);
      if (!list) return Status(list.error());
      count = list->size();
      return OkStatus();
    }));
    return count;
  }
  std::size_t Contents() {
    std::size_t count = 0;
    EXPECT_TRUE(store_.InTransaction(caller_.organization, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<ContentId>> list =
          tx.Contents().ListBelowKeyVersion(INT_MAX, ContentId(), 1000);
      if (!list) return Status(list.error());
      count = list->size();
      return OkStatus();
    }));
    return count;
  }
  std::size_t SpoolFiles() {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(spool_dir_), fs::directory_iterator()));
  }
  void ExpectNothingStored() {
    EXPECT_EQ(Documents(), 0u);
    EXPECT_EQ(Contents(), 0u);
    EXPECT_EQ(SpoolFiles(), 0u);
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  std::unique_ptr<crypto::SodiumContentCipher> cipher_;
  std::unique_ptr<ContentVault> vault_;
  fs::path spool_dir_;
  std::unique_ptr<docstore::FileSpooler> spooler_;
  std::unique_ptr<docstore::QpdfPageCounter> pdf_;
  std::unique_ptr<DocumentStore> documents_;
  Principal caller_;
  Principal other_;
  PatientId patient_;
  PatientId other_patient_;
};

TEST_F(DocumentStoreTest, StoresEachFormatWithItsPagesAndReadsItBack) {
  struct Case {
    std::string bytes;
    std::string media_type;
    std::int64_t pages;
  };
  std::string long_text;
  for (int i = 0; i < 121; ++i) long_text += "line " + std::to_string(i) + " of a synthetic note\n";
  std::vector<Case> cases = {
      {SyntheticPdf(3), "application/pdf", 3}, {SyntheticPng(), "image/png", 1},
      {SyntheticJpeg(), "image/jpeg", 1},      {long_text, "text/plain", 3},
      {SyntheticCcda(), "application/xml", 1}, {SyntheticFhirJson(), "application/fhir+json", 1}};
  for (const Case& c : cases) {
    Result<StoredDocument> stored = Upload(c.bytes);
    ASSERT_TRUE(stored) << c.media_type << ": " << stored.error().ToString();
    EXPECT_EQ(stored->file.media_type, c.media_type);
    EXPECT_EQ(stored->file.pages, c.pages) << c.media_type;
    EXPECT_EQ(stored->document.pages, c.pages);
    EXPECT_EQ(stored->file.size, static_cast<std::int64_t>(c.bytes.size()));
    EXPECT_FALSE(stored->deduplicated);
    StringSink sink;
    Result<StoredDocument> read = documents_->Download(caller_, stored->document.id, sink);
    ASSERT_TRUE(read) << read.error().ToString();
    EXPECT_EQ(sink.out, c.bytes);
    EXPECT_EQ(read->file, stored->file);
  }
  EXPECT_EQ(SpoolFiles(), 0u);
}

TEST_F(DocumentStoreTest, SameBytesAreStoredOnceAndSharedByTwoDocuments) {
  std::string pdf = SyntheticPdf(2);
  Result<StoredDocument> first = Upload(pdf);
  Result<StoredDocument> second = Upload(pdf, "application/pdf");
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(first->deduplicated);
  EXPECT_TRUE(second->deduplicated);
  EXPECT_NE(first->document.id, second->document.id);
  EXPECT_EQ(first->file, second->file);
  EXPECT_EQ(Documents(), 2u);
  EXPECT_EQ(Contents(), 1u);
  // Another organization uploading the same bytes gets its own encrypted copy.
  StringSource source(pdf);
  Result<StoredDocument> theirs = documents_->Upload(
      other_, {.document = {.patient_id = other_patient_, .kind = "progress_note"}}, source);
  ASSERT_TRUE(theirs) << theirs.error().ToString();
  EXPECT_FALSE(theirs->deduplicated);
  EXPECT_EQ(Contents(), 1u);
}

TEST_F(DocumentStoreTest, DeclaredTypeThatDisagreesIsRefused) {
  Result<StoredDocument> stored = Upload(SyntheticPng(), "application/pdf");
  ASSERT_FALSE(stored);
  EXPECT_EQ(stored.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(stored.error().message.find("does not match"), std::string::npos);
  Result<StoredDocument> unsupported = Upload("plain words", "application/zip");
  ASSERT_FALSE(unsupported);
  EXPECT_EQ(unsupported.error().code, ErrorCode::kInvalidArgument);
  ExpectNothingStored();
}

TEST_F(DocumentStoreTest, HostileFilesAreRefusedAndLeaveNothing) {
  std::string pdf = SyntheticPdf(1);
  std::string png = SyntheticPng();
  std::string bad_crc = png;
  bad_crc[bad_crc.size() - 20] ^= 0x40;
  std::string jpeg = SyntheticJpeg();
  std::string no_startxref = pdf.substr(0, pdf.find("startxref")) + "%%EOF\n";
  std::vector<std::pair<std::string, std::string>> hostile = {
      {"truncated PDF", pdf.substr(0, pdf.size() / 2)},
      {"PDF without xref", no_startxref},
      {"malformed PDF", "%PDF-1.4\nthis is not a pdf at all\n%%EOF\n"},
      {"PDF without pages", PdfFromObjects({"<< /Type /Catalog /Pages 2 0 R >>",
                                            "<< /Type /Pages /Kids [] /Count 0 >>"})},
      {"deep page tree", DeepPageTreePdf(200)},
      {"deeply nested arrays", DeeplyNestedPdf(5000)},
      {"page tree loop", LoopingPdf()},
      {"object stream bomb", ObjectStreamPdf(8 << 20)},
      {"PNG with a wrong CRC", bad_crc},
      {"truncated PNG", png.substr(0, png.size() - 6)},
      {"JPEG without EOI", jpeg.substr(0, jpeg.size() - 2)},
      {"zip archive", std::string("PK\x03\x04\x14\x00\x00\x00", 8) + "synthetic"},
      {"binary", std::string("\x00\x01\x02\x03", 4)},
      {"empty", ""},
  };
  const std::map<std::string, std::string> reasons = {
      {"truncated PDF", "truncated PDF"},
      {"deep page tree", "nested too deeply"},
      {"page tree loop", "loop"},
      {"object stream bomb", "decompression bomb"},
      {"PNG with a wrong CRC", "CRC mismatch"},
      {"truncated PNG", "truncated PNG"},
      {"JPEG without EOI", "end-of-image"},
      {"zip archive", "unsupported document type"},
  };
  for (const auto& [name, bytes] : hostile) {
    Result<StoredDocument> stored = Upload(bytes);
    ASSERT_FALSE(stored) << name;
    EXPECT_EQ(stored.error().code, ErrorCode::kInvalidArgument)
        << name << ": " << stored.error().ToString();
    EXPECT_FALSE(stored.error().message.empty());
    if (auto reason = reasons.find(name); reason != reasons.end()) {
      EXPECT_NE(stored.error().message.find(reason->second), std::string::npos)
          << name << ": " << stored.error().message;
    }
    EXPECT_EQ(stored.error().message.find(spool_dir_.string()), std::string::npos) << name;
  }
  ExpectNothingStored();
}

TEST_F(DocumentStoreTest, ObjectStreamsWithinTheLimitAreRead) {
  Result<StoredDocument> stored = Upload(ObjectStreamPdf(1000));
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_EQ(stored->file.pages, 1);
}

TEST_F(DocumentStoreTest, SizeLimitIsEnforcedWhileStreaming) {
  std::unique_ptr<DocumentStore> small = MakeStore(*spooler_, {.max_bytes = 1000});
  StringSource source(std::string(5000, 'a'), SIZE_MAX, 100);
  Result<StoredDocument> stored = small->Upload(caller_, Command(), source);
  ASSERT_FALSE(stored);
  EXPECT_EQ(stored.error().code, ErrorCode::kResourceExhausted);
  ExpectNothingStored();
}

TEST_F(DocumentStoreTest, SourceFailingMidwayLeavesNothing) {
  StringSource source(std::string(50'000, 'a'), 20'000, 1000);
  Result<StoredDocument> stored = documents_->Upload(caller_, Command(), source);
  ASSERT_FALSE(stored);
  EXPECT_EQ(stored.error().code, ErrorCode::kUnavailable);
  ExpectNothingStored();
}

TEST_F(DocumentStoreTest, FailureWhileEncryptingRollsBackEveryChunk) {
  FailingReadSpooler failing(*spooler_, 5000);  // Several 1 KiB chunks, then an error.
  std::unique_ptr<DocumentStore> store = MakeStore(failing, {});
  StringSource source(std::string(50'000, 'b'));
  Result<StoredDocument> stored = store->Upload(caller_, Command(), source);
  ASSERT_FALSE(stored);
  EXPECT_EQ(stored.error().code, ErrorCode::kUnavailable);
  ExpectNothingStored();
  // The same bytes then store normally: nothing half-stored is mistaken for them.
  StringSource again(std::string(50'000, 'b'));
  Result<StoredDocument> retried = documents_->Upload(caller_, Command(), again);
  ASSERT_TRUE(retried) << retried.error().ToString();
  EXPECT_FALSE(retried->deduplicated);
}

TEST_F(DocumentStoreTest, UploadThatIsNeverCommittedLeavesNothing) {
  {
    Result<std::unique_ptr<DocumentUpload>> upload = documents_->Begin(caller_, Command());
    ASSERT_TRUE(upload) << upload.error().ToString();
    ASSERT_TRUE((*upload)->Append("half of a note"));
    EXPECT_EQ(SpoolFiles(), 1u);
  }
  ExpectNothingStored();
}

TEST_F(DocumentStoreTest, OtherOrganizationsCannotReadIt) {
  Result<StoredDocument> stored = Upload(SyntheticPdf(1));
  ASSERT_TRUE(stored);
  StringSink sink;
  Result<StoredDocument> theirs = documents_->Download(other_, stored->document.id, sink);
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(sink.out.empty());
  EXPECT_EQ(documents_->Describe(other_, stored->document.id).error().code, ErrorCode::kNotFound);
  // Nor upload to a patient of this organization.
  StringSource source("a note");
  EXPECT_EQ(documents_->Upload(other_, Command(), source).error().code, ErrorCode::kNotFound);
}

TEST_F(DocumentStoreTest, PermissionsAreChecked) {
  Principal clinician = caller_;
  clinician.user.role = Role::kClinician;  // May read patients, not write them.
  StringSource source("a note");
  EXPECT_EQ(documents_->Upload(clinician, Command(), source).error().code,
            ErrorCode::kPermissionDenied);
  Result<StoredDocument> stored = Upload("a note\n");
  ASSERT_TRUE(stored);
  StringSink sink;
  EXPECT_TRUE(documents_->Download(clinician, stored->document.id, sink));
  Principal requester = caller_;
  requester.user.role = Role::kRequester;
  EXPECT_EQ(documents_->Download(requester, stored->document.id, sink).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_F(DocumentStoreTest, UploadsAndDownloadsAreAuditedAndRefusalsLeaveNoEvent) {
  auto events = [&] {
    std::vector<AuditEvent> out;
    EXPECT_TRUE(store_.InTransaction(caller_.organization, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<AuditEvent>> scanned = tx.Audit().Scan(0, 1000);
      if (!scanned) return Status(scanned.error());
      out = *scanned;
      return OkStatus();
    }));
    return out;
  };
  ASSERT_FALSE(Upload(SyntheticPng(), "application/pdf"));  // Refused: no event, nothing stored.
  EXPECT_TRUE(events().empty());
  Result<StoredDocument> stored = Upload(SyntheticPdf(1));
  ASSERT_TRUE(stored);
  StringSink sink;
  ASSERT_TRUE(documents_->Download(caller_, stored->document.id, sink));
  std::vector<AuditEvent> recorded = events();
  ASSERT_EQ(recorded.size(), 2u);
  EXPECT_EQ(recorded[0].action, AuditAction::kCreate);
  EXPECT_EQ(recorded[1].action, AuditAction::kDownload);
  for (const AuditEvent& event : recorded) {
    EXPECT_EQ(event.patient_id, patient_);
    EXPECT_EQ(event.entity_kind, "document");
    EXPECT_EQ(event.entity_id, std::to_string(stored->document.id.value));
    EXPECT_EQ(event.actor_id, caller_.user.id);
  }
  EXPECT_NE(recorded[0].detail.find("application/pdf"), std::string::npos);
}

TEST_F(DocumentStoreTest, BadMetadataIsRefusedBeforeAnyBytes) {
  UploadCommand command = Command();
  command.document.kind = "";
  EXPECT_EQ(documents_->Begin(caller_, command).error().code, ErrorCode::kInvalidArgument);
  command = Command();
  command.document.content = "inline text";
  EXPECT_EQ(documents_->Begin(caller_, command).error().code, ErrorCode::kInvalidArgument);
  command = Command();
  command.document.patient_id = PatientId(424242);
  EXPECT_EQ(documents_->Begin(caller_, command).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(SpoolFiles(), 0u);
}

TEST(QpdfPageCounterTest, CountsPagesOfGeneratedPdfs) {
  std::string dir = fs::temp_directory_path().string();
  docstore::FileSpooler spooler(dir);
  docstore::QpdfPageCounter counter;
  for (int pages : {1, 2, 17}) {
    Result<std::unique_ptr<SpoolFile>> file = spooler.Create();
    ASSERT_TRUE(file);
    ASSERT_TRUE((*file)->Append(SyntheticPdf(pages)));
    ASSERT_TRUE((*file)->Close());
    Result<std::int64_t> counted = counter.CountPages(**file);
    ASSERT_TRUE(counted) << counted.error().ToString();
    EXPECT_EQ(*counted, pages);
  }
  Result<std::unique_ptr<SpoolFile>> file = spooler.Create();
  ASSERT_TRUE(file);
  ASSERT_TRUE((*file)->Append(DeepPageTreePdf(10)));
  ASSERT_TRUE((*file)->Close());
  EXPECT_EQ(*counter.CountPages(**file), 1);  // Ten levels are fine.
}

}  // namespace
}  // namespace roi
