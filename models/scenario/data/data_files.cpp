#include "models/scenario/data/data_files.h"

#include <algorithm>
#include <filesystem>

namespace models::scenario {

DataFiles::DataFiles(const std::string& scenario_path)
    : folder_(std::filesystem::path(scenario_path).parent_path().string()) {}

std::string DataFiles::resolve(const std::string& given) {
  const std::filesystem::path path(given);
  std::string resolved = path.is_absolute() || folder_.empty()
                             ? path.lexically_normal().string()
                             : (std::filesystem::path(folder_) / path).lexically_normal().string();
  if (std::none_of(files_.begin(), files_.end(), [&](const auto& f) { return f.second == resolved; })) {
    files_.emplace_back(given, resolved);
  }
  return resolved;
}

std::shared_ptr<const OrderLog> DataFiles::order_log(const std::string& path, std::optional<std::int64_t> start_us,
                                                     const std::vector<SkuSpec>& skus, std::vector<std::string>& errors) {
  const auto same_catalog = [&](const Loaded& loaded) {
    return std::equal(loaded.sku_ids.begin(), loaded.sku_ids.end(), skus.begin(), skus.end(),
                      [](const std::string& id, const SkuSpec& sku) { return id == sku.id; });
  };
  for (const Loaded& loaded : logs_) {
    if (loaded.path == path && loaded.start_us == start_us && same_catalog(loaded)) {
      return loaded.log;
    }
  }
  auto log = OrderLog::read(path, start_us, skus, errors);
  if (log) {
    Loaded loaded{path, start_us, {}, log};
    for (const SkuSpec& sku : skus) {
      loaded.sku_ids.push_back(sku.id);
    }
    logs_.push_back(std::move(loaded));
  }
  return log;
}

const StockLevels* DataFiles::drawn_stock(const std::string& node, std::uint64_t inputs) const {
  const auto it = drawn_.find(node);
  return it != drawn_.end() && it->second.inputs == inputs ? &it->second.levels : nullptr;
}

void DataFiles::keep_stock(const std::string& node, std::uint64_t inputs, const StockLevels& levels) {
  drawn_.try_emplace(node, Drawn{inputs, levels});  // the first draw (the baseline's) stays
}

}  // namespace models::scenario
