#include "render/qpdf_page_replacer.h"

#include <exception>
#include <memory>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>
#include <vector>

#include "base/error.h"

namespace roi::render {
namespace {

// True for a link annotation that jumps to a page of the document: copying it would copy the
// page it points to (perhaps a withheld one) into the output.
bool LinksToPage(QPDFObjectHandle annotation) {
  if (!annotation.isDictionary()) return false;
  QPDFObjectHandle subtype = annotation.getKey("/Subtype");
  if (!subtype.isName() || subtype.getName() != "/Link") return false;
  if (annotation.getKey("/Dest").isArray()) return true;
  QPDFObjectHandle action = annotation.getKey("/A");
  return action.isDictionary() && action.getKey("/D").isArray();
}

// Drops the page's links to pages (they point into the original page tree).
void DropPageLinks(QPDFPageObjectHelper& page) {
  QPDFObjectHandle object = page.getObjectHandle();
  QPDFObjectHandle annotations = object.getKey("/Annots");
  if (!annotations.isArray()) return;
  QPDFObjectHandle kept = QPDFObjectHandle::newArray();
  for (int i = 0; i < annotations.getArrayNItems(); ++i) {
    QPDFObjectHandle annotation = annotations.getArrayItem(i);
    if (!LinksToPage(annotation)) kept.appendItem(annotation);
  }
  object.replaceKey("/Annots", kept);
}

}  // namespace

Result<std::string> QpdfPageReplacer::ReplacePages(
    std::string_view pdf, const std::map<std::int64_t, std::string>& replacements) const {
  // Inputs must outlive writing: pages are copied lazily.
  QPDF input;
  std::vector<std::unique_ptr<QPDF>> placeholders;
  QPDF out;
  std::string version = "1.3";  // What emptyPDF() writes; raised to the inputs'.
  int extension = 0;
  try {
    input.setSuppressWarnings(true);
    input.processMemoryFile("document", pdf.data(), pdf.size());
    input.pushInheritedAttributesToPage();
    version = input.getPDFVersion();
    extension = input.getExtensionLevel();
  } catch (const std::exception& e) {
    return InvalidArgumentError(std::string("redaction: the document is not a readable PDF: ") +
                                e.what());
  }
  std::vector<QPDFPageObjectHelper> pages;
  try {
    pages = QPDFPageDocumentHelper(input).getAllPages();
  } catch (const std::exception& e) {
    return InvalidArgumentError(std::string("redaction: the document's pages cannot be read: ") +
                                e.what());
  }
  auto count = static_cast<std::int64_t>(pages.size());
  for (const auto& [page, unused] : replacements) {
    if (page < 1 || page > count) {
      return InvalidArgumentError("redaction: page " + std::to_string(page) +
                                  " is not a page of the document (1.." + std::to_string(count) +
                                  ")");
    }
  }
  try {
    out.emptyPDF();
    out.setSuppressWarnings(true);
    QPDFPageDocumentHelper target(out);
    for (std::int64_t n = 1; n <= count; ++n) {
      auto replacement = replacements.find(n);
      if (replacement == replacements.end()) {
        QPDFPageObjectHelper& page = pages[static_cast<std::size_t>(n - 1)];
        DropPageLinks(page);
        target.addPage(page, false);
        continue;
      }
      auto placeholder = std::make_unique<QPDF>();
      placeholder->setSuppressWarnings(true);
      placeholder->processMemoryFile(("placeholder " + std::to_string(n)).c_str(),
                                     replacement->second.data(), replacement->second.size());
      std::vector<QPDFPageObjectHelper> first = QPDFPageDocumentHelper(*placeholder).getAllPages();
      if (first.empty()) {
        return InvalidArgumentError("redaction: the placeholder of page " + std::to_string(n) +
                                    " has no page");
      }
      if (placeholder->getPDFVersion() > version) {
        version = placeholder->getPDFVersion();
        extension = placeholder->getExtensionLevel();
      }
      target.addPage(first.front(), false);
      placeholders.push_back(std::move(placeholder));
    }
  } catch (const std::exception& e) {
    return InvalidArgumentError(std::string("redaction: a placeholder page is not readable: ") +
                                e.what());
  }
  try {
    QPDFWriter writer(out);
    writer.setOutputMemory();
    writer.setDeterministicID(true);
    writer.setStreamDataMode(qpdf_s_compress);
    writer.setMinimumPDFVersion(version, extension);
    writer.write();
    std::shared_ptr<Buffer> buffer = writer.getBufferSharedPointer();
    return std::string(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
  } catch (const std::exception& e) {
    return InternalError(std::string("redaction: writing the PDF failed: ") + e.what());
  }
}

}  // namespace roi::render
