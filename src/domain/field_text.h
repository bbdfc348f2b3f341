// FieldText: a small, lossless text form for a list of named string fields ("key=value" lines,
// with backslash, newline and carriage return escaped in values).  Storage keeps the facts of a
// request that are always read and written as a unit (scope, authorization elements, legal facts)
// and the body of a letter in this form.  Pure: no I/O.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace roi {

// Value type: fields in order; a key may repeat.
using Fields = std::vector<std::pair<std::string, std::string>>;

// One "key=value" line per field.  REQUIRES: keys are non-empty and contain no '=' or newline.
std::string EncodeFields(const Fields& fields);

// The inverse of EncodeFields.  Returns InvalidArgument for a line without '=' or a bad escape.
Result<Fields> DecodeFields(std::string_view text);

// The value of the first field named `key`, or "" when absent.
std::string_view FieldValue(const Fields& fields, std::string_view key);

// `items` joined with ',' and split back (an empty string gives an empty list).  REQUIRES: no
// item contains ','.
std::string JoinList(const std::vector<std::string>& items);
std::vector<std::string> SplitList(std::string_view text);

}  // namespace roi
