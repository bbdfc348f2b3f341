// Small synthetic files for document store tests: well-formed PDFs, PNGs and JPEGs, and hostile
// variants of them.  Every file is generated; nothing here is real patient data.
#pragma once

#include <string>
#include <vector>

namespace roi::testing {

// A PDF whose objects 1..n have the given bodies (object 1 must be the catalog), with a correct
// cross-reference table and trailer.
std::string PdfFromObjects(const std::vector<std::string>& objects);
// A well-formed PDF of `pages` empty pages.
std::string SyntheticPdf(int pages);
// A PDF whose page tree is a chain of `depth` nested /Pages nodes ending in one page.
std::string DeepPageTreePdf(int depth);
// A PDF whose page carries an array nested `depth` levels deep.
std::string DeeplyNestedPdf(int depth);
// A PDF whose page tree points back at itself.
std::string LoopingPdf();
// A well-formed 1x1 PNG; a JPEG-looking file with start and end markers.
std::string SyntheticPng();
std::string SyntheticJpeg();
// A minimal C-CDA document and FHIR resource.
std::string SyntheticCcda();
std::string SyntheticFhirJson();

}  // namespace roi::testing
