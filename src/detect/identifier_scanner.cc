#include "detect/identifier_scanner.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace roi::detect {
namespace {

constexpr std::size_t kMaxSpan = kIdentifierMaxSpan;

constexpr std::array<BuiltinPattern, kIdentifierPatternCount> kBuiltins = {{
    {IdentifierPattern::kSsn, R"([0-8][0-9]{2}-[0-9]{2}-[0-9]{4})", false, true},
    {IdentifierPattern::kPhone,
     R"((\+1[-.\s]?)?(\([0-9]{3}\)\s?|\b[0-9]{3}[-.\s])[0-9]{3}[-.][0-9]{4}\b)", false, false},
    {IdentifierPattern::kEmail,
     R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b)", false, false},
    {IdentifierPattern::kStreetAddress,
     R"([0-9]{1,5}\s+([A-Z][A-Za-z]+\s+){1,3}(Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy))",
     false, true},
    {IdentifierPattern::kDateNumeric,
     R"((0?[1-9]|1[0-2])/(0?[1-9]|[12][0-9]|3[01])/(19|20)[0-9]{2})", false, true},
    {IdentifierPattern::kDateIso, R"((19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))",
     false, true},
    {IdentifierPattern::kDateWords,
     R"((Jan(uary)?|Feb(ruary)?|Mar(ch)?|Apr(il)?|May|June?|July?|Aug(ust)?|Sep(t(ember)?)?|Oct(ober)?|Nov(ember)?|Dec(ember)?)\.?\s+[0-9]{1,2}(st|nd|rd|th)?,?\s+(19|20)[0-9]{2})",
     false, true},
}};

constexpr std::array<std::string_view, 20> kStreetSuffixes = {
    "Street", "St", "Avenue", "Ave", "Road", "Rd",    "Boulevard", "Blvd",    "Lane",    "Ln",
    "Drive",  "Dr", "Court",  "Ct",  "Way",  "Place", "Pl",        "Terrace", "Parkway", "Pkwy"};

constexpr std::array<std::string_view, 24> kMonths = {
    "Jan",  "January",   "Feb",  "February", "Mar",  "March",    "Apr",    "April",
    "May",  "Jun",       "June", "Jul",      "July", "Aug",      "August", "Sep",
    "Sept", "September", "Oct",  "October",  "Nov",  "November", "Dec",    "December"};

constexpr std::size_t Index(IdentifierPattern pattern) { return static_cast<std::size_t>(pattern); }

// The byte classes, as Hyperscan reads them without UTF-8 mode.
inline bool IsDigit(unsigned char c) { return static_cast<unsigned char>(c - '0') < 10; }
inline bool IsUpper(unsigned char c) { return static_cast<unsigned char>(c - 'A') < 26; }
inline bool IsAlpha(unsigned char c) { return static_cast<unsigned char>((c | 0x20) - 'a') < 26; }
inline bool IsWord(unsigned char c) { return IsAlpha(c) || IsDigit(c) || c == '_'; }
inline bool IsSpace(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
inline bool IsLocal(unsigned char c) {  // [A-Za-z0-9._%+-]
  return IsAlpha(c) || IsDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
inline bool IsDomain(unsigned char c) { return IsAlpha(c) || IsDigit(c) || c == '-'; }

// The scan of one text: bounds-checked byte access and the checks every recogniser shares.
class Text {
 public:
  explicit Text(std::string_view text)
      : p_(reinterpret_cast<const unsigned char*>(text.data())), n_(text.size()) {}
  std::size_t size() const { return n_; }
  // The byte at `i`, or 0 (no class holds it) past the end.
  unsigned char At(std::size_t i) const { return i < n_ ? p_[i] : 0; }
  const unsigned char* Data() const { return p_; }
  // \b before the word byte at `i`.
  bool BoundaryBefore(std::size_t i) const { return i == 0 || !IsWord(p_[i - 1]); }
  // \b after the word byte at `i - 1`.
  bool BoundaryAt(std::size_t i) const { return i >= n_ || !IsWord(p_[i]); }
  // Whether `count` digits start at `i`.
  bool Digits(std::size_t i, std::size_t count) const {
    if (i > n_ || n_ - i < count) return false;
    for (std::size_t k = 0; k < count; ++k) {
      if (!IsDigit(p_[i + k])) return false;
    }
    return true;
  }
  // Value of the two digits at `i` (REQUIRES: Digits(i, 2)).
  int Two(std::size_t i) const { return (p_[i] - '0') * 10 + (p_[i + 1] - '0'); }
  // (19|20)[0-9]{2} at `i`, then \b.
  bool Year(std::size_t i) const {
    if (!Digits(i, 4) || !BoundaryAt(i + 4)) return false;
    int century = Two(i);
    return century == 19 || century == 20;
  }
  bool Is(std::size_t i, std::string_view literal) const {
    return i <= n_ && n_ - i >= literal.size() &&
           std::memcmp(p_ + i, literal.data(), literal.size()) == 0;
  }
  // End of the run of bytes satisfying `in` that starts at `i`.
  template <typename Class>
  std::size_t RunEnd(std::size_t i, Class in) const {
    while (i < n_ && in(p_[i])) ++i;
    return i;
  }

 private:
  const unsigned char* p_;
  std::size_t n_;
};

// Where a match ending at `end` may start at the earliest: Hyperscan's path searches a window of
// kMaxSpan bytes before the end and, failing that, starts the span at the window.
inline std::size_t Floor(std::size_t end) { return end > kMaxSpan ? end - kMaxSpan : 0; }

struct Emitter {
  const std::array<std::uint32_t, kIdentifierPatternCount>& entries;
  void (*sink)(void*, std::size_t, std::size_t, std::uint32_t);
  void* context;
  void operator()(IdentifierPattern pattern, std::size_t begin, std::size_t end) const {
    sink(context, begin, end, entries[Index(pattern)]);
  }
};

// SSN: the digit run [a, b) is the first group.
void Ssn(const Text& t, std::size_t a, std::size_t b, const Emitter& emit) {
  if (b - a != 3 || t.At(a) > '8' || !t.BoundaryBefore(a)) return;
  if (t.At(b) != '-' || !t.Digits(b + 1, 2) || t.At(b + 3) != '-' || !t.Digits(b + 4, 4) ||
      !t.BoundaryAt(b + 8)) {
    return;
  }
  emit(IdentifierPattern::kSsn, a, b + 8);
}

// "+1" and an optional separator just before `first`: where the match starts.
inline bool IsPhoneSeparator(unsigned char c) { return c == '-' || c == '.' || IsSpace(c); }

// Phone: the digit run [a, b) is the area code, bare or in parentheses.
void Phone(const Text& t, std::size_t a, std::size_t b, const Emitter& emit) {
  if (b - a != 3) return;
  std::size_t start = 0;
  std::size_t rest = 0;  // Where the exchange starts.
  if (t.At(b) == ')' && a > 0 && t.At(a - 1) == '(') {
    start = a - 1;
    rest = IsSpace(t.At(b + 1)) ? b + 2 : b + 1;
    if (start >= 2 && t.Is(start - 2, "+1")) {
      start -= 2;
    } else if (start >= 3 && IsPhoneSeparator(t.At(start - 1)) && t.Is(start - 3, "+1")) {
      start -= 3;
    }
  } else if (IsPhoneSeparator(t.At(b)) && t.BoundaryBefore(a)) {
    start = a;
    rest = b + 1;
    // Without a separator "+1" would touch the area code, and \b would fail.
    if (start >= 3 && IsPhoneSeparator(t.At(start - 1)) && t.Is(start - 3, "+1")) start -= 3;
  } else {
    return;
  }
  unsigned char dash = t.At(rest + 3);
  if (!t.Digits(rest, 3) || (dash != '-' && dash != '.') || !t.Digits(rest + 4, 4) ||
      !t.BoundaryAt(rest + 8)) {
    return;
  }
  emit(IdentifierPattern::kPhone, start, rest + 8);
}

// Numeric date: the digit run [a, b) is the month.
void DateNumeric(const Text& t, std::size_t a, std::size_t b, const Emitter& emit) {
  std::size_t len = b - a;
  if (len > 2 || !t.BoundaryBefore(a) || t.At(b) != '/') return;
  int month = len == 1 ? t.At(a) - '0' : t.Two(a);
  if (month < 1 || month > 12) return;
  std::size_t day_end = t.RunEnd(b + 1, IsDigit);
  std::size_t day_len = day_end - (b + 1);
  if (day_len < 1 || day_len > 2 || t.At(day_end) != '/') return;
  int day = day_len == 1 ? t.At(b + 1) - '0' : t.Two(b + 1);
  if (day < 1 || day > 31) return;
  if (!t.Year(day_end + 1)) return;
  emit(IdentifierPattern::kDateNumeric, a, day_end + 5);
}

// ISO date: the digit run [a, b) is the year.
void DateIso(const Text& t, std::size_t a, std::size_t b, const Emitter& emit) {
  if (b - a != 4 || !t.BoundaryBefore(a)) return;
  int century = t.Two(a);
  if (century != 19 && century != 20) return;
  if (t.At(b) != '-' || !t.Digits(b + 1, 2) || t.At(b + 3) != '-' || !t.Digits(b + 4, 2) ||
      !t.BoundaryAt(b + 6)) {
    return;
  }
  int month = t.Two(b + 1);
  int day = t.Two(b + 4);
  if (month < 1 || month > 12 || day < 1 || day > 31) return;
  emit(IdentifierPattern::kDateIso, a, b + 6);
}

// Street address: the digit run [a, b) is the house number; then one to three capitalised words
// and a suffix, each after whitespace.  Every suffix that ends a match counts ("12 Main St Court"
// has two matches).
void StreetAddress(const Text& t, std::size_t a, std::size_t b, const Emitter& emit) {
  if (b - a > 5 || !t.BoundaryBefore(a)) return;
  std::size_t p = t.RunEnd(b, IsSpace);
  if (p == b) return;
  for (int words = 0; words <= 3; ++words) {
    if (words > 0) {
      std::size_t end = t.RunEnd(p, IsWord);
      std::string_view token(reinterpret_cast<const char*>(t.Data()) + p, end - p);
      if (std::find(kStreetSuffixes.begin(), kStreetSuffixes.end(), token) !=
          kStreetSuffixes.end()) {
        emit(IdentifierPattern::kStreetAddress, std::max(a, Floor(end)), end);
      }
      if (words == 3) break;
    }
    if (!IsUpper(t.At(p))) break;
    std::size_t word_end = t.RunEnd(p + 1, IsAlpha);
    if (word_end - p < 2) break;
    std::size_t next = t.RunEnd(word_end, IsSpace);
    if (next == word_end) break;
    p = next;
  }
}

// Date in words: the digit run [a, b) is the day; the month is before it, the year after.
void DateWords(const Text& t, std::size_t a, std::size_t b, const Emitter& emit) {
  if (b - a > 2 || a == 0 || !IsSpace(t.At(a - 1))) return;
  std::size_t p = b;
  if (t.Is(p, "st") || t.Is(p, "nd") || t.Is(p, "rd") || t.Is(p, "th")) p += 2;
  if (t.At(p) == ',') ++p;
  std::size_t year = t.RunEnd(p, IsSpace);
  if (year == p || !t.Year(year)) return;
  std::size_t m = a - 1;  // Back over the whitespace, an optional '.', and the month.
  while (m > 0 && IsSpace(t.At(m - 1))) --m;
  if (m > 0 && t.At(m - 1) == '.') --m;
  std::size_t s = m;
  while (s > 0 && m - s < 10 && IsWord(t.At(s - 1))) --s;
  if (!t.BoundaryBefore(s)) return;
  std::string_view month(reinterpret_cast<const char*>(t.Data()) + s, m - s);
  if (std::find(kMonths.begin(), kMonths.end(), month) == kMonths.end()) return;
  std::size_t end = year + 4;
  emit(IdentifierPattern::kDateWords, std::max(s, Floor(end)), end);
}

// E-mail: `at` is an '@'.  Every label after the first that starts with two or more letters
// followed by a non-word byte ends a match.
void Email(const Text& t, std::size_t at, const Emitter& emit) {
  std::size_t local = at;
  while (local > 0 && at - local <= kMaxSpan && IsLocal(t.At(local - 1))) --local;
  if (local == at) return;
  std::size_t q = at + 1;
  for (bool first = true;; first = false) {
    std::size_t label_end = t.RunEnd(q, IsDomain);
    if (label_end == q) return;
    if (!first) {
      std::size_t letters = t.RunEnd(q, IsAlpha);
      if (letters - q >= 2 && t.BoundaryAt(letters)) {
        emit(IdentifierPattern::kEmail, std::max(local, Floor(letters)), letters);
      }
    }
    if (t.At(label_end) != '.') return;
    q = label_end + 1;
  }
}

// The next digit (or '@' when `at_signs`) at or after `i`; the text's size if none.
std::size_t NextInteresting(const Text& t, std::size_t i, bool at_signs) {
  const unsigned char* p = t.Data();
  std::size_t n = t.size();
#if defined(__SSE2__)
  const __m128i zero = _mm_set1_epi8('0');
  const __m128i nine = _mm_set1_epi8(9);
  const __m128i at = _mm_set1_epi8(at_signs ? '@' : '0');
  while (i + 16 <= n) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i d = _mm_sub_epi8(v, zero);
    __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d);
    int mask = _mm_movemask_epi8(_mm_or_si128(digit, _mm_cmpeq_epi8(v, at)));
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    i += 16;
  }
#endif
  while (i < n && !IsDigit(p[i]) && !(at_signs && p[i] == '@')) ++i;
  return i;
}

}  // namespace

const std::array<BuiltinPattern, kIdentifierPatternCount>& BuiltinPatterns() { return kBuiltins; }

std::optional<IdentifierPattern> BuiltinPatternOf(const LexiconEntry& entry) {
  if (entry.kind != LexiconKind::kRegex) return std::nullopt;
  for (const BuiltinPattern& builtin : kBuiltins) {
    if (entry.text == builtin.expression && entry.caseless == builtin.caseless &&
        entry.whole_words == builtin.whole_words) {
      return builtin.pattern;
    }
  }
  return std::nullopt;
}

void IdentifierScanner::Enable(IdentifierPattern pattern, std::uint32_t entry) {
  entries_[Index(pattern)] = entry;
  if (pattern != IdentifierPattern::kEmail) any_digit_pattern_ = true;
}

bool IdentifierScanner::Enabled(IdentifierPattern pattern) const {
  return entries_[Index(pattern)] != kOff;
}

bool IdentifierScanner::Empty() const {
  return std::all_of(entries_.begin(), entries_.end(), [](std::uint32_t e) { return e == kOff; });
}

void IdentifierScanner::Run(std::string_view text, Sink sink, void* context) const {
  if (Empty()) return;
  const Text t(text);
  const Emitter emit{entries_, sink, context};
  const bool email = Enabled(IdentifierPattern::kEmail);
  const bool ssn = Enabled(IdentifierPattern::kSsn);
  const bool phone = Enabled(IdentifierPattern::kPhone);
  const bool address = Enabled(IdentifierPattern::kStreetAddress);
  const bool numeric = Enabled(IdentifierPattern::kDateNumeric);
  const bool iso = Enabled(IdentifierPattern::kDateIso);
  const bool words = Enabled(IdentifierPattern::kDateWords);
  std::size_t i = 0;
  const std::size_t n = t.size();
  while (true) {
    if (any_digit_pattern_) {
      i = NextInteresting(t, i, email);
    } else {
      const void* found = std::memchr(t.Data() + i, '@', n - i);
      i = found != nullptr
              ? static_cast<std::size_t>(static_cast<const unsigned char*>(found) - t.Data())
              : n;
    }
    if (i >= n) return;
    if (t.At(i) == '@') {
      Email(t, i, emit);
      ++i;
      continue;
    }
    // A maximal run of digits [i, b): the byte before i is not a digit, since runs are skipped
    // whole.
    std::size_t b = t.RunEnd(i, IsDigit);
    if (ssn) Ssn(t, i, b, emit);
    if (phone) Phone(t, i, b, emit);
    if (numeric) DateNumeric(t, i, b, emit);
    if (iso) DateIso(t, i, b, emit);
    if (address) StreetAddress(t, i, b, emit);
    if (words) DateWords(t, i, b, emit);
    i = b;
  }
}

std::vector<RawMatch> IdentifierScanner::Matches(std::string_view text) const {
  std::vector<RawMatch> matches;
  Scan(text, [&](std::size_t begin, std::size_t end, std::uint32_t entry) {
    matches.push_back({.begin = begin, .end = end, .entry = entry});
  });
  return matches;
}

}  // namespace roi::detect
