#include "render/cairo_renderer.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace roi::render {
namespace {

constexpr double kPageWidth = 612;  // US Letter, points.
constexpr double kPageHeight = 792;
constexpr double kMargin = 72;
constexpr double kTextWidth = kPageWidth - 2 * kMargin;
constexpr const char* kSans = "DejaVu Sans";
constexpr const char* kMono = "DejaVu Sans Mono";

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for a stray byte).
std::size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

struct Font {
  const char* family = kSans;
  cairo_font_weight_t weight = CAIRO_FONT_WEIGHT_NORMAL;
  double size = 11;
  double indent = 0;
  double space_after = 6;
};

// Lays text out top to bottom, starting a new page when the next line would not fit.
class Layout {
 public:
  explicit Layout(cairo_t* cr) : cr_(cr) {}

  void Use(const Font& font) {
    font_ = font;
    cairo_select_font_face(cr_, font.family, CAIRO_FONT_SLANT_NORMAL, font.weight);
    cairo_set_font_size(cr_, font.size);
  }

  double Width(std::string_view text) {
    std::string s(text);
    cairo_text_extents_t extents;
    cairo_text_extents(cr_, s.c_str(), &extents);
    return extents.x_advance;
  }

  void Line(std::string_view text) {
    double height = font_.size * 1.35;
    if (y_ + height > kPageHeight - kMargin) {
      cairo_show_page(cr_);
      y_ = kMargin;
    }
    y_ += height;
    cairo_move_to(cr_, kMargin + font_.indent, y_ - font_.size * 0.3);
    std::string s(text);
    cairo_show_text(cr_, s.c_str());
  }

  // Word wrap within the text width; a word longer than a line is split between characters.
  void Wrapped(std::string_view text) {
    double width = kTextWidth - font_.indent;
    std::string line;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find(' ', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view word = text.substr(start, end - start);
      start = end + 1;
      if (word.empty()) continue;
      std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
      if (Width(candidate) <= width) {
        line = std::move(candidate);
        continue;
      }
      if (!line.empty()) Line(line);
      line.clear();
      // Split an over-long word.
      std::string piece;
      for (std::size_t i = 0; i < word.size();) {
        std::size_t n = std::min(Utf8Length(static_cast<unsigned char>(word[i])), word.size() - i);
        std::string next = piece + std::string(word.substr(i, n));
        if (!piece.empty() && Width(next) > width) {
          Line(piece);
          piece = std::string(word.substr(i, n));
        } else {
          piece = std::move(next);
        }
        i += n;
      }
      line = std::move(piece);
    }
    if (!line.empty()) Line(line);
  }

  // Keeps every line break of `text`; wraps lines that are too long.
  void Preformatted(std::string_view text) {
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(' ') == std::string_view::npos) {
        Line("");
      } else {
        Wrapped(line);
      }
      if (end == text.size()) break;
      start = end + 1;
    }
  }

  void Space(double points) { y_ += points; }
  double SpaceAfter() const { return font_.space_after; }

  // Paints `image` (width x height pixels) scaled to fit the text width and the rest of the page
  // (a new page when less than a third of it is left), never enlarged past 72 dpi.
  void Image(cairo_surface_t* image, int width, int height) {
    if (width <= 0 || height <= 0) return;
    double room = kPageHeight - kMargin - y_;
    if (room < (kPageHeight - 2 * kMargin) / 3) {
      cairo_show_page(cr_);
      y_ = kMargin;
      room = kPageHeight - 2 * kMargin;
    }
    double scale = std::min({1.0, kTextWidth / width, room / height});
    cairo_save(cr_);
    cairo_translate(cr_, kMargin, y_);
    cairo_scale(cr_, scale, scale);
    cairo_set_source_surface(cr_, image, 0, 0);
    cairo_paint(cr_);
    cairo_restore(cr_);
    y_ += height * scale;
  }

 private:
  cairo_t* cr_;
  Font font_;
  double y_ = kMargin;
};

Font StyleFont(PrintBlock::Style style) {
  switch (style) {
    case PrintBlock::Style::kHeading:
      return {kSans, CAIRO_FONT_WEIGHT_BOLD, 12, 0, 4};
    case PrintBlock::Style::kParagraph:
      return {kSans, CAIRO_FONT_WEIGHT_NORMAL, 11, 0, 8};
    case PrintBlock::Style::kItem:
      return {kSans, CAIRO_FONT_WEIGHT_NORMAL, 11, 18, 4};
    case PrintBlock::Style::kCitation:
      return {kSans, CAIRO_FONT_WEIGHT_NORMAL, 9, 0, 2};
    case PrintBlock::Style::kMonospace:
      return {kMono, CAIRO_FONT_WEIGHT_NORMAL, 9, 0, 0};
    case PrintBlock::Style::kImage:
      return {kSans, CAIRO_FONT_WEIGHT_NORMAL, 11, 0, 8};
  }
  return {};
}

// Drops bytes cairo would refuse (cairo_show_text needs valid UTF-8): invalid sequences become
// U+FFFD, control characters other than newline and tab are dropped, tabs become spaces.
std::string CleanUtf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size();) {
    auto lead = static_cast<unsigned char>(in[i]);
    std::size_t n = Utf8Length(lead);
    bool valid = lead < 0x80 || (lead >= 0xC2 && lead <= 0xF4 && i + n <= in.size());
    for (std::size_t k = 1; valid && k < n; ++k) {
      valid = (static_cast<unsigned char>(in[i + k]) & 0xC0) == 0x80;
    }
    if (!valid) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (lead == '\t') {
      out += "    ";
    } else if (lead >= 0x20 || lead == '\n') {
      out.append(in.substr(i, n));
    }
    i += n;
  }
  return out;
}

struct PngReader {
  std::string_view bytes;
  std::size_t at = 0;
};

cairo_status_t ReadPng(void* closure, unsigned char* data, unsigned int length) {
  auto* reader = static_cast<PngReader*>(closure);
  if (reader->bytes.size() - reader->at < length) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, reader->bytes.data() + reader->at, length);
  reader->at += length;
  return CAIRO_STATUS_SUCCESS;
}

// The pixel size of a baseline or progressive JPEG, from its first SOF marker.
bool JpegSize(std::string_view jpeg, int& width, int& height) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(jpeg[i]); };
  if (jpeg.size() < 4 || byte(0) != 0xFF || byte(1) != 0xD8) return false;
  std::size_t i = 2;
  while (i + 4 <= jpeg.size()) {
    if (byte(i) != 0xFF) return false;
    unsigned char marker = byte(i + 1);
    if (marker == 0xFF) {
      ++i;
      continue;
    }
    std::size_t length = (std::size_t{byte(i + 2)} << 8) | byte(i + 3);
    bool sof =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      if (i + 9 > jpeg.size()) return false;
      height = (byte(i + 5) << 8) | byte(i + 6);
      width = (byte(i + 7) << 8) | byte(i + 8);
      return width > 0 && height > 0;
    }
    if (length < 2) return false;
    i += 2 + length;
  }
  return false;
}

using SurfacePtr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;

// The image of a kImage block: a PNG decoded by cairo, or a JPEG embedded as it is (the PDF
// surface writes the JPEG bytes attached as mime data instead of the blank pixels).
Result<SurfacePtr> ImageSurface(std::string_view bytes, int& width, int& height) {
  if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) {
    PngReader reader{bytes};
    SurfacePtr surface(cairo_image_surface_create_from_png_stream(ReadPng, &reader),
                       cairo_surface_destroy);
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
      return InvalidArgumentError("image: the PNG cannot be decoded");
    }
    width = cairo_image_surface_get_width(surface.get());
    height = cairo_image_surface_get_height(surface.get());
    return surface;
  }
  if (!JpegSize(bytes, width, height)) {
    return InvalidArgumentError("image: neither a PNG nor a JPEG with a readable size");
  }
  if (static_cast<std::int64_t>(width) * height > std::int64_t{100'000'000}) {
    return InvalidArgumentError("image: the JPEG is larger than 100 megapixels");
  }
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height),
                     cairo_surface_destroy);
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return InternalError("cairo: cannot create an image surface");
  }
  auto* copy = new std::string(bytes);
  cairo_status_t attached = cairo_surface_set_mime_data(
      surface.get(), CAIRO_MIME_TYPE_JPEG, reinterpret_cast<const unsigned char*>(copy->data()),
      copy->size(), [](void* data) { delete static_cast<std::string*>(data); }, copy);
  if (attached != CAIRO_STATUS_SUCCESS) {
    delete copy;
    return InternalError("cairo: cannot attach the JPEG");
  }
  return surface;
}

}  // namespace

Result<std::string> CairoRenderer::RenderPdf(const Printable& printable) const {
  std::string bytes;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_pdf_surface_create_for_stream(AppendBytes, &bytes, kPageWidth, kPageHeight),
      cairo_surface_destroy);
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return InternalError(std::string("cairo: ") +
                         cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  // cairo writes the current time unless told; the printable's day keeps output reproducible.
  std::string created =
      (printable.created.empty() ? "1970-01-01" : printable.created) + "T00:00:00Z";
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, created.c_str());
  std::string title = CleanUtf8(printable.title);
  if (!title.empty()) {
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  }
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> context(cairo_create(surface.get()),
                                                             cairo_destroy);
  cairo_t* cr = context.get();
  cairo_set_source_rgb(cr, 0, 0, 0);
  Layout layout(cr);

  if (!printable.letterhead.empty()) {
    layout.Use({kSans, CAIRO_FONT_WEIGHT_BOLD, 16, 0, 2});
    layout.Wrapped(CleanUtf8(printable.letterhead));
    cairo_set_line_width(cr, 0.75);
    layout.Space(4);
  }
  layout.Use({kSans, CAIRO_FONT_WEIGHT_NORMAL, 11, 0, 0});
  if (!printable.date.empty()) {
    layout.Space(10);
    layout.Line(CleanUtf8(printable.date));
  }
  if (!printable.recipient.empty()) {
    layout.Space(14);
    for (const std::string& line : printable.recipient) layout.Wrapped(CleanUtf8(line));
  }
  if (!printable.title.empty()) {
    layout.Space(18);
    layout.Use({kSans, CAIRO_FONT_WEIGHT_BOLD, 13, 0, 8});
    layout.Wrapped(title);
    layout.Space(layout.SpaceAfter());
  }
  for (const PrintBlock& block : printable.blocks) {
    if (block.style == PrintBlock::Style::kImage) {
      int width = 0;
      int height = 0;
      Result<SurfacePtr> image = ImageSurface(block.text, width, height);
      if (!image) return image.error();
      layout.Image(image->get(), width, height);
      layout.Space(StyleFont(block.style).space_after);
      continue;
    }
    layout.Use(StyleFont(block.style));
    std::string text = CleanUtf8(block.text);
    if (block.style == PrintBlock::Style::kMonospace) {
      layout.Preformatted(text);
    } else {
      if (block.style == PrintBlock::Style::kHeading) layout.Space(6);
      layout.Wrapped(text);
    }
    layout.Space(layout.SpaceAfter());
  }
  context.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return InternalError(std::string("cairo: ") +
                         cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  surface.reset();
  return bytes;
}

}  // namespace roi::render
