// Ports of the document store for what app/ cannot do itself: spool an upload to a temporary
// file while it streams in (so a large upload never sits whole in memory and nothing reaches the
// database before the whole upload has been checked), and count the pages of a PDF (which needs
// random access to the whole file).  Adapter: docstore/ (a private temporary file; qpdf).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "app/content_vault.h"
#include "base/result.h"

namespace roi {

// One temporary file, removed when the object is destroyed.  Not thread-safe.
class SpoolFile {
 public:
  virtual ~SpoolFile() = default;
  // Appends bytes.  Returns Unavailable when the file cannot be written (e.g. the disk is full),
  // FailedPrecondition after Close.
  virtual Status Append(std::string_view bytes) = 0;
  // Finishes writing; the file is read-only afterwards.
  virtual Status Close() = 0;
  // A reader of the whole file from its start.  REQUIRES: Close() succeeded.
  virtual Result<std::unique_ptr<ContentSource>> Open() const = 0;
  // The file's path, for readers that need random access.  Valid while this object lives.
  virtual const std::string& Path() const = 0;
};

// Interface; thread-safe.
class Spooler {
 public:
  virtual ~Spooler() = default;
  // A new empty spool file.  Returns Unavailable when none can be created.
  virtual Result<std::unique_ptr<SpoolFile>> Create() const = 0;
};

// Interface; thread-safe.
class PdfPageCounter {
 public:
  virtual ~PdfPageCounter() = default;
  // The number of pages of the PDF in `file` (closed).  Returns InvalidArgument naming the
  // problem for a file that is not a well-formed PDF (damaged, truncated, encrypted, without
  // pages, or beyond the reader's limits on nesting, objects and pages).
  virtual Result<std::int64_t> CountPages(const SpoolFile& file) const = 0;
};

}  // namespace roi
