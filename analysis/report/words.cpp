#include "analysis/report/words.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace analysis::report {
namespace {

// Words of metric ids that are abbreviations, written as people write them.
constexpr std::array<std::string_view, 8> kAbbreviations = {"sla", "atp", "pos", "bopis", "oms", "erp", "dc", "wms"};

std::string words_of(const std::string& id) {
  std::string out;
  std::size_t begin = 0;
  while (begin <= id.size()) {
    const std::size_t end = std::min(id.find('_', begin), id.size());
    std::string word = id.substr(begin, end - begin);
    const bool abbreviation =
        std::find(kAbbreviations.begin(), kAbbreviations.end(), std::string_view(word)) != kAbbreviations.end();
    for (std::size_t idx = 0; idx < word.size(); ++idx) {
      if (abbreviation || (out.empty() && idx == 0)) {
        word[idx] = static_cast<char>(word[idx] >= 'a' && word[idx] <= 'z' ? word[idx] - 'a' + 'A' : word[idx]);
      }
    }
    out += out.empty() ? "" : " ";
    out += word;
    begin = end + 1;
  }
  return out;
}

// A ratio's help reads "numerator / denominator[, or ( more]": the denominator.
std::string denominator(const std::string& help) {
  const std::size_t slash = help.find(" / ");
  if (slash == std::string::npos) {
    return {};
  }
  const std::string rest = help.substr(slash + 3);
  return rest.substr(0, std::min(rest.find(" ("), rest.find(',')));
}

}  // namespace

Vocabulary::Vocabulary(const std::vector<MetricDescription>* catalog) {
  if (catalog != nullptr) {
    for (const MetricDescription& description : *catalog) {
      by_name_.emplace(description.name, &description);
    }
  }
}

std::string Vocabulary::name(const std::string& metric, const Labels& labels, const std::string& statistic) const {
  std::string out = words_of(metric);
  if (statistic != "mean" && statistic != "rate" && !statistic.empty()) {
    out += ' ';
    out += statistic;
  }
  if (!labels.empty()) {
    out += " (";
    std::string values;
    for (const auto& [key, value] : labels) {
      values += values.empty() ? "" : ", ";
      values += value;
    }
    out += values;
    out += ')';
  }
  return out;
}

std::string Vocabulary::unit(const std::string& metric, const std::string& unit, const std::string& statistic,
                             const UnitScale& scale) const {
  std::string out;
  if (unit == "ratio") {
    const std::string of = denominator(help(metric));
    out = of.empty() ? "%" : "% of " + of;
  } else if (unit == "s") {
    out = scale.axis;
  } else if (unit == "currency") {
    out = "currency units";
  } else {
    out = unit;
  }
  return statistic == "rate" ? out + " per hour" : out;
}

std::string Vocabulary::caption(const std::string& metric, const Labels& labels, const std::string& statistic,
                                const std::string& unit, const UnitScale& scale) const {
  std::string out = name(metric, labels, statistic);
  const std::string words = this->unit(metric, unit, statistic, scale);
  if (!words.empty()) {
    out += ", ";
    out += words;
  }
  return out;
}

std::string Vocabulary::help(const std::string& metric) const {
  const auto it = by_name_.find(metric);
  return it == by_name_.end() ? std::string() : it->second->help;
}

}  // namespace analysis::report
