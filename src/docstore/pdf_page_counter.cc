#include "docstore/pdf_page_counter.h"

#include <algorithm>
#include <exception>
#include <qpdf/Pipeline.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFXRefEntry.hh>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace roi::docstore {
namespace {

Error Malformed(const std::string& why) { return InvalidArgumentError("malformed PDF: " + why); }

// Thrown out of qpdf's decoding when a stream decodes to more than the cap.
struct OverCap : std::runtime_error {
  OverCap() : std::runtime_error("decoded stream over the cap") {}
};

// Counts bytes and throws OverCap past `cap`; keeps nothing.
class CappedCount final : public Pipeline {
 public:
  explicit CappedCount(std::int64_t cap) : Pipeline("capped count", nullptr), cap_(cap) {}
  void write(unsigned char const*, size_t len) override {
    count_ += static_cast<std::int64_t>(len);
    if (count_ > cap_) {
      over_ = true;
      throw OverCap();
    }
  }
  void finish() override {}
  std::int64_t Count() const { return count_; }
  // True once the cap was passed (qpdf may swallow the exception and just report failure).
  bool Over() const { return over_; }

 private:
  std::int64_t cap_;
  std::int64_t count_ = 0;
  bool over_ = false;
};

// Decodes every object stream the cross-reference data points into, through a cap, before qpdf
// would inflate one whole into memory to resolve an object in it.
Status CheckObjectStreams(QPDF& pdf, const PdfLimits& limits) {
  std::set<int> streams;
  for (const auto& [objgen, entry] : pdf.getXRefTable()) {
    if (entry.getType() == 2) streams.insert(entry.getObjStreamNumber());
  }
  std::int64_t total = 0;
  for (int number : streams) {
    QPDFObjectHandle stream = pdf.getObject(number, 0);
    if (!stream.isStream())
      return Malformed("object stream " + std::to_string(number) + " missing");
    CappedCount count(
        std::min(limits.max_object_stream_bytes, limits.max_total_object_stream_bytes - total));
    bool ok = false;
    try {
      ok = stream.pipeStreamData(&count, 0, qpdf_dl_generalized, true);
    } catch (const OverCap&) {
      ok = false;
    }
    if (count.Over()) {
      return Malformed("an object stream decodes to more than " +
                       std::to_string(limits.max_object_stream_bytes) +
                       " bytes (a decompression bomb?)");
    }
    if (!ok) return Malformed("an object stream cannot be decoded");
    total += count.Count();
  }
  return OkStatus();
}

// Walks the page tree from the catalog's /Pages without recursion, counting /Page leaves.
Result<std::int64_t> WalkPageTree(QPDF& pdf, const PdfLimits& limits) {
  QPDFObjectHandle root = pdf.getRoot();
  if (!root.isDictionary()) return Malformed("no document catalog");
  QPDFObjectHandle top = root.getKey("/Pages");
  if (!top.isDictionary()) return Malformed("no page tree");
  std::vector<std::pair<QPDFObjectHandle, int>> stack = {{top, 0}};
  std::set<QPDFObjGen> seen;
  std::int64_t pages = 0;
  std::int64_t nodes = 0;
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (++nodes > limits.max_tree_nodes) return Malformed("page tree has too many nodes");
    if (!node.isDictionary()) return Malformed("page tree node is not a dictionary");
    QPDFObjGen id = node.getObjGen();
    if (id.isIndirect() && !seen.insert(id).second) return Malformed("page tree has a loop");
    QPDFObjectHandle kids = node.getKey("/Kids");
    std::string type = node.getKey("/Type").isName() ? node.getKey("/Type").getName() : "";
    if (type == "/Page" || (type.empty() && !kids.isArray())) {
      if (++pages > limits.max_pages) return Malformed("more pages than the limit");
      continue;
    }
    if (!kids.isArray()) return Malformed("page tree node without /Kids");
    if (depth + 1 > limits.max_tree_depth) return Malformed("page tree nested too deeply");
    int count = kids.getArrayNItems();
    for (int i = count - 1; i >= 0; --i) stack.emplace_back(kids.getArrayItem(i), depth + 1);
  }
  if (pages == 0) return Malformed("no pages");
  return pages;
}

}  // namespace

Result<std::int64_t> QpdfPageCounter::CountPages(const SpoolFile& file) const {
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    pdf.setAttemptRecovery(false);
    pdf.processFile(file.Path().c_str());
    if (Status streams = CheckObjectStreams(pdf, limits_); !streams) return streams.error();
    Result<std::int64_t> pages = WalkPageTree(pdf, limits_);
    if (!pages) return pages.error();
    if (pdf.anyWarnings()) {
      std::vector<QPDFExc> warnings = pdf.getWarnings();
      return Malformed(warnings.empty() ? "damaged" : warnings.front().getMessageDetail());
    }
    return *pages;
  } catch (const QPDFExc& error) {
    // qpdf reports damage by exceptions; the detail names what is wrong (never the spool path).
    std::string what = error.getMessageDetail();
    if (what.size() > 300) what = what.substr(0, 300) + "...";
    return Malformed(what);
  } catch (const std::exception& error) {
    std::string what = error.what();
    if (std::size_t at = what.find(file.Path()); at != std::string::npos) {
      what.replace(at, file.Path().size(), "the file");
    }
    if (what.size() > 300) what = what.substr(0, 300) + "...";
    return Malformed(what);
  }
}

}  // namespace roi::docstore
