// models/scenario/data/data_files.h — the CSV files a scenario references.
//
// Paths in a scenario are relative to the scenario file's folder (an absolute path
// stays as it is). One DataFiles lives for one load: the baseline and every
// experiment variant are built with it, so that an order log is read and checked
// once, not once per variant. It also remembers each node's days-of-cover stock, so that a
// variant whose draw has the same inputs takes the baseline's copy instead of drawing
// 50,000 SKUs again (at 1,000 stores, a second per variant).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/scenario/data/order_log.h"
#include "models/scenario/spec.h"

namespace models::scenario {

class DataFiles {
 public:
  explicit DataFiles(const std::string& scenario_path);

  // `given` as written in the scenario, made relative to the scenario's folder.
  // Every file resolved is remembered for the run's provenance (files()).
  [[nodiscard]] std::string resolve(const std::string& given);
  // The files the scenario read, in first-use order: (as written, resolved).
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& files() const { return files_; }
  // The order log at `path` (resolved), read against this catalog with these
  // timestamps; null if it has errors (in `errors`).
  std::shared_ptr<const OrderLog> order_log(const std::string& path, std::optional<std::int64_t> start_us,
                                            const std::vector<SkuSpec>& skus, std::vector<std::string>& errors);

  // The stock drawn for node `node` from inputs that hash to `inputs` (seed, the
  // declaration and the demand it covers), if any was kept; `keep_stock` keeps one.
  [[nodiscard]] const StockLevels* drawn_stock(const std::string& node, std::uint64_t inputs) const;
  void keep_stock(const std::string& node, std::uint64_t inputs, const StockLevels& levels);

 private:
  struct Drawn {
    std::uint64_t inputs = 0;
    StockLevels levels;
  };
  std::unordered_map<std::string, Drawn> drawn_;
  struct Loaded {
    std::string path;
    std::optional<std::int64_t> start_us;
    std::vector<std::string> sku_ids;
    std::shared_ptr<const OrderLog> log;
  };
  std::string folder_;
  std::vector<Loaded> logs_;
  std::vector<std::pair<std::string, std::string>> files_;
};

}  // namespace models::scenario
