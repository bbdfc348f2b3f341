// Precision and recall of the repository's lexicons on a synthetic labelled corpus that this test
// generates: templated clinical sentences (fixed seed) with planted sensitive phrases, phrases
// the lexicons deliberately miss, and distractors that look alike but are not sensitive.  The
// phrase lists are written here, apart from the lexicons, so the numbers mean something.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "unit/detect/detector_testing.h"

namespace roi::detect {
namespace {

using testing::RepositoryDetector;

constexpr std::size_t kCategories = kAllSensitiveCategories.size();

// Planted phrases per category, in SensitiveCategory order; identifiers are generated.  The
// last phrases of some lists are realistic misses (slang, shorthand the lexicons lack).
const std::array<std::vector<std::string>, kCategories - 1>& Positives() {
  static const std::array<std::vector<std::string>, kCategories - 1> positives = {{
      {"opioid use disorder",
       "Opioid Use Disorder",
       "alcohol use disorder",
       "alcohol dependence",
       "cocaine abuse",
       "heroin",
       "methadone maintenance",
       "Suboxone",
       "buprenorphine",
       "naltrexone",
       "IVDU",
       "injection drug use",
       "substance use disorder",
       "ETOH abuse",
       "detox",
       "overdose",
       "Narcotics Anonymous",
       "methamphetamine",
       "opioid\nuse disorder",
       "polysubstance use",
       "smokes crack"},
      {"HIV", "HIV-1", "hiv", "AIDS", "human immunodeficiency virus", "antiretroviral therapy",
       "PrEP", "pre-exposure prophylaxis", "Biktarvy", "Truvada", "CD4 count", "HAART",
       "seroconversion", "viral load undetectable"},
      {"chlamydia", "Chlamydia trachomatis", "gonorrhea", "syphilis", "genital herpes", "HSV-2",
       "trichomoniasis", "genital warts", "HPV", "sexually transmitted infection", "STI", "STDs",
       "pelvic inflammatory disease", "the clap"},
      {"major depression",
       "major depressive disorder",
       "bipolar disorder",
       "bipolar II",
       "schizophrenia",
       "PTSD",
       "post-traumatic stress disorder",
       "generalized anxiety disorder",
       "panic disorder",
       "suicidal ideation",
       "suicide attempt",
       "self-harm",
       "anorexia nervosa",
       "sertraline",
       "quetiapine",
       "psychiatric admission",
       "psychotherapy",
       "OCD",
       "ADHD",
       "borderline personality disorder",
       "feeling hopeless",
       "low mood"},
      {"abortion", "elective termination of pregnancy", "miscarriage", "pregnant",
       "positive pregnancy test", "IUD", "intrauterine device", "birth control pills", "Plan B",
       "mifepristone", "IVF", "infertility", "tubal ligation", "vasectomy", "G3P2",
       "prenatal visit", "expecting a baby"},
      {"genetic testing", "BRCA1", "BRCA2 mutation", "Lynch syndrome", "Huntington's disease",
       "whole exome sequencing", "pathogenic variant", "variant of uncertain significance",
       "Factor V Leiden", "karyotype", "APOE4", "carrier status", "genetic counseling", "germline",
       "runs in the family"},
  }};
  return positives;
}

// Look-alikes that must not be flagged at all.
const std::vector<std::string>& Distractors() {
  static const std::vector<std::string> distractors = {"hearing aids",
                                                       "bowel prep",
                                                       "ST depression",
                                                       "an alcohol swab",
                                                       "heroic measures",
                                                       "chives",
                                                       "a beehive",
                                                       "standard precautions",
                                                       "generic ibuprofen",
                                                       "general anesthesia",
                                                       "the home health aide",
                                                       "BP 128/76",
                                                       "HR 88",
                                                       "dose 5-10 mg",
                                                       "lot 48213",
                                                       "ICD-10 Z00.00",
                                                       "room 12B",
                                                       "prepped and draped",
                                                       "methylprednisolone",
                                                       "a crack in the cast",
                                                       "MRN pending",
                                                       "page 3 of 12",
                                                       "a stimulating discussion",
                                                       "the aids station",
                                                       "STAT labs",
                                                       "Dr. Testdoctor Beta",
                                                       "version 2.3.1",
                                                       "the depressed skull fragment"};
  return distractors;
}

const std::vector<std::string>& Prefixes() {
  static const std::vector<std::string> prefixes = {"Patient reports ",
                                                    "Assessment: ",
                                                    "History notable for ",
                                                    "Reviewed chart; ",
                                                    "Plan discussed regarding ",
                                                    "Follow-up for ",
                                                    "Nurse note: ",
                                                    "Per outside records, ",
                                                    "Testpatient Alpha mentions "};
  return prefixes;
}

const std::vector<std::string>& Suffixes() {
  static const std::vector<std::string> suffixes = {". ",
                                                    " noted on exam. ",
                                                    "; no acute distress. ",
                                                    ", will follow up in clinic. ",
                                                    " (see prior note).\n",
                                                    " and ",
                                                    ", also "};
  return suffixes;
}

// The generator: a fixed-seed mt19937 (its sequence is fixed by the standard) and modulo.
class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(items.size())];
  }
  std::string Digits(int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out += static_cast<char>('0' + Below(10));
    return out;
  }

  std::string Identifier() {
    static const std::vector<std::string> streets = {"Maple Street", "Oak Avenue",
                                                     "Cedar Hill Road", "Elm Ct", "Birch Lane"};
    static const std::vector<std::string> months = {"January", "Feb", "March", "Sept.", "November"};
    switch (Below(9)) {
      case 0:
        return std::to_string(100 + Below(700)) + "-" + Digits(2) + "-" + Digits(4);
      case 1:
        return "(555) " + Digits(3) + "-" + Digits(4);
      case 2:
        return "555." + Digits(3) + "." + Digits(4);
      case 3:
        return "testpatient" + Digits(2) + "@example.test";
      case 4:
        return "MRN " + Digits(8);
      case 5:
        return std::to_string(1 + Below(9999)) + " " + Pick(streets);
      case 6:
        return std::to_string(1 + Below(12)) + "/" + std::to_string(1 + Below(28)) + "/20" +
               Digits(2);
      case 7:
        return "20" + Digits(1) + Digits(1) + "-0" + std::to_string(1 + Below(9)) + "-1" +
               Digits(1);
      default:
        return Pick(months) + " " + std::to_string(1 + Below(28)) + ", 19" + Digits(2);
    }
  }

 private:
  std::mt19937 rng_;
};

struct Planted {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t category = 0;
};

struct Document {
  std::string text;
  std::vector<Planted> planted;
  std::set<std::string> labels;  // Expected.
};

std::string LabelOf(std::size_t category) {
  static const std::array<std::string, kCategories> labels = {
      "sud", "hiv", "std", "mental_health", "reproductive", "genetic", ""};
  return labels[category];
}

Document MakeDocument(Generator& generator) {
  Document document;
  std::size_t sentences = 4 + generator.Below(5);
  for (std::size_t s = 0; s < sentences; ++s) {
    document.text += generator.Pick(Prefixes());
    std::size_t slots = 1 + generator.Below(2);
    for (std::size_t slot = 0; slot < slots; ++slot) {
      std::size_t roll = generator.Below(10);
      if (roll < 5) {
        std::size_t category = generator.Below(kCategories);
        std::string phrase = category == kCategories - 1 ? generator.Identifier()
                                                         : generator.Pick(Positives()[category]);
        document.planted.push_back(
            {document.text.size(), document.text.size() + phrase.size(), category});
        if (!LabelOf(category).empty()) document.labels.insert(LabelOf(category));
        document.text += phrase;
      } else if (roll < 8) {
        document.text += generator.Pick(Distractors());
      } else {
        document.text += "an unremarkable visit";
      }
      document.text += generator.Pick(Suffixes());
    }
  }
  return document;
}

struct Tally {
  std::size_t predicted = 0;
  std::size_t predicted_true = 0;  // Predicted spans overlapping a planted span of the category.
  std::size_t planted = 0;
  std::size_t planted_found = 0;  // Planted spans overlapped by a span of the category.
  double Precision() const {
    return predicted == 0 ? 1.0 : double(predicted_true) / double(predicted);
  }
  double Recall() const { return planted == 0 ? 1.0 : double(planted_found) / double(planted); }
};

bool Overlaps(std::size_t b1, std::size_t e1, std::size_t b2, std::size_t e2) {
  return b1 < e2 && b2 < e1;
}

void Score(const Document& document, const SensitiveFindings& findings,
           std::array<Tally, kCategories>& spans, std::map<std::string, Tally>& labels) {
  for (const SensitiveSpan& span : findings.spans) {
    auto category = static_cast<std::size_t>(span.category);
    ++spans[category].predicted;
    for (const Planted& planted : document.planted) {
      if (planted.category == category &&
          Overlaps(span.begin, span.end, planted.begin, planted.end)) {
        ++spans[category].predicted_true;
        break;
      }
    }
  }
  for (const Planted& planted : document.planted) {
    ++spans[planted.category].planted;
    for (const SensitiveSpan& span : findings.spans) {
      if (static_cast<std::size_t>(span.category) == planted.category &&
          Overlaps(span.begin, span.end, planted.begin, planted.end)) {
        ++spans[planted.category].planted_found;
        break;
      }
    }
  }
  std::set<std::string> predicted(findings.labels.begin(), findings.labels.end());
  for (const std::string& label : predicted) {
    ++labels[label].predicted;
    if (document.labels.count(label) != 0) ++labels[label].predicted_true;
  }
  for (const std::string& label : document.labels) {
    ++labels[label].planted;
    if (predicted.count(label) != 0) ++labels[label].planted_found;
  }
}

TEST(DetectionCorpusTest, PrecisionAndRecallPerCategoryAboveThresholds) {
  constexpr double kMinPrecision = 0.95;
  constexpr double kMinRecall = 0.85;
  constexpr double kMinIdentifierRecall = 0.98;
  Generator generator(20261123);
  std::array<Tally, kCategories> spans{};
  std::map<std::string, Tally> labels;
  std::size_t bytes = 0;
  for (int i = 0; i < 600; ++i) {
    Document document = MakeDocument(generator);
    bytes += document.text.size();
    Result<SensitiveFindings> findings = RepositoryDetector().Scan(document.text);
    ASSERT_TRUE(findings) << findings.error().ToString();
    Score(document, *findings, spans, labels);
  }
  std::printf("synthetic corpus: 600 documents, %zu bytes\n", bytes);
  std::printf("%-14s %8s %8s %9s %7s\n", "span category", "planted", "flagged", "precision",
              "recall");
  for (SensitiveCategory category : kAllSensitiveCategories) {
    const Tally& tally = spans[static_cast<std::size_t>(category)];
    std::string name(SensitiveCategoryName(category));
    std::printf("%-14s %8zu %8zu %9.3f %7.3f\n", name.c_str(), tally.planted, tally.predicted,
                tally.Precision(), tally.Recall());
    EXPECT_GT(tally.planted, 100u) << name;
    EXPECT_GE(tally.Precision(), kMinPrecision) << name;
    EXPECT_GE(tally.Recall(),
              category == SensitiveCategory::kIdentifier ? kMinIdentifierRecall : kMinRecall)
        << name;
  }
  std::printf("%-14s %8s %8s %9s %7s\n", "document label", "expected", "flagged", "precision",
              "recall");
  for (const auto& [label, tally] : labels) {
    std::printf("%-14s %8zu %8zu %9.3f %7.3f\n", label.c_str(), tally.planted, tally.predicted,
                tally.Precision(), tally.Recall());
    EXPECT_GE(tally.Precision(), kMinPrecision) << label;
    EXPECT_GE(tally.Recall(), kMinRecall) << label;
  }
}

}  // namespace
}  // namespace roi::detect
