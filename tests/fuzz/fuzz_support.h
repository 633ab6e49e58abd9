#pragma once
// Shared by the fuzz targets: fuzz bytes as a command line, a sandbox in which file names given on
// a generated command line can only reach a few fixture files, and how a target reports a finding.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spikescope::fuzz {

// One argument per line. Nothing for inputs that would leave the sandbox (a '/' could name any
// file on the machine, e.g. /dev/stdin, which would block) or that a command line cannot hold
// (a NUL byte).
std::optional<std::vector<std::string>> split_arguments(const std::uint8_t* data, std::size_t size);

// Creates a private directory holding the fixtures below and makes it the working directory for
// the rest of the process; it is removed at exit. Call once, from LLVMFuzzerInitialize.
//   seed.json            the seed experiment
//   exact.json           the seed experiment in exact mode with listed onsets (3 + 1 neurons)
//   truncated.json       the seed experiment cut in half
//   offsets.json         a JSON list of 100 onsets
//   offsets_object.json  {"offsets": [...]} with 100 onsets
//   folder               a directory
void enter_sandbox();
// True for the names of the fixtures (so that a target never overwrites one).
bool is_fixture(std::string_view name);

// A message shown to a user must say something, on one line.
bool is_one_line_message(std::string_view message);

// Prints what went wrong and aborts, which libFuzzer records as a crash with the input.
[[noreturn]] void fail(const std::string& what);

}  // namespace spikescope::fuzz
