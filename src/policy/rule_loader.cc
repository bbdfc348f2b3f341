// LoadRuleSet: reads rules/*.toml (the only I/O in the policy layer), decodes each pack and
// checks that the set is complete and consistent.
#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "policy/engine.h"
#include "policy/pack_decode.h"
#include "policy/parse_text.h"

namespace roi::policy {
namespace {

namespace fs = std::filesystem;

Result<std::vector<fs::path>> ListPacks(const std::string& rules_dir) {
  std::error_code ec;
  if (!fs::is_directory(rules_dir, ec)) return NotFoundError("no rules directory " + rules_dir);
  std::vector<fs::path> files;
  for (fs::directory_iterator it(rules_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".toml" && it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) return NotFoundError("cannot list rules directory " + rules_dir);
  std::sort(files.begin(), files.end());
  return files;
}

// Overrides for `jurisdiction`, keyed by switch name.  Marks each used override in `used`.
Switches OverridesFor(const std::string& jurisdiction, const LoadOptions& options,
                      std::vector<bool>& used) {
  Switches out;
  for (std::size_t i = 0; i < options.switches.size(); ++i) {
    const auto& [key, on] = options.switches[i];
    if (key.size() > jurisdiction.size() &&
        key.compare(0, jurisdiction.size(), jurisdiction) == 0 && key[jurisdiction.size()] == '.') {
      out[key.substr(jurisdiction.size() + 1)] = on;
      used[i] = true;
    }
  }
  return out;
}

// The [pack].jurisdiction of a parsed file, or "" when absent.
std::string PeekJurisdiction(const Value& root) {
  for (const auto& [key, table] : root.members) {
    if (key != "pack") continue;
    for (const auto& [field, value] : table.members) {
      if (field == "jurisdiction" && value.kind == Value::Kind::kString) return value.text;
    }
  }
  return "";
}

struct Loaded {
  std::optional<FederalPack> federal;
  std::vector<StatePack> states;
};

void LoadOne(const fs::path& file, const LoadOptions& options, std::vector<bool>& used,
             Loaded& loaded, Problems& problems) {
  std::string name = file.filename().string();
  Location where = Location::TomlRoot(name);
  Result<Value> root = ParseTomlFile(file.string(), name);
  if (!root) {
    if (root.error().details.empty()) problems.Add(ErrorDetail{name, root.error().message});
    for (const ErrorDetail& d : root.error().details) problems.Add(d);
    return;
  }
  std::string jurisdiction = PeekJurisdiction(*root);
  Switches overrides = OverridesFor(jurisdiction, options, used);
  if (jurisdiction == "US") {
    if (loaded.federal) problems.Add(where.Child("pack"), 1, "a second federal pack");
    loaded.federal = DecodeFederalPack(*root, where, overrides, problems);
    return;
  }
  StatePack pack = DecodeStatePack(*root, where, overrides, problems);
  for (const StatePack& other : loaded.states) {
    if (!pack.jurisdiction.empty() && other.jurisdiction == pack.jurisdiction) {
      problems.Add(where.Child("pack").Child("jurisdiction"), 1,
                   "jurisdiction " + pack.jurisdiction + " already loaded");
    }
  }
  loaded.states.push_back(std::move(pack));
}

Error PackError(std::vector<ErrorDetail> details) {
  std::string first = details.front().path + ": " + details.front().message;
  Error error = InvalidArgumentError("broken rule pack: " + first +
                                     (details.size() > 1 ? " (and more)" : ""));
  error.details = std::move(details);
  return error;
}

}  // namespace

Result<RuleSet> LoadRuleSet(const std::string& rules_dir) { return LoadRuleSet(rules_dir, {}); }

Result<RuleSet> LoadRuleSet(const std::string& rules_dir, const LoadOptions& options) {
  Result<std::vector<fs::path>> files = ListPacks(rules_dir);
  if (!files) return files.error();
  Problems problems;
  Loaded loaded;
  std::vector<bool> used(options.switches.size(), false);
  for (const fs::path& file : *files) LoadOne(file, options, used, loaded, problems);
  Location root = Location::JsonRoot();
  if (!loaded.federal)
    problems.Add(root, 0, "no federal pack (jurisdiction \"US\") in " + rules_dir);
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (!used[i])
      problems.Add(root, 0, "override " + options.switches[i].first + " matches no pack");
  }
  if (!problems.Empty()) {
    // Rule packs are ours, not patient data: messages may quote keys and values.
    std::vector<ErrorDetail> details = problems.Take();
    if (details.front().path.empty()) details.front().path = rules_dir;
    return PackError(std::move(details));
  }
  return RuleSet(std::move(*loaded.federal), std::move(loaded.states));
}

}  // namespace roi::policy
