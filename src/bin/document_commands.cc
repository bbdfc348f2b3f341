#include "bin/document_commands.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "app/document_store.h"
#include "bin/commands.h"
#include "bin/key_commands.h"
#include "bin/system_clock.h"
#include "crypto/sodium.h"
#include "docstore/file_spool.h"
#include "docstore/pdf_page_counter.h"

namespace roi::bin {
namespace {

// Reads a file (or standard input) in pieces.
class FileSource final : public ContentSource {
 public:
  explicit FileSource(std::FILE* file) : file_(file) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    std::size_t got = std::fread(buffer, 1, capacity, file_);
    if (got == 0 && std::ferror(file_)) {
      return UnavailableError(std::string("read the document: ") + std::strerror(errno));
    }
    return got;
  }

 private:
  std::FILE* file_;
};

struct CloseFile {
  void operator()(std::FILE* file) const {
    if (file != stdin) std::fclose(file);
  }
};

Result<Principal> Caller(Store& store, const std::string& slug, const std::string& email) {
  Result<OrganizationId> organization = FindOrganizationId(store, slug);
  if (!organization) return organization.error();
  Principal caller{.organization = *organization};
  Status found = store.InTransaction(*organization, TxMode::kRead, [&](Transaction& tx) -> Status {
    Result<User> user = tx.Users().FindByEmail(email);
    if (!user) return user.error();
    if (user->disabled) return PermissionDeniedError("user " + email + " is disabled");
    caller.user = std::move(*user);
    return OkStatus();
  });
  if (!found) return found.error();
  return caller;
}

}  // namespace

int RunDocumentImport(const cli::Invocation& invocation, const cli::Config& config,
                      const AuditTrail& trail) {
  Result<std::unique_ptr<Store>> store = OpenAndMigrate(config, /*quiet=*/true);
  if (!store) return Fail(store.error());
  if (Status ready = crypto::Initialize(); !ready) return Fail(ready.error());
  Result<std::unique_ptr<crypto::SodiumContentCipher>> cipher = ConfiguredCipher(config);
  if (!cipher) return FailKeySetup(cipher.error());
  if (Status checked = CheckMasterKey(**store, **cipher); !checked) {
    return FailKeySetup(checked.error());
  }
  Result<Principal> caller = Caller(**store, invocation.organization, invocation.email);
  if (!caller) return Fail(caller.error());
  UploadCommand command{.document = {.patient_id = PatientId(invocation.patient_id),
                                     .kind = invocation.document_kind,
                                     .labels = invocation.labels},
                        .declared_type = invocation.document_type};
  if (!invocation.service_date.empty()) {
    Result<Date> date = Date::Parse(invocation.service_date);
    if (!date) return Fail(InvalidArgumentError("--service-date must be YYYY-MM-DD"));
    command.document.service_date = *date;
  }
  std::unique_ptr<std::FILE, CloseFile> file(
      invocation.document_file == "-" ? stdin : std::fopen(invocation.document_file.c_str(), "rb"));
  if (!file) {
    return Fail(
        NotFoundError("cannot open " + invocation.document_file + ": " + std::strerror(errno)));
  }
  SystemClock clock;
  ContentVault vault(**cipher, clock);
  docstore::FileSpooler spooler(config.documents.spool_dir);
  docstore::QpdfPageCounter pdf_pages;
  DocumentStore documents(**store, vault, **cipher, spooler, pdf_pages, clock, trail,
                          {.max_bytes = config.documents.max_bytes});
  FileSource source(file.get());
  Result<StoredDocument> stored = documents.Upload(*caller, command, source);
  if (!stored) return Fail(stored.error());
  std::printf("stored document %lld (%s, %lld bytes, %lld page%s%s)\n",
              static_cast<long long>(stored->document.id.value), stored->file.media_type.c_str(),
              static_cast<long long>(stored->file.size), static_cast<long long>(stored->file.pages),
              stored->file.pages == 1 ? "" : "s",
              stored->deduplicated ? "; same bytes already stored, shared" : "");
  return 0;
}

}  // namespace roi::bin
