// cli/output_set.h — writing outputs so that a reader, a crash or Ctrl-C never
// finds half of them.
//
// OutputFolder is the folder of one run's outputs (`peaksim run` and `merge`):
// the files are written into OUT.staging-<pid>-<random> beside it, then swapped in (OUT
// renamed to OUT.old-<pid>-<random>, the staging folder renamed to OUT, the old one
// removed). Both renames are within OUT's parent, so each is atomic, and the
// interrupt handler (cli/interrupt.h) knows the phase: after a signal OUT holds
// either the complete previous set or the complete new one. Files in OUT that
// the run does not write (a partial-*.json, a user's notes) are carried into the
// new folder as hard links; a folder holding sub-folders is refused.
//
// OutputFile is one file (a shard's partial, a JUnit file): written beside its
// final name and renamed into place.
//
// Both check, when constructed, that they can write where asked, by creating a
// probe file there and removing it, so a command refuses an unwritable output
// before it simulates anything:
//
//   OutputFolder folder("out/x");          // throws OutputError: exit 2, nothing ran
//   ... run ...
//   folder.commit({{"summary.json", text}, ...});
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace peaksim {

// An output that cannot be written where asked: invalid usage (exit 2), found
// before anything runs. The message names the path and the reason.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A file's name within the output folder and its whole content.
using OutputContent = std::vector<std::pair<std::string, std::string>>;

class OutputFolder {
 public:
  // Creates the folder's parent, checks that the folder can be replaced (not a
  // file, a mount point or a folder holding folders; a probe file can be created
  // in it and beside it) and arms the interrupt handler. Throws OutputError.
  explicit OutputFolder(std::filesystem::path dir);
  // Removes what an unfinished commit left (the previous set stays) and disarms.
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  // Writes `files` into the staging folder and swaps it in; files of the folder
  // named in `dropped` that are not written now go with the old set (an output
  // an earlier run wrote and this one does not), the others are carried over.
  // Throws std::runtime_error (a full disk, say), leaving the previous set in place.
  void commit(const OutputContent& files, const std::vector<std::string>& dropped = {});

  // The folder as the user named it, for messages.
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::filesystem::path dest_, staging_, old_;
};

class OutputFile {
 public:
  // Creates the parent folder, checks that a file can be created beside `path`
  // and arms the interrupt handler. Throws OutputError.
  explicit OutputFile(std::filesystem::path path);
  ~OutputFile();  // removes the temporary file of an unfinished commit; disarms
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Writes `content` beside the file and renames it into place. Throws std::runtime_error.
  void commit(const std::string& content);

  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::filesystem::path dest_, temporary_;
};

}  // namespace peaksim
