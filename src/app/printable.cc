#include "app/printable.h"

#include <functional>
#include <map>
#include <utility>

#include "base/error.h"
#include "domain/field_text.h"

namespace roi {
namespace {

using Style = PrintBlock::Style;

class Builder {
 public:
  explicit Builder(const Letter& letter) : letter_(letter) {}

  std::string Get(std::string_view key) const { return std::string(FieldValue(letter_.body, key)); }
  void Heading(std::string text) { blocks_.push_back({Style::kHeading, std::move(text)}); }
  void Paragraph(std::string text) {
    if (!text.empty()) blocks_.push_back({Style::kParagraph, std::move(text)});
  }
  void Item(std::string text) { blocks_.push_back({Style::kItem, std::move(text)}); }

  // Items "<prefix>.N.<field>" for N = 1, 2, ... while present, each formatted by `format`.
  int Items(std::string_view prefix, std::string_view field,
            const std::function<std::string(const std::string&)>& format) {
    int n = 0;
    for (;; ++n) {
      std::string base = std::string(prefix) + "." + std::to_string(n + 1);
      std::string key = field.empty() ? base : base + "." + std::string(field);
      if (FieldValue(letter_.body, key).empty()) break;
      Item(std::to_string(n + 1) + ". " + format(base));
    }
    return n;
  }

  void Review() {
    Heading("Your right to have this denial reviewed");
    Paragraph(Get("review.how"));
  }
  void Complaints() {
    Heading("Your right to complain");
    Paragraph("You may complain to " + Get("complaint.privacy_officer") + ", or to the " +
              Get("complaint.hhs_ocr") +
              ". We will not retaliate against you for filing a complaint.");
  }
  void Citations() {
    std::vector<PrintBlock> cites;
    for (int n = 1;; ++n) {
      std::string_view cite = FieldValue(letter_.body, "citation." + std::to_string(n));
      if (cite.empty()) break;
      cites.push_back({Style::kCitation, std::string(cite)});
    }
    if (cites.empty()) return;
    Heading("Legal basis");
    blocks_.insert(blocks_.end(), cites.begin(), cites.end());
  }

  std::vector<PrintBlock> Take() { return std::move(blocks_); }

 private:
  const Letter& letter_;
  std::vector<PrintBlock> blocks_;
};

std::string Re(const Builder& b) {
  std::string text =
      "Re: request " + b.Get("request_number") + ", received " + b.Get("received_on");
  if (!b.Get("patient_name").empty()) text += ", records of " + b.Get("patient_name");
  return text + ".";
}

std::string CodeText(const Builder& b, const std::string& key) {
  return b.Get(key + ".text") + " (" + b.Get(key + ".code") + ")";
}

using Template = std::function<std::string(Builder&)>;  // Fills the blocks, returns the title.

const std::map<std::string, Template, std::less<>>& Templates() {
  static const std::map<std::string, Template, std::less<>> kTemplates = {
      {"acknowledgment",
       [](Builder& b) {
         b.Paragraph(Re(b));
         b.Paragraph("We received your request for health information on " + b.Get("received_on") +
                     " (" + b.Get("channel") + "). Its number is " + b.Get("request_number") +
                     "; please quote it when you contact us.");
         if (!b.Get("basis").empty() || !b.Get("purpose").empty()) {
           b.Paragraph("Basis: " + b.Get("basis") + ". Purpose: " + b.Get("purpose") + ".");
         }
         if (!b.Get("due_on").empty()) {
           b.Paragraph("We will respond no later than " + b.Get("due_on") + ".");
         }
         return std::string("Acknowledgment of your request");
       }},
      {"pending_information",
       [](Builder& b) {
         b.Paragraph(Re(b));
         b.Paragraph("Before we can go on with your request we need the following:");
         b.Items("deficiency", "code", [&b](const std::string& k) { return CodeText(b, k); });
         if (!b.Get("due_on").empty()) {
           b.Paragraph("Our response is due by " + b.Get("due_on") +
                       ". Please send the information as soon as you can.");
         }
         b.Citations();
         return std::string("Information needed for your request");
       }},
      {"extension",
       [](Builder& b) {
         b.Paragraph(Re(b));
         b.Paragraph("We need more time to act on your request: " + b.Get("reason") + ".");
         std::string was = b.Get("original_due_on");
         b.Paragraph("We will respond no later than " + b.Get("new_due_on") +
                     (was.empty() ? "" : " (instead of " + was + ")") +
                     ". This is the only extension we may take.");
         b.Citations();
         return std::string("Notice of extension");
       }},
      {"denial",
       [](Builder& b) {
         b.Paragraph(Re(b));
         b.Paragraph("We have denied your request. The basis for the denial:");
         b.Items("basis", "code", [&b](const std::string& k) { return CodeText(b, k); });
         b.Review();
         b.Complaints();
         b.Citations();
         return std::string("Denial of your request");
       }},
      {"partial_denial",
       [](Builder& b) {
         b.Paragraph(Re(b));
         b.Paragraph("We are releasing the records you asked for, except the following:");
         b.Items("withheld", "document", [&b](const std::string& k) {
           return b.Get(k + ".document") + ": " + b.Get(k + ".reasons");
         });
         b.Review();
         b.Complaints();
         b.Citations();
         return std::string("Partial denial of your request");
       }},
      {"release_cover",
       [](Builder& b) {
         b.Paragraph(Re(b));
         b.Paragraph("Enclosed are the records released in answer to your request:");
         b.Items("enclosed", "", [&b](const std::string& k) { return b.Get(k); });
         b.Paragraph("Maximum fee: " + b.Get("fee_max") + " (" + b.Get("fee_basis") + ").");
         b.Paragraph(b.Get("partial"));
         std::vector<std::string> notices;
         for (int n = 1;; ++n) {
           std::string key = "notice." + std::to_string(n);
           if (b.Get(key + ".code").empty()) break;
           notices.push_back(CodeText(b, key));
         }
         if (!notices.empty()) {
           b.Heading("Notices");
           for (std::string& notice : notices) b.Paragraph(std::move(notice));
         }
         b.Citations();
         return std::string("Release of records");
       }},
      {"expiry",
       [](Builder& b) {
         b.Paragraph(Re(b));
         b.Paragraph("On " + b.Get("pending_since") +
                     " we asked you for more information. We "
                     "did not receive it within " +
                     b.Get("expiry_days") + " days, so we closed your request on " +
                     b.Get("closed_on") + ".");
         b.Paragraph("What was missing:");
         b.Items("deficiency", "code", [&b](const std::string& k) { return CodeText(b, k); });
         b.Paragraph(b.Get("next_step"));
         return std::string("Your request was closed");
       }},
      {"denial_review",
       [](Builder& b) {
         b.Paragraph(Re(b));
         b.Paragraph("On " + b.Get("review.requested_on") +
                     " you asked us to review our denial of your request. The review was done by " +
                     b.Get("review.reviewer") + " and decided on " + b.Get("review.decided_on") +
                     ".");
         b.Paragraph(b.Get("outcome"));
         b.Paragraph("The reviewer's reasons: " + b.Get("reasons"));
         b.Items("released", "", [&b](const std::string& k) { return b.Get(k); });
         if (!b.Get("complaint.hhs_ocr").empty()) b.Complaints();
         b.Citations();
         return std::string("Result of the review of your denial");
       }},
  };
  return kTemplates;
}

std::vector<std::string> RecipientLines(const Letter& letter) {
  std::vector<std::string> lines = {letter.recipient};
  std::string_view organization = FieldValue(letter.body, "requester_organization");
  if (!organization.empty() && organization != letter.recipient) {
    lines.emplace_back(organization);
  }
  std::string_view address = FieldValue(letter.body, "requester_address");
  std::size_t start = 0;
  while (start < address.size()) {
    std::size_t end = address.find('\n', start);
    if (end == std::string_view::npos) end = address.size();
    if (end > start) lines.emplace_back(address.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

Result<Printable> LetterPrintable(const Letter& letter) {
  auto it = Templates().find(letter.kind);
  if (it == Templates().end()) {
    return InvalidArgumentError("no template for letter kind '" + letter.kind + "'");
  }
  Builder builder(letter);
  Printable out;
  out.title = it->second(builder);
  out.blocks = builder.Take();
  out.letterhead = std::string(FieldValue(letter.body, "organization_name"));
  out.date = letter.date.ToString();
  out.recipient = RecipientLines(letter);
  out.created = letter.date.ToString();
  return out;
}

Printable AccountingPrintable(const Accounting& accounting, std::string_view organization_name,
                              std::string_view patient_name) {
  Printable out;
  out.letterhead = std::string(organization_name);
  out.date = accounting.as_of.ToString();
  out.recipient = {std::string(patient_name)};
  out.title = "Accounting of disclosures";
  out.created = accounting.as_of.ToString();
  out.blocks.push_back(
      {Style::kParagraph, "Disclosures of your health information from " +
                              accounting.window.from.ToString() + " to " +
                              accounting.window.to.ToString() +
                              " that the law requires us to "
                              "account for (45 CFR 164.528): " +
                              std::to_string(accounting.lines.size()) + " entries covering " +
                              std::to_string(accounting.DisclosureCount()) + " disclosures."});
  int n = 0;
  for (const AccountingLine& line : accounting.lines) {
    const DisclosureEntry& e = line.first;
    std::string text = std::to_string(++n) + ". " + e.disclosed_on.ToString();
    if (line.IsSummary()) {
      text += " to " + line.last_disclosed_on.ToString() + " (" + std::to_string(line.count) +
              " disclosures)";
    }
    text += ". To: " + e.recipient_name;
    if (!e.recipient_address.empty()) text += ", " + e.recipient_address;
    text += ". What: " + e.description + ". Why: " + e.purpose +
            ". Basis: " + std::string(DisclosureBasisName(e.basis)) + ".";
    out.blocks.push_back({Style::kItem, std::move(text)});
  }
  if (accounting.lines.empty()) {
    out.blocks.push_back({Style::kParagraph, "There were no such disclosures in this period."});
  }
  out.blocks.push_back({Style::kCitation,
                        "45 CFR 164.528: right to an accounting of disclosures "
                        "of protected health information."});
  return out;
}

Printable TextPrintable(std::string_view title, std::string_view text, Date created) {
  Printable out;
  out.title = std::string(title);
  out.created = created.ToString();
  out.blocks.push_back({Style::kMonospace, std::string(text)});
  return out;
}

}  // namespace roi
