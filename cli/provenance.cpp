#include "cli/provenance.h"

#include <openssl/evp.h>

#include <ctime>
#include <stdexcept>

#include "analysis/summary.h"
#include "cli/version.h"

namespace peaksim {

Invocation invocation_of(int argc, char** argv) { return Invocation{std::vector<std::string>(argv, argv + argc)}; }

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    return "";
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void stamp_provenance(analysis::RunRecord& record, const std::string& scenario_text, const Invocation& invocation) {
  record.file_sha256 = sha256_hex(scenario_text);
  record.version = kVersion;
  record.git_commit = kGitCommit;
  record.command_line = invocation.command_line;
  record.started_at = utc_now();
}

void require_this_build(const std::string& version, const std::string& git_commit) {
  if (version != kVersion || git_commit != kGitCommit) {
    throw std::invalid_argument("the partials were made by peaksim " + version + " (" + git_commit + "); this is " +
                                kVersion + " (" + kGitCommit + "): merge with the same build");
  }
}

}  // namespace peaksim
