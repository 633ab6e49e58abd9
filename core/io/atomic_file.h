#pragma once
// Writing a file so that readers see either the old contents or the complete new ones, never a
// partial file: the data goes to a temporary file in the same directory, is flushed to disk, and
// is then renamed over the destination. On any failure the temporary file is removed and the old
// file (if any) is left as it was.
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <stdexcept>
#include <string_view>

namespace spikescope {

// An input/output failure; the message names the path ("out.csv: cannot create ...: ...").
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Calls `produce` with a stream on the temporary file, then renames it to `path`. Throws
// FileError on I/O failures; an exception from `produce` propagates after the clean-up. A new
// file gets the default permissions (0666 less the umask), a replaced file keeps its mode.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& produce);
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

}  // namespace spikescope
