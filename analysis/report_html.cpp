// The page: its style and script, and the sections (analysis/report/) in order.
#include "analysis/report_html.h"

#include <cassert>
#include <string>
#include <string_view>

#include "analysis/report/sections.h"
#include "analysis/svg.h"

namespace analysis {
namespace {

constexpr std::string_view kStyle = R"css(
:root{--ink:#1d2733;--muted:#5b6775;--line:#d8dee6;--pass:#007a5a;--fail:#c2410c;--inconclusive:#a16207;--na:#6b7280}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
  color:var(--ink);background:#f6f8fa}
header,section,footer{max-width:1320px;margin:0 auto;padding:16px 24px}
header{background:#fff;border-bottom:1px solid var(--line);max-width:none;padding:8px max(24px,calc(50% - 636px))}
h1{margin:0;font-size:22px}header nav{display:inline}
h2{font-size:19px;margin:18px 0 8px;border-bottom:2px solid var(--ink);padding-bottom:4px}
.ran{display:inline;margin:0 18px 0 0;color:var(--muted)}
.kicker{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:11px}
.description{white-space:pre-line;max-width:90ch;color:var(--muted)}
nav a{margin-right:14px;color:#0072B2;font-size:13px}
.record{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:6px 18px;margin:10px 0 0}
.record div{min-width:0}.record dt{font-size:11px;color:var(--muted);text-transform:uppercase}
.record dd{margin:0;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;overflow-wrap:anywhere}
table{border-collapse:collapse;background:#fff;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
thead th{background:#eef1f5;font-weight:600}tbody th{font-weight:500;white-space:nowrap}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.change{font-size:12px;color:var(--muted)}
.verdict{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-weight:600;font-size:12px}
.verdict.pass{background:var(--pass)}.verdict.fail{background:var(--fail)}
.verdict.inconclusive{background:var(--inconclusive)}.verdict.nosamples{background:var(--na)}
.banner{padding:8px 12px;border-radius:6px;font-weight:600;color:#fff;margin:0 0 6px}
.banner.pass{background:var(--pass)}.banner.fail{background:var(--fail)}.banner.none{background:var(--na)}
.verdict-screen{display:grid;grid-template-columns:minmax(0,1.3fr) minmax(0,1fr);gap:14px;align-items:start}
#verdict{padding-top:6px}#verdict h2{margin-top:0}
@media (max-width:1000px){.verdict-screen{grid-template-columns:1fr}}
ul.failed{margin:0 0 8px;padding:0;list-style:none;font-size:13px}
ul.failed li{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;padding:1px 0}
table.best{font-size:12.5px}table.best th,table.best td{padding:3px 6px}
table.best th small,table.best td small{display:block;font-weight:400;color:var(--muted)}
.best small{white-space:nowrap}h2.banner{font-size:16px;border:0;margin:0 0 6px}
.variant-tag{font-weight:600}.unsure{color:var(--inconclusive);font-weight:600}
.tradeoff{padding:8px}#verdict .note{font-size:12px;margin:4px 0 0}
.matrix-wrap{overflow-x:auto}table.matrix th{font-size:12px;font-weight:600}table.matrix thead th{min-width:92px;max-width:170px}
table.matrix thead th{vertical-align:bottom}table.matrix td.cell{text-align:center}
table.matrix td.none{color:var(--na)}.gate-number{color:var(--muted)}
.relative{display:block;font-weight:400;color:var(--muted)}
.verdict.tolerated{background:#d4a72c;color:#1d2733}
ul.links{columns:3 320px;font-size:12px;margin:8px 0 0;padding-left:18px}ul.links li{break-inside:avoid}
.sig{font-weight:700;color:var(--ink)}a{color:#0072B2}.sig.better{color:var(--pass)}.sig.worse{color:var(--fail)}.na{color:var(--na)}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:16px}
.card,.network-wrap{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px;min-width:0}
.card{overflow-x:auto}figcaption{font-weight:600;margin-bottom:4px}
.stack{display:grid;gap:16px}.side{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
.side>svg.chart{flex:1 1 520px;min-width:0}.side>table{flex:1 1 auto;width:auto}
svg.chart{display:block;max-width:100%;height:auto}
.legend span{display:inline-block;margin-right:16px}
.legend i,i.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
.note,.empty{color:var(--muted)}
footer{color:var(--muted);font-size:12px;border-top:1px solid var(--line);margin-top:24px}
@media print{body{background:#fff}nav{display:none}.card,.network-wrap,table{break-inside:avoid}
  .verdict-screen{grid-template-columns:1fr}ul.failed li{white-space:normal}
  .verdict,.banner,.swatch,.legend i{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)css";

// Runs after layout: counts the charts the browser actually drew (a box with
// area and at least one mark), lists the variants the legends name, and
// records where the verdict ends (its bottom edge, in CSS pixels from the top
// of the page), so a headless browser can check the page with --dump-dom.
constexpr std::string_view kScript = R"js(
window.addEventListener('load', function () {
  var drawn = 0;
  document.querySelectorAll('svg.chart').forEach(function (svg) {
    var box = svg.getBoundingClientRect();
    var marks = svg.querySelectorAll('path,rect,polyline,polygon,circle').length;
    if (box.width > 0 && box.height > 0 && marks > 0) { drawn += 1; }
  });
  var names = [];
  document.querySelectorAll('[data-legend-variant]').forEach(function (entry) {
    var name = entry.getAttribute('data-legend-variant');
    if (names.indexOf(name) < 0) { names.push(name); }
  });
  var verdict = document.getElementById('verdict');
  if (verdict) {
    document.body.dataset.verdictBottom = String(Math.ceil(verdict.getBoundingClientRect().bottom + window.scrollY));
  }
  document.body.dataset.chartsRendered = String(drawn);
  document.body.dataset.variants = names.join(',');
});
)js";

}  // namespace

std::string render_report(const ReportInput& input) {
  using svg::escape;
  assert(input.summary != nullptr && "render_report needs a summary");
  const RunSummary& summary = *input.summary;
  const report::Page page{input, summary, report::Vocabulary(input.metrics)};
  const std::string title = input.title.empty() ? summary.record.scenario : input.title;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
                    escape(title) + " · peaksim report</title><style>" + std::string(kStyle) +
                    std::string(svg::style()) + "</style></head>\n<body>";
  report::render_header(out, page);
  report::render_verdict(out, page);
  report::render_gate_matrix(out, page);
  report::render_sweeps(out, page);
  report::render_comparisons(out, page);
  report::render_faults(out, page);
  report::render_series(out, page);
  report::render_network(out, input.network);
  report::render_gate_details(out, page);
  report::render_run_record(out, page);
  std::string made_by = "peaksim";
  for (const std::string& part : {summary.record.version, summary.record.git_commit}) {
    made_by += part.empty() ? "" : " " + part;
  }
  out += "<footer>" + escape(made_by) + " · this page is self-contained: it loads nothing from the network." +
         "</footer>\n<script>" + std::string(kScript) + "</script></body></html>\n";
  return out;
}

}  // namespace analysis
