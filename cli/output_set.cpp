#include "cli/output_set.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string_view>
#include <system_error>
#include <thread>

#include "cli/interrupt.h"

namespace peaksim {

namespace fs = std::filesystem;

namespace {

// "<pid>-<random>": the suffix of this process's staging, old and temporary names.
// The pid alone repeats (a container's entrypoint is pid 1 every time), and a
// folder a killed run left under the same name would refuse or break the swap.
const std::string& unique_suffix() {
  static const std::string suffix = [] {
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", std::random_device{}());
    return std::to_string(::getpid()) + '-' + hex;
  }();
  return suffix;
}

// What the interrupt handler reads of the output being written. One output is
// armed at a time. Everything is filled on the main thread before `phase` says
// it may be read, and the handler runs on the main thread too (cli/interrupt.cpp),
// so nothing changes under it; it only reads the strings, never allocates.
enum Phase : int {
  kIdle,      // nothing armed
  kArmed,     // checked and waiting: nothing on disk yet
  kStaging,   // writing the staging folder (or the temporary file)
  kSwapping,  // renaming into place and removing the old folder
  kDone,      // the new output is in place
};

struct Pending {
  std::atomic<int> phase{kIdle};
  std::string dest, staging, old;  // a folder; for a file, `staging` is its temporary
  bool had_old = false;
  std::vector<std::string> staged;     // every file of the staging folder
  std::vector<std::string> old_files;  // every file of the old folder, once renamed aside
  std::string not_written, written;    // the handler's message tails
};

Pending g_pending;

void remove_files(const std::vector<std::string>& files, const std::string& dir) {
  for (const std::string& file : files) {
    ::unlink(file.c_str());
  }
  ::rmdir(dir.c_str());
}

// Puts the file system back into a complete state, whatever step the folder's
// commit had reached; async-signal-safe. Decided from the file system, not from
// the phase alone: a signal may land after a rename returned and before the
// phase moved on.
const char* folder_cleanup() {
  Pending& p = g_pending;
  const int phase = p.phase.load();
  struct stat st {};
  if (phase == kStaging || (phase == kSwapping && ::lstat(p.staging.c_str(), &st) == 0)) {
    // The new set is not in place. Between the two renames OUT is missing: put the old one back.
    if (phase == kSwapping && p.had_old && ::lstat(p.dest.c_str(), &st) != 0) {
      ::rename(p.old.c_str(), p.dest.c_str());
    }
    remove_files(p.staged, p.staging);
    return p.not_written.c_str();
  }
  if (phase == kSwapping) {  // renamed into place: only the old folder is left to remove
    remove_files(p.old_files, p.old);
  }
  return phase >= kSwapping ? p.written.c_str() : p.not_written.c_str();
}

// The same for one file; async-signal-safe.
const char* file_cleanup() {
  Pending& p = g_pending;
  const int phase = p.phase.load();
  // Once renaming, the temporary is gone exactly when the rename happened.
  const bool removed = (phase == kStaging || phase == kSwapping) && ::unlink(p.staging.c_str()) == 0;
  return phase == kDone || (phase == kSwapping && !removed) ? p.written.c_str() : p.not_written.c_str();
}

void arm(InterruptCleanup cleanup) {
  install_interrupt_handlers();
  g_pending.phase = kArmed;
  set_interrupt_cleanup(cleanup);
}

void disarm() {
  set_interrupt_cleanup(nullptr);
  g_pending.phase = kIdle;
}

std::string reason(int error) { return std::system_category().message(error); }

// Creates `path` and removes it again: the one reliable test that we may write there.
int probe_file(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return errno;
  }
  ::close(fd);
  ::unlink(path.c_str());
  return 0;
}

void create_folder(const std::string& name, const fs::path& folder) {
  std::error_code error;
  fs::create_directories(folder, error);
  if (error) {
    throw OutputError(name + ": cannot create the folder " + folder.string() + " (" + error.message() + ")");
  }
}

void write_file(const fs::path& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    throw std::runtime_error("cannot create " + path.string() + ": " + reason(errno));
  }
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      throw std::runtime_error("cannot write " + path.string() + ": " + reason(error));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    throw std::runtime_error("cannot write " + path.string() + ": " + reason(errno));
  }
}

void rename_or_throw(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    throw std::runtime_error("cannot rename " + from + " to " + to + ": " + reason(errno));
  }
}

// Test hook, only for tests/cli/interrupt_keeps_a_complete_set.sh:
// PEAKSIM_TEST_PAUSE=STEP:SECONDS sleeps at STEP of a commit and says so on
// stderr, so that a test can send a signal at exactly that step. STEP is
// `staged` (written, before any rename), `aside` (the old folder renamed aside,
// the new one not yet in place) or `swapped` (the new one in place, the old one
// not yet removed).
void pause_for_tests(std::string_view step) {
  const char* pause = std::getenv("PEAKSIM_TEST_PAUSE");
  if (pause == nullptr || !std::string_view(pause).starts_with(std::string(step) + ":")) {
    return;
  }
  const char* seconds = pause + step.size() + 1;
  std::fprintf(stderr, "peaksim: test hook: pausing %s s at %s\n", seconds, std::string(step).c_str());
  std::fflush(stderr);
  std::this_thread::sleep_for(std::chrono::duration<double>(std::atof(seconds)));
}

// Whether `path` is the root of a mount (bind mounts included), which cannot be renamed.
bool is_mount_point(const fs::path& path) {
  struct statx stx {};
  if (::statx(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW, 0, &stx) != 0) {
    return false;
  }
  if ((stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) != 0) {
    return (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
  }
  struct stat self {}, parent {};
  return ::stat(path.c_str(), &self) == 0 && ::stat(path.parent_path().c_str(), &parent) == 0 &&
         self.st_dev != parent.st_dev;
}

// A stale temporary of an interrupted writer (this version's or an older one's).
bool is_temporary(const std::string& name) {
  return name.ends_with(".partial-write") || name.find(".partial-write-") != std::string::npos;
}

// What an existing output folder holds, by name; throws `Error` on a sub-folder.
template <typename Error>
std::vector<std::string> list_files(const std::string& name, const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const std::string file = it->path().filename().string();
    if (it->symlink_status().type() == fs::file_type::directory) {
      throw Error(name + " holds the folder \"" + file +
                  "\"; an output folder is replaced as a whole, so it may hold files but not folders "
                  "(choose another output folder)");
    }
    files.push_back(file);
  }
  if (error) {
    throw Error(name + ": cannot list it (" + error.message() + ")");
  }
  return files;
}

// Throws OutputError unless the existing folder `dest` can be swapped out and its files removed.
void require_replaceable(const std::string& name, const fs::path& dest, const std::string& pid) {
  struct stat st {};
  if (::lstat(dest.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
    throw OutputError(name + ": exists and is not a folder");
  }
  if (is_mount_point(dest)) {
    throw OutputError(name + " is a mount point, which cannot be replaced as a whole; give a folder inside it");
  }
  if (std::error_code error; dest == fs::current_path(error)) {
    // Swapped, it would leave this process and the user's shell in a removed folder.
    throw OutputError(name + " is the current folder, which cannot be replaced as a whole; give a folder inside it");
  }
  list_files<OutputError>(name, dest);  // refuses sub-folders
  if (const int e = probe_file(dest / (".peaksim-probe-" + pid)); e != 0) {
    throw OutputError(name + ": cannot write in it (" + reason(e) + ")");
  }
}

// Fills the pending lists for writing `files` into the folder as it is now (it
// may have changed while the runs went); returns the files to carry over: those
// neither written now, nor dropped, nor a stale temporary.
std::vector<std::string> prepare_commit(Pending& p, const std::string& name, const OutputContent& files,
                                        const std::vector<std::string>& dropped) {
  const std::vector<std::string> present =
      p.had_old ? list_files<std::runtime_error>(name, p.dest) : std::vector<std::string>{};
  std::vector<std::string> carried;
  for (const std::string& file : present) {
    const bool written =
        std::find_if(files.begin(), files.end(), [&](const auto& f) { return f.first == file; }) != files.end();
    const bool drop = std::find(dropped.begin(), dropped.end(), file) != dropped.end();
    if (!written && !drop && !is_temporary(file)) {
      carried.push_back(file);
    }
  }
  p.staged.clear();
  for (const auto& [file, content] : files) {
    p.staged.push_back((fs::path(p.staging) / file).string());
  }
  for (const std::string& file : carried) {
    p.staged.push_back((fs::path(p.staging) / file).string());
  }
  p.old_files.clear();
  for (const std::string& file : present) {
    p.old_files.push_back((fs::path(p.old) / file).string());
  }
  return carried;
}

// The staging folder: `files` written, `carried` linked from the folder, with the folder's `mode`.
void stage(const Pending& p, const OutputContent& files, const std::vector<std::string>& carried, mode_t mode) {
  const fs::path staging = p.staging, dest = p.dest;
  if (::mkdir(staging.c_str(), 0777) != 0) {
    throw std::runtime_error("cannot create " + staging.string() + ": " + reason(errno));
  }
  if (p.had_old) {
    ::chmod(staging.c_str(), mode & 07777);  // the folder keeps its permissions
  }
  for (const auto& [file, content] : files) {
    write_file(staging / file, content);
  }
  for (const std::string& file : carried) {
    // A hard link: the same file, whatever its size; a copy where links are not allowed.
    if (::link((dest / file).c_str(), (staging / file).c_str()) != 0) {
      fs::copy(dest / file, staging / file, fs::copy_options::copy_symlinks);
    }
  }
}

// The old folder aside, the staging folder in its place. Each rename is atomic and
// the handler (folder_cleanup) tells from the file system how far this got.
void swap_in(const Pending& p) {
  if (p.had_old) {
    rename_or_throw(p.dest, p.old);
    pause_for_tests("aside");
  }
  rename_or_throw(p.staging, p.dest);
  pause_for_tests("swapped");
}

}  // namespace

OutputFolder::OutputFolder(fs::path dir) : name_(dir.string()) {
  assert(g_pending.phase == kIdle && "one output is armed at a time");
  if (name_.empty()) {
    throw OutputError("the output folder is an empty path");
  }
  std::error_code error;
  fs::path absolute = fs::absolute(dir, error).lexically_normal();
  if (!absolute.has_filename()) {
    absolute = absolute.parent_path();  // "out/x/"
  }
  // A symbolic link to a folder: the folder it names is replaced, so the link still finds the outputs.
  dest_ = fs::weakly_canonical(absolute, error);
  if (error || dest_ == dest_.root_path() || !dest_.has_filename()) {
    throw OutputError(name_ + ": cannot be an output folder" + (error ? " (" + error.message() + ")" : ""));
  }
  create_folder(name_, dest_.parent_path());
  const std::string& pid = unique_suffix();
  staging_ = dest_.parent_path() / (dest_.filename().string() + ".staging-" + pid);
  old_ = dest_.parent_path() / (dest_.filename().string() + ".old-" + pid);
  const bool exists = fs::exists(fs::symlink_status(dest_, error));
  if (exists) {
    require_replaceable(name_, dest_, pid);
  }
  // The staging folder, made and removed: the parent takes new folders.
  if (::mkdir(staging_.c_str(), 0777) != 0) {
    throw OutputError(name_ + ": cannot write there (creating " + staging_.string() + ": " + reason(errno) + ")");
  }
  const int e = probe_file(staging_ / "probe");
  ::rmdir(staging_.c_str());
  if (e != 0) {
    throw OutputError(name_ + ": cannot write there (" + reason(e) + ")");
  }
  g_pending.not_written = exists ? "no output written; " + name_ + " keeps its previous outputs" : "no output written";
  g_pending.written = "the outputs were already written to " + name_;
  arm(folder_cleanup);
}

OutputFolder::~OutputFolder() {
  folder_cleanup();  // nothing to do unless a commit stopped half-way
  disarm();
}

void OutputFolder::commit(const OutputContent& files, const std::vector<std::string>& dropped) {
  Pending& p = g_pending;
  struct stat st {};
  p.had_old = ::stat(dest_.c_str(), &st) == 0;
  p.dest = dest_.string();
  p.staging = staging_.string();
  p.old = old_.string();
  const std::vector<std::string> carried = prepare_commit(p, name_, files, dropped);
  try {
    p.phase = kStaging;
    stage(p, files, carried, st.st_mode);
    pause_for_tests("staged");
    p.phase = kSwapping;
    swap_in(p);
  } catch (const std::exception& e) {
    const std::string tail = folder_cleanup();
    p.phase = kArmed;
    throw std::runtime_error(std::string(e.what()) + "; " + tail);
  }
  if (p.had_old) {
    remove_files(p.old_files, p.old);
    if (::lstat(old_.c_str(), &st) == 0) {
      std::fprintf(stderr, "warning: could not remove %s (were files added to %s during the run?)\n", old_.c_str(),
                   name_.c_str());
    }
  }
  p.phase = kDone;
}

OutputFile::OutputFile(fs::path path) : name_(path.string()) {
  assert(g_pending.phase == kIdle && "one output is armed at a time");
  std::error_code error;
  dest_ = fs::absolute(path, error).lexically_normal();
  if (error || !dest_.has_filename()) {
    throw OutputError(name_ + ": expected a file name");
  }
  create_folder(name_, dest_.parent_path());
  if (fs::is_directory(dest_)) {
    throw OutputError(name_ + ": is a folder, expected a file");
  }
  temporary_ = dest_.string() + ".partial-write-" + unique_suffix();
  if (const int e = probe_file(temporary_); e != 0) {
    throw OutputError(name_ + ": cannot write there (creating " + temporary_.string() + ": " + reason(e) + ")");
  }
  g_pending.staging = temporary_.string();
  g_pending.not_written =
      fs::exists(dest_) ? "no output written; " + name_ + " keeps its previous contents" : "no output written";
  g_pending.written = name_ + " was already written";
  arm(file_cleanup);
}

OutputFile::~OutputFile() {
  file_cleanup();
  disarm();
}

void OutputFile::commit(const std::string& content) {
  try {
    g_pending.phase = kStaging;
    write_file(temporary_, content);
    pause_for_tests("staged");
    g_pending.phase = kSwapping;
    rename_or_throw(temporary_.string(), dest_.string());
  } catch (const std::exception& e) {
    const std::string tail = file_cleanup();
    g_pending.phase = kArmed;
    throw std::runtime_error(std::string(e.what()) + "; " + tail);
  }
  g_pending.phase = kDone;
}

}  // namespace peaksim
