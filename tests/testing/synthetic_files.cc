#include "testing/synthetic_files.h"

#include <cstdint>
#include <cstdio>

#include "domain/document_format.h"

namespace roi::testing {
namespace {

std::string BigEndian(std::uint32_t value) {
  std::string out(4, '\0');
  for (int i = 3; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>(value & 0xffu);
    value >>= 8;
  }
  return out;
}

std::string PngChunk(const std::string& type, const std::string& data) {
  std::uint32_t crc = Crc32Update(Crc32Update(0xffffffffu, type), data) ^ 0xffffffffu;
  return BigEndian(static_cast<std::uint32_t>(data.size())) + type + data + BigEndian(crc);
}

std::string Offset(std::size_t offset) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%010zu 00000 n \n", offset);
  return buffer;
}

}  // namespace

std::string PdfFromObjects(const std::vector<std::string>& objects) {
  std::string pdf = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) pdf += Offset(offset);
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string SyntheticPdf(int pages) {
  std::vector<std::string> objects = {"<< /Type /Catalog /Pages 2 0 R >>", ""};
  std::string kids;
  for (int i = 0; i < pages; ++i) {
    kids += std::to_string(3 + i) + " 0 R ";
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>");
  }
  objects[1] = "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>";
  return PdfFromObjects(objects);
}

std::string DeepPageTreePdf(int depth) {
  // 1: catalog; 2..depth+1: /Pages chain; depth+2: the page.
  std::vector<std::string> objects = {"<< /Type /Catalog /Pages 2 0 R >>"};
  for (int i = 0; i < depth; ++i) {
    int self = 2 + i;
    objects.push_back("<< /Type /Pages /Kids [" + std::to_string(self + 1) + " 0 R] /Count 1 >>");
  }
  objects.push_back("<< /Type /Page /MediaBox [0 0 612 792] >>");
  return PdfFromObjects(objects);
}

std::string DeeplyNestedPdf(int depth) {
  std::string nested = std::string(static_cast<std::size_t>(depth), '[') +
                       std::string(static_cast<std::size_t>(depth), ']');
  return PdfFromObjects(
      {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Junk " + nested + " >>"});
}

std::string LoopingPdf() {
  return PdfFromObjects({"<< /Type /Catalog /Pages 2 0 R >>",
                         "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                         "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"});
}

std::string SyntheticPng() {
  return std::string("\x89PNG\r\n\x1a\n", 8) +
         PngChunk("IHDR", std::string("\0\0\0\1\0\0\0\1\x08\0\0\0\0", 13)) +
         PngChunk("IDAT", std::string("\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01", 10)) +
         PngChunk("IEND", "");
}

std::string SyntheticJpeg() {
  return std::string("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20) +
         "synthetic scan" + std::string("\xff\xd9", 2);
}

std::string SyntheticCcda() {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<ClinicalDocument xmlns=\"urn:hl7-org:v3\">\n"
         "  <title>Synthetic summary for Testpatient Alpha</title>\n"
         "</ClinicalDocument>\n";
}

std::string SyntheticFhirJson() {
  return "{\n  \"resourceType\": \"Patient\",\n  \"name\": [{\"family\": \"Alpha\", "
         "\"given\": [\"Testpatient\"]}]\n}\n";
}

}  // namespace roi::testing
