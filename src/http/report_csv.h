// CSV for the report downloads: RFC 4180 (CRLF line ends; a cell holding a comma, a quote, CR or
// LF is quoted, its quotes doubled), and a cell that a spreadsheet would read as a formula — one
// starting with = + - @, a tab or CR — is prefixed with ' so it stays text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace roi::http {

// One cell as written to the file.
std::string CsvCell(std::string_view text);

// The rows, each cell through CsvCell, joined by ',' and ended by CRLF.
std::string CsvTable(const std::vector<std::vector<std::string>>& rows);

}  // namespace roi::http
