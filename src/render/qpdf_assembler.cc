#include "render/qpdf_assembler.h"

#include <exception>
#include <memory>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include "base/error.h"

namespace roi::render {
namespace {

constexpr const char* kFontName = "/OpenRoiStampFont";

// A PDF literal string of printable ASCII.
std::string PdfString(const std::string& text) {
  std::string out = "(";
  for (char c : text) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    out += c;
  }
  return out + ")";
}

// Helvetica advance widths would need a table; the band is wide enough for the longest stamp a
// valid PageStamp makes at 8 points (about 0.55 em per character on average).
std::string StampContent(const std::string& line, double llx, double lly) {
  double x = llx + 24;
  double y = lly + 12;
  double width = static_cast<double>(line.size()) * 8 * 0.56 + 8;
  return "q 1 g " + std::to_string(x - 4) + " " + std::to_string(y - 3) + " " +
         std::to_string(width) + " 12 re f 0 g BT " + kFontName + " 8 Tf " + std::to_string(x) +
         " " + std::to_string(y) + " Td " + PdfString(line) + " Tj ET Q\n";
}

void Stamp(QPDF& pdf, QPDFPageObjectHelper& page, QPDFObjectHandle font, const std::string& line) {
  QPDFObjectHandle object = page.getObjectHandle();
  QPDFObjectHandle resources = page.getAttribute("/Resources", true);
  if (!resources.isDictionary()) {
    resources = QPDFObjectHandle::newDictionary();
    object.replaceKey("/Resources", resources);
  }
  QPDFObjectHandle fonts = resources.getKey("/Font");
  if (!fonts.isDictionary()) {
    fonts = QPDFObjectHandle::newDictionary();
    resources.replaceKey("/Font", fonts);
  }
  fonts.replaceKey(kFontName, font);
  QPDFObjectHandle::Rectangle box = page.getMediaBox(true).getArrayAsRectangle();
  page.addPageContents(QPDFObjectHandle::newStream(&pdf, "q\n"), true);
  page.addPageContents(
      QPDFObjectHandle::newStream(&pdf, "\nQ\n" + StampContent(line, box.llx, box.lly)), false);
}

}  // namespace

Result<AssembledPdf> QpdfAssembler::Assemble(const std::vector<std::string>& pdfs,
                                             const PageStamp& stamp) const {
  if (Status valid = ValidatePageStamp(stamp); !valid) return valid.error();
  if (pdfs.empty()) return InvalidArgumentError("packet: nothing to assemble");
  std::vector<std::unique_ptr<QPDF>> inputs;  // Must outlive writing: pages are copied lazily.
  QPDF out;
  std::size_t index = 0;
  std::string version = "1.3";  // What emptyPDF() writes; raised to the newest input's.
  int extension = 0;
  try {
    out.emptyPDF();
    out.setSuppressWarnings(true);
    QPDFPageDocumentHelper pages(out);
    for (; index < pdfs.size(); ++index) {
      auto input = std::make_unique<QPDF>();
      input->setSuppressWarnings(true);
      input->processMemoryFile(("input " + std::to_string(index)).c_str(), pdfs[index].data(),
                               pdfs[index].size());
      if (input->getPDFVersion() > version) {
        version = input->getPDFVersion();
        extension = input->getExtensionLevel();
      }
      for (QPDFPageObjectHelper& page : QPDFPageDocumentHelper(*input).getAllPages()) {
        pages.addPage(page, false);
      }
      inputs.push_back(std::move(input));
    }
  } catch (const std::exception& e) {
    return InvalidArgumentError("packet: document " + std::to_string(index) +
                                " is not a readable PDF: " + e.what());
  }
  try {
    QPDFObjectHandle font = out.makeIndirectObject(QPDFObjectHandle::parse(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"));
    std::vector<QPDFPageObjectHelper> all = QPDFPageDocumentHelper(out).getAllPages();
    int count = static_cast<int>(all.size());
    for (int i = 0; i < count; ++i)
      Stamp(out, all[static_cast<std::size_t>(i)], font, StampLine(stamp, i, count));
    QPDFWriter writer(out);
    writer.setOutputMemory();
    writer.setDeterministicID(true);
    writer.setStreamDataMode(qpdf_s_compress);
    writer.setMinimumPDFVersion(version, extension);
    writer.write();
    std::shared_ptr<Buffer> buffer = writer.getBufferSharedPointer();
    AssembledPdf result;
    result.bytes.assign(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
    result.page_count = count;
    return result;
  } catch (const std::exception& e) {
    return InternalError(std::string("packet: writing failed: ") + e.what());
  }
}

}  // namespace roi::render
