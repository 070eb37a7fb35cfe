// analysis/report/header.cpp — the page's header (title, what ran, contents)
// and, at the end, the scenario's description and the run record.
#include <string>
#include <utility>
#include <vector>

#include "analysis/report/sections.h"
#include "analysis/svg.h"

namespace analysis::report {

using svg::escape;

namespace {

std::string plural(std::size_t count, const std::string& one, const std::string& many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

bool has_sweeps(const RunSummary& summary) {
  for (const VariantSummary& variant : summary.variants) {
    if (!variant.sweep.empty()) {
      return true;
    }
  }
  return false;
}

}  // namespace

void render_header(std::string& out, const Page& page) {
  const RunRecord& record = page.summary.record;
  const std::string title = page.input.title.empty() ? record.scenario : page.input.title;
  std::string ran = plural(page.summary.variants.size(), "variant", "variants");
  ran += " × ";
  ran += plural(record.replications, "replication", "replications");
  for (const auto& [name, value] : {std::pair{"horizon ", record.horizon}, std::pair{"warm-up ", record.warmup}}) {
    if (!value.empty()) {
      ran += " · ";
      ran += name;
      ran += value;
    }
  }
  ran += " · seed " + std::to_string(record.seed);
  out += "<header><p class=\"kicker\">peaksim report</p><h1>" + escape(title) + "</h1><p class=\"ran\">" +
         escape(ran) + "</p><nav><a href=\"#verdict\">Verdict</a><a href=\"#gates\">Gates</a>";
  if (has_sweeps(page.summary)) {
    out += "<a href=\"#sweeps\">Sweeps</a>";
  }
  out += "<a href=\"#variants\">Variants compared</a>";
  if (has_faults(page.summary)) {
    out += "<a href=\"#faults\">Faults &amp; ledger</a>";
  }
  out += "<a href=\"#day\">Over the day</a><a href=\"#network\">Network</a>"
         "<a href=\"#gate-details\">Gate details</a><a href=\"#run\">Scenario &amp; run record</a></nav></header>\n";
}

void render_run_record(std::string& out, const Page& page) {
  const RunRecord& record = page.summary.record;
  out += "<section id=\"run\"><h2>Scenario &amp; run record</h2>";
  if (!page.input.description.empty()) {
    out += "<p class=\"description\">" + escape(page.input.description) + "</p>";
  }
  std::string command;
  for (const std::string& word : record.command_line) {
    command += command.empty() ? "" : " ";
    command += word;
  }
  std::string sets;
  for (const std::string& set : record.sets) {
    sets += sets.empty() ? "" : ", ";
    sets += set;
  }
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"scenario file", record.file},
      {"file sha256", record.file_sha256},
      {"seed", std::to_string(record.seed)},
      {"replications", std::to_string(record.replications)},
      {"horizon", record.horizon},
      {"warm-up", record.warmup},
      {"threads", std::to_string(record.threads)},
      {"version", record.version},
      {"commit", record.git_commit},
      {"overrides", sets.empty() ? "none" : sets},
      {"started (UTC)", record.started_at},
      {"wall time", svg::format_number(record.wall_seconds) + " s"},
      {"command", command},
  };
  out += "<dl class=\"record\">";
  for (const auto& [name, value] : fields) {
    out += "<div><dt>" + escape(name) + "</dt><dd>" + escape(value.empty() ? "—" : value) + "</dd></div>";
  }
  out += "</dl></section>\n";
}

}  // namespace analysis::report
