#include "domain/document_format.h"

#include <gtest/gtest.h>

#include <string>

namespace roi {
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

std::string Png() {
  return std::string("\x89PNG\r\n\x1a\n", 8) +
         PngChunk("IHDR", std::string("\0\0\0\1\0\0\0\1\x08\0\0\0\0", 13)) +
         PngChunk("IDAT", "not really compressed") + PngChunk("IEND", "");
}

Result<DocumentScan> Scan(const std::string& bytes, std::optional<DocumentFormat> declared = {},
                          std::size_t piece = 7, std::int64_t max_bytes = 1 << 20) {
  DocumentScanner scanner(declared, max_bytes, 3);
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    if (Status fed = scanner.Update(std::string_view(bytes).substr(at, piece)); !fed) {
      return fed.error();
    }
  }
  return scanner.Finish();
}

TEST(SniffDocumentFormatTest, RecognizesEachFormatFromItsBytes) {
  EXPECT_EQ(*SniffDocumentFormat("%PDF-1.7\n"), DocumentFormat::kPdf);
  EXPECT_EQ(*SniffDocumentFormat(Png()), DocumentFormat::kPng);
  EXPECT_EQ(*SniffDocumentFormat("\xff\xd8\xff\xe0"), DocumentFormat::kJpeg);
  EXPECT_EQ(*SniffDocumentFormat("Testpatient Alpha\nseen today\n"), DocumentFormat::kText);
  EXPECT_EQ(*SniffDocumentFormat("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- c -->\n"
                                 "<ClinicalDocument xmlns=\"urn:hl7-org:v3\">"),
            DocumentFormat::kCcda);
  EXPECT_EQ(*SniffDocumentFormat("<cda:ClinicalDocument xmlns:cda=\"urn:hl7-org:v3\">"),
            DocumentFormat::kCcda);
  EXPECT_EQ(*SniffDocumentFormat(" {\n \"resourceType\": \"Bundle\"}"), DocumentFormat::kFhirJson);
}

TEST(SniffDocumentFormatTest, RejectsUnsupportedContent) {
  EXPECT_EQ(SniffDocumentFormat("").error().code, ErrorCode::kInvalidArgument);
  for (std::string bad : {std::string("PK\x03\x04zip", 7),
                          std::string("\x7f"
                                      "ELF",
                                      4),
                          std::string("<html><body>", 12), std::string("{\"a\": 1}", 8),
                          std::string("text\0with nul", 13), std::string("bad \xc3\x28 utf8")}) {
    Result<DocumentFormat> format = SniffDocumentFormat(bad);
    ASSERT_FALSE(format) << bad;
    EXPECT_EQ(format.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(format.error().message.find("unsupported document type"), std::string::npos);
  }
}

TEST(ParseDocumentMediaTypeTest, AcceptsKnownTypesAndAliases) {
  EXPECT_EQ(*ParseDocumentMediaType("Application/PDF"), DocumentFormat::kPdf);
  EXPECT_EQ(*ParseDocumentMediaType("text/plain; charset=utf-8"), DocumentFormat::kText);
  EXPECT_EQ(*ParseDocumentMediaType("text/xml"), DocumentFormat::kCcda);
  EXPECT_EQ(*ParseDocumentMediaType("application/json"), DocumentFormat::kFhirJson);
  EXPECT_EQ(ParseDocumentMediaType("application/zip").error().code, ErrorCode::kInvalidArgument);
  for (DocumentFormat format :
       {DocumentFormat::kPdf, DocumentFormat::kPng, DocumentFormat::kJpeg, DocumentFormat::kText,
        DocumentFormat::kCcda, DocumentFormat::kFhirJson}) {
    EXPECT_EQ(*ParseDocumentMediaType(DocumentFormatMediaType(format)), format);
  }
}

TEST(DocumentScannerTest, CountsTextPagesByLines) {
  EXPECT_EQ(Scan("one line without newline")->pages, 1);
  EXPECT_EQ(Scan("a\nb\nc\n")->pages, 1);
  EXPECT_EQ(Scan("a\nb\nc\nd")->pages, 2);  // 3 lines per page here.
  Result<DocumentScan> scan = Scan("1\n2\n3\n4\n5\n6\n7\n");
  ASSERT_TRUE(scan);
  EXPECT_EQ(scan->pages, 3);
  EXPECT_EQ(scan->size, 14);
  EXPECT_EQ(scan->format, DocumentFormat::kText);
}

TEST(DocumentScannerTest, RejectsBinaryAfterTheSniffedHead) {
  std::string text(2000, 'a');
  text[1500] = '\0';
  Result<DocumentScan> scan = Scan(text);
  ASSERT_FALSE(scan);
  EXPECT_EQ(scan.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Scan("ends inside \xc3").error().code, ErrorCode::kInvalidArgument);
}

TEST(DocumentScannerTest, DeclaredTypeMustMatch) {
  Result<DocumentScan> scan = Scan(Png(), DocumentFormat::kPdf);
  ASSERT_FALSE(scan);
  EXPECT_EQ(scan.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(scan.error().message.find("declared type application/pdf"), std::string::npos);
  EXPECT_TRUE(Scan(Png(), DocumentFormat::kPng));
}

TEST(DocumentScannerTest, EnforcesTheSizeLimitWhileStreaming) {
  DocumentScanner scanner(std::nullopt, 10);
  EXPECT_TRUE(scanner.Update("0123456789"));
  Status over = scanner.Update("x");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(scanner.Finish().error().code, ErrorCode::kResourceExhausted);  // Sticky.
}

TEST(DocumentScannerTest, ChecksPngStructure) {
  for (std::size_t piece : {1u, 5u, 4096u}) {
    Result<DocumentScan> scan = Scan(Png(), std::nullopt, piece);
    ASSERT_TRUE(scan) << scan.error().message;
    EXPECT_EQ(scan->pages, 1);
    EXPECT_EQ(scan->format, DocumentFormat::kPng);
  }
  std::string bad_crc = Png();
  bad_crc[bad_crc.size() - 14] ^= 0x01;  // Inside IDAT's data.
  EXPECT_NE(Scan(bad_crc).error().message.find("CRC"), std::string::npos);
  std::string truncated = Png().substr(0, Png().size() - 12);
  EXPECT_NE(Scan(truncated).error().message.find("truncated PNG"), std::string::npos);
  EXPECT_EQ(Scan(Png() + "junk").error().code, ErrorCode::kInvalidArgument);
  std::string no_ihdr = std::string("\x89PNG\r\n\x1a\n", 8) + PngChunk("IEND", "");
  EXPECT_EQ(Scan(no_ihdr).error().code, ErrorCode::kInvalidArgument);
}

TEST(DocumentScannerTest, ChecksJpegEndMarker) {
  std::string jpeg = "\xff\xd8\xff\xe0 synthetic scan data \xff\xd9";
  EXPECT_EQ(Scan(jpeg)->pages, 1);
  Result<DocumentScan> truncated = Scan(jpeg.substr(0, jpeg.size() - 2));
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message.find("end-of-image"), std::string::npos);
}

TEST(DocumentScannerTest, ChecksPdfEndOfFileMarker) {
  std::string pdf = "%PDF-1.4\n" + std::string(3000, 'x') + "\n%%EOF\n";
  Result<DocumentScan> scan = Scan(pdf);
  ASSERT_TRUE(scan);
  EXPECT_EQ(scan->pages, 0);  // Counted by the PDF reader.
  EXPECT_NE(Scan(pdf.substr(0, 2000)).error().message.find("truncated PDF"), std::string::npos);
}

TEST(Crc32Test, MatchesTheKnownCheckValue) {
  EXPECT_EQ(Crc32Update(0xffffffffu, "123456789") ^ 0xffffffffu, 0xcbf43926u);
}

}  // namespace
}  // namespace roi
