// Data in (scenarios/README.md, "Data in"): CSV files read with their edge cases,
// order logs kept compact and replayed with time_shift, window and scale, and a
// scenario written with CSV files loading to what its JSON twin loads to.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "models/retail/demand.h"
#include "models/scenario/data/csv_reader.h"
#include "models/scenario/data/order_log.h"
#include "models/scenario/loader.h"

namespace scn = models::scenario;
namespace fs = std::filesystem;

namespace {

// A file in a folder of its own, removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(const std::string& text, const std::string& name = "data.csv") {
    static std::atomic<int> counter{0};
    folder_ = fs::temp_directory_path() / ("peaksim-csv-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(folder_);
    path_ = (folder_ / name).string();
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempFile() { fs::remove_all(folder_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string folder() const { return folder_.string(); }

 private:
  fs::path folder_;
  std::string path_;
};

std::string csv_error(const std::string& text, const std::vector<std::string>& required = {"a", "b"}) {
  TempFile file(text);
  try {
    scn::CsvReader csv(file.path());
    csv.check_columns(required, {"c"});
    while (csv.next()) {
    }
  } catch (const scn::CsvError& e) {
    return e.what();
  }
  return "";
}

std::vector<scn::SkuSpec> skus(int count) {
  std::vector<scn::SkuSpec> out;
  for (int idx = 1; idx <= count; ++idx) {
    std::string id = "S";  // appended: GCC 12 reports a false -Wrestrict for "S" + ...
    id += std::to_string(idx);
    out.push_back(scn::SkuSpec{id, 1.0, 0.5, 1.0});
  }
  return out;
}

std::shared_ptr<const scn::OrderLog> read_log(const std::string& text, std::vector<std::string>& errors,
                                              std::optional<std::int64_t> start = std::nullopt) {
  TempFile file(text);
  return scn::OrderLog::read(file.path(), start, skus(5), errors);
}

}  // namespace

TEST_CASE("csv: columns by name in any order, quoted fields, CRLF, a BOM and blank lines", "[csv]") {
  TempFile file("\xEF\xBB\xBF" "b, a ,c\r\n\"x, \"\"y\"\"\",1,\r\n\r\n  2 ,\"\",z\r\n");
  scn::CsvReader csv(file.path());
  csv.check_columns({"a", "b"}, {"c"});
  REQUIRE(csv.header() == std::vector<std::string>{"b", "a", "c"});
  REQUIRE(csv.next());
  CHECK(csv.cell(*csv.column("b")) == "x, \"y\"");
  CHECK(csv.cell(*csv.column("a")) == "1");
  CHECK(csv.cell(*csv.column("c")).empty());
  CHECK(csv.line() == 2);
  REQUIRE(csv.next());
  CHECK(csv.line() == 4);  // the blank line 3 is skipped, and counted
  CHECK(csv.cell(0) == "2");
  CHECK(csv.cell(1).empty());
  CHECK(csv.where(2) == file.path() + ":4:3 (column \"c\")");
  CHECK_FALSE(csv.next());
  CHECK(csv.rows() == 2);
}

TEST_CASE("csv: structural errors name the file, line and column", "[csv]") {
  CHECK_THAT(csv_error(""), Catch::Contains("expected a header row naming the columns, found an empty file"));
  CHECK_THAT(csv_error("a,b\n1,2,3\n"), Catch::Contains(":2: expected 2 fields (as the header), found 3"));
  CHECK_THAT(csv_error("a,b\n1\n"), Catch::Contains(":2: expected 2 fields (as the header), found 1"));
  CHECK_THAT(csv_error("a,b\n1,\"open\n"), Catch::Contains(":2:2: a quoted field is not closed on its line"));
  CHECK_THAT(csv_error("a,x\n"), Catch::Contains(":1:2: unknown column \"x\""));
  CHECK_THAT(csv_error("a,bb\n"), Catch::Contains("unknown column \"bb\"; did you mean \"b\"?"));
  CHECK_THAT(csv_error("a,c\n"), Catch::Contains(":1: missing column \"b\" in the header"));
  CHECK_THAT(csv_error("a,a,b\n"), Catch::Contains(":1:2: column \"a\" appears twice"));
  CHECK_THAT(csv_error("a,,b\n"), Catch::Contains(":1:2: expected a column name, found an empty one"));
  CHECK_THAT(csv_error("a,b\n1,2\n"), Catch::Equals(""));
  CHECK_THAT(csv_error("a,b\n1,2"), Catch::Equals(""));  // no newline at the end
  TempFile dir("x");
  CHECK_THROWS_WITH(scn::CsvReader(dir.folder()), Catch::Contains("expected a regular file"));
  CHECK_THROWS_WITH(scn::CsvReader(dir.folder() + "/none.csv"), Catch::Contains("none.csv: no such file"));
}

TEST_CASE("csv: numbers are the whole cell, correctly rounded", "[csv]") {
  CHECK(scn::parse_integer_cell("42") == 42);
  CHECK(scn::parse_integer_cell("-3") == -3);
  CHECK_FALSE(scn::parse_integer_cell("4 2"));
  CHECK_FALSE(scn::parse_integer_cell("1.5"));
  CHECK_FALSE(scn::parse_integer_cell(""));
  CHECK_FALSE(scn::parse_integer_cell("99999999999999999999"));
  CHECK(scn::parse_number_cell("19.99") == 19.99);  // the same double as JSON's 19.99
  CHECK(scn::parse_number_cell("+2.5e1") == 25.0);
  CHECK_FALSE(scn::parse_number_cell("1,5"));
  CHECK_FALSE(scn::parse_number_cell("abc"));
  CHECK_FALSE(scn::parse_number_cell("nan"));
  CHECK_FALSE(scn::parse_number_cell("inf"));
  CHECK_FALSE(scn::parse_number_cell("+-1"));
  CHECK_FALSE(scn::parse_number_cell("1e999"));
}

TEST_CASE("order log: ISO 8601 date-times and signed durations", "[csv]") {
  CHECK(scn::parse_date_time("1970-01-01T00:00:00") == 0);
  CHECK(scn::parse_date_time("2023-11-24T08:30:00Z") == (19685LL * 86400 + 8 * 3600 + 30 * 60) * 1'000'000);
  CHECK(scn::parse_date_time("2023-11-24 08:30:00.25") == *scn::parse_date_time("2023-11-24T08:30:00") + 250'000);
  CHECK(scn::parse_date_time("2023-11-24T09:30:00+01:00") == scn::parse_date_time("2023-11-24T08:30:00"));
  CHECK(scn::parse_date_time("2024-02-29T00:00:00"));
  CHECK_FALSE(scn::parse_date_time("2023-02-29T00:00:00"));
  CHECK_FALSE(scn::parse_date_time("2023-11-24"));
  CHECK_FALSE(scn::parse_date_time("2023-11-24T24:00:00"));
  CHECK_FALSE(scn::parse_date_time("2023-11-24T08:30:00.1234567"));
  CHECK_FALSE(scn::parse_date_time("2023-11-24T08:30:00 "));
  CHECK(scn::parse_signed_duration("-1h30m") == sim::Duration::zero() - sim::Duration::minutes(90));
  CHECK(scn::parse_signed_duration("2h") == sim::Duration::hours(2));
  CHECK_FALSE(scn::parse_signed_duration("--2h"));
  CHECK_FALSE(scn::parse_signed_duration("2"));
}

TEST_CASE("order log: rows group into orders, kept as a few bytes a line", "[csv]") {
  std::vector<std::string> errors;
  const auto log = read_log(
      "timestamp,channel,order_id,sku,units,region\n"
      "1m,web,A,S1,2,north\n"
      "1m,web,A,S2,1,north\n"
      "1m,phone,A,S1,1,\n"  // another channel's order A
      "3m,web,B,S5,63,\n"
      "3m,web,A,S3,1,south\n",  // an id may come back later, as another order
      errors);
  INFO((errors.empty() ? std::string() : errors.front()));
  REQUIRE(log);
  CHECK(log->orders() == 4);
  CHECK(log->lines() == 5);
  CHECK(log->bytes() < 8 * log->lines());
  CHECK(log->channels() == std::vector<std::string>{"web", "phone"});
  scn::OrderLog::Cursor cursor(*log);
  scn::OrderLog::Order order;
  REQUIRE(cursor.next(order));
  CHECK(order.at == sim::Duration::minutes(1));
  CHECK(log->regions()[order.region - 1] == "north");
  REQUIRE(order.lines.size() == 2);
  CHECK(order.lines[1].sku == 1);
  CHECK(order.lines[0].units == 2);
  REQUIRE(cursor.next(order));
  CHECK(order.channel == 1);
  CHECK(order.region == 0);
  REQUIRE(cursor.next(order));
  CHECK(order.lines.front().units == 63);
  REQUIRE(cursor.next(order));
  CHECK(order.at == sim::Duration::minutes(3));
  CHECK_FALSE(cursor.next(order));
}

TEST_CASE("order log: bad rows are refused with file:line:column", "[csv]") {
  const std::string header = "timestamp,channel,order_id,sku,units\n";
  const auto first_error = [&](const std::string& rows, std::optional<std::int64_t> start = std::nullopt) {
    std::vector<std::string> errors;
    const auto log = read_log(header + rows, errors, start);
    CHECK_FALSE(log);
    return errors.empty() ? std::string() : errors.front();
  };
  CHECK_THAT(first_error("1m,web,A,S9,1\n"), Catch::Contains(":2:4 (column \"sku\"): unknown SKU \"S9\""));
  CHECK_THAT(first_error("1m,web,A,S1,64\n"), Catch::Contains(":2:5 (column \"units\"): expected whole units from 1 to 63"));
  CHECK_THAT(first_error("1m,web,A,S1,x\n"), Catch::Contains("found \"x\""));
  CHECK_THAT(first_error("soon,web,A,S1,1\n"), Catch::Contains(":2:1 (column \"timestamp\"): expected a duration"));
  CHECK_THAT(first_error("1m,web,A,S1,1\n", 0), Catch::Contains("expected an ISO 8601 date-time"));
  CHECK_THAT(first_error("2m,web,A,S1,1\n1m,web,B,S1,1\n"), Catch::Contains(":3:1 (column \"timestamp\"): expected rows in time order"));
  CHECK_THAT(first_error("1m,web,A,S1,1\n1m,web,B,S1,1\n1m,web,A,S2,1\n"),
             Catch::Contains(":4:3 (column \"order_id\"): order \"A\" appeared on earlier rows"));
  CHECK_THAT(first_error("1m,web,A,S1,1\n2m,web,A,S2,1\n"), Catch::Contains(":3: order \"A\" (from line 2) has rows with different timestamps"));
  CHECK_THAT(first_error("1m,web,A,S1,1\n1m,web,A,S1,1\n"), Catch::Contains("SKU \"S1\" appears twice in order \"A\""));
  CHECK_THAT(first_error("1m,,A,S1,1\n"), Catch::Contains("(column \"channel\"): expected a name"));
  CHECK_THAT(first_error(""), Catch::Contains("expected rows of orders after the header, found none"));
  std::vector<std::string> errors;
  std::string many;
  for (int idx = 0; idx < 50; ++idx) {
    many += "1m,web,O" + std::to_string(idx) + ",S9,1\n";
  }
  CHECK_FALSE(read_log(header + many, errors));
  CHECK(errors.size() == scn::OrderLog::kMaxErrors + 1);  // then "stopped reading"
  CHECK_THAT(errors.back(), Catch::Contains("stopped reading after 20 errors"));
}

namespace {

// Replays `log` as a channel's demand: the arrival times and the lines of each order.
struct Replayed {
  std::vector<sim::Time> times;
  std::size_t lines = 0;
};
Replayed replay(const scn::OrderLogReplay& r, std::uint64_t seed, sim::Duration horizon = sim::Duration::hours(24)) {
  scn::ChannelSpec channel;
  channel.name = "web";
  channel.order_log = r;
  const auto catalog = skus(5);
  models::retail::DemandProcess demand(channel, catalog, horizon);
  sim::LpRandom rng(seed, 0, 1);
  Replayed out;
  sim::Time now = sim::Time::zero();
  while (auto next = demand.next_arrival(now, rng)) {
    now = *next;
    out.times.push_back(now);
    out.lines += demand.basket(rng, now).size();
  }
  return out;
}

// `count` orders, one a minute from 0m, of two lines each (and every third a "phone" order between them).
std::shared_ptr<const scn::OrderLog> minute_log(int count) {
  std::string text = "timestamp,channel,order_id,sku,units\n";
  for (int idx = 0; idx < count; ++idx) {
    const std::string at = std::to_string(idx * 60) + "s";
    text += at + ",web,W" + std::to_string(idx) + ",S1,1\n";
    text += at + ",web,W" + std::to_string(idx) + ",S2,3\n";
    if (idx % 3 == 0) {
      text += at + ",phone,P" + std::to_string(idx) + ",S3,1\n";
    }
  }
  std::vector<std::string> errors;
  auto log = read_log(text, errors);
  REQUIRE(log);
  return log;
}

}  // namespace

TEST_CASE("order log replay: scale thins or copies orders, the same for the same seed", "[csv]") {
  const auto log = minute_log(1200);
  scn::OrderLogReplay r;
  r.log = log;
  r.channel = *log->channel("web");
  r.to = sim::Duration::hours(24);
  CHECK(replay(r, 1).times.size() == 1200);
  CHECK(replay(r, 1).lines == 2400);
  r.scale = 2.0;  // each order twice, at its own time
  const Replayed doubled = replay(r, 1);
  CHECK(doubled.times.size() == 2400);
  CHECK(doubled.times[0] == doubled.times[1]);
  r.scale = 0.5;  // binomial(1200, 0.5): mean 600, sd 17
  const Replayed half = replay(r, 1);
  CHECK(half.times.size() > 530);
  CHECK(half.times.size() < 670);
  CHECK(replay(r, 1).times == half.times);  // deterministic per seed (replication)
  CHECK(replay(r, 2).times != half.times);
  r.scale = 1.3;  // 1200 + binomial(1200, 0.3): mean 1560, sd 16
  const std::size_t more = replay(r, 3).times.size();
  CHECK(more > 1490);
  CHECK(more < 1630);
  r.scale = 0.0;
  CHECK(replay(r, 1).times.empty());
}

TEST_CASE("order log replay: time_shift moves orders, the window and horizon keep some", "[csv]") {
  const auto log = minute_log(120);  // 0m .. 119m
  scn::OrderLogReplay r;
  r.log = log;
  r.channel = *log->channel("web");
  r.to = sim::Duration::hours(24);
  r.time_shift = sim::Duration::minutes(30);
  Replayed shifted = replay(r, 1);
  REQUIRE(shifted.times.size() == 120);
  CHECK(shifted.times.front() == sim::Time::zero() + sim::Duration::minutes(30));
  r.time_shift = sim::Duration::zero() - sim::Duration::minutes(30);  // the first 30 fall before the start
  shifted = replay(r, 1);
  REQUIRE(shifted.times.size() == 90);
  CHECK(shifted.times.front() == sim::Time::zero());
  r.time_shift = sim::Duration::zero();
  r.from = sim::Duration::minutes(10);
  r.to = sim::Duration::minutes(20);  // [10m, 20m): 10 orders
  shifted = replay(r, 1);
  REQUIRE(shifted.times.size() == 10);
  CHECK(shifted.times.front() == sim::Time::zero() + sim::Duration::minutes(10));
  CHECK(shifted.times.back() == sim::Time::zero() + sim::Duration::minutes(19));
  r.from = sim::Duration::zero();
  r.to = sim::Duration::hours(24);
  CHECK(replay(r, 1, sim::Duration::minutes(60)).times.size() == 60);  // the horizon cuts the rest
}

TEST_CASE("order log replay: each cursor is its own (runs in parallel share the log)", "[csv]") {
  const auto log = minute_log(10);
  scn::OrderLog::Cursor a(*log);
  scn::OrderLog::Cursor b(*log);
  scn::OrderLog::Order order;
  REQUIRE(a.next(order));
  REQUIRE(a.next(order));
  REQUIRE(b.next(order));
  CHECK(order.at == sim::Duration::zero());
}

TEST_CASE("data in: a scenario's CSV files load to what its JSON twin loads to", "[csv]") {
  const std::string source = PEAKSIM_SOURCE_DIR;
  const scn::LoadResult csv = scn::load_scenario_file(source + "/scenarios/csv-example.json");
  const scn::LoadResult json = scn::load_scenario_file(source + "/tests/models/data/csv-example-twin.json");
  INFO(csv.diags.format("csv-example.json") << json.diags.format("twin"));
  REQUIRE(csv.ok());
  REQUIRE(json.ok());
  const scn::ScenarioSpec& a = csv.scenario->baseline;
  const scn::ScenarioSpec& b = json.scenario->baseline;
  REQUIRE(a.skus.size() == b.skus.size());
  for (std::size_t idx = 0; idx < a.skus.size(); ++idx) {
    CHECK(a.skus[idx].id == b.skus[idx].id);
    CHECK(a.skus[idx].price == b.skus[idx].price);
    CHECK(a.skus[idx].unit_cost == b.skus[idx].unit_cost);
    CHECK(a.skus[idx].popularity == b.skus[idx].popularity);
  }
  REQUIRE(a.nodes.size() == b.nodes.size());
  for (std::size_t idx = 0; idx < a.nodes.size(); ++idx) {
    CHECK(a.nodes[idx].id == b.nodes[idx].id);
    CHECK(a.nodes[idx].region == b.nodes[idx].region);
    CHECK(a.nodes[idx].inventory.get() == b.nodes[idx].inventory.get());
  }
  // The log's web orders are the twin's trace.
  const scn::ChannelSpec& web = a.channels.at(1);
  REQUIRE(web.order_log);
  scn::OrderLog::Cursor cursor(*web.order_log->log);
  scn::OrderLog::Order order;
  std::size_t entry = 0;
  const auto& trace = b.channels.at(1).trace;
  while (cursor.next(order)) {
    if (order.channel != web.order_log->channel) {
      continue;
    }
    REQUIRE(entry < trace.size());
    CHECK(order.at == trace[entry].at);
    CHECK(order.lines.size() == trace[entry].lines.size());
    ++entry;
  }
  CHECK(entry == trace.size());
}
