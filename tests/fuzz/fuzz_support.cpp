#include "fuzz_support.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "experiment/experiment_file.h"
#include "experiment/notebook_network.h"
#include "experiment/seed_experiment.h"

namespace spikescope::fuzz {
namespace {

constexpr std::string_view kFixtures[] = {"seed.json",    "exact.json",          "truncated.json",
                                          "offsets.json", "offsets_object.json", "folder"};

std::filesystem::path& sandbox_path() {
  static std::filesystem::path path;
  return path;
}

void remove_sandbox() {
  std::error_code ignored;
  std::filesystem::remove_all(sandbox_path(), ignored);
}

void write_text(const std::filesystem::path& path, std::string_view text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  if (!file) fail("cannot write the fixture " + path.string());
}

std::string onset_list(int count) {
  std::string list = "[";
  for (int i = 0; i < count; ++i) {
    // Appended piecewise: `"," + std::string` trips GCC 12's false -Wrestrict positive.
    if (i != 0) list += ',';
    list += std::to_string(i % 101);
  }
  return list + "]";
}

}  // namespace

std::optional<std::vector<std::string>> split_arguments(const std::uint8_t* data,
                                                        std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (text.find('/') != std::string_view::npos || text.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  std::vector<std::string> arguments;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    arguments.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return arguments;
}

void enter_sandbox() {
  char name[] = "/tmp/spikescope-fuzz-XXXXXX";
  if (::mkdtemp(name) == nullptr) fail("cannot create the sandbox directory");
  sandbox_path() = name;
  std::atexit(remove_sandbox);
  const std::filesystem::path dir = sandbox_path();
  const std::string_view seed = seed_experiment_json();
  write_text(dir / "seed.json", seed);
  write_text(dir / "truncated.json", seed.substr(0, seed.size() / 2));
  NotebookChain chain;
  chain.mode = IntegrationMode::kExact;
  chain.layer_sizes = {3, 1};
  chain.onset_steps = {0, 7, 2};
  Experiment exact = seed_experiment();
  exact.network = notebook_chain_network(chain);
  write_text(dir / "exact.json", serialize_experiment(exact));
  write_text(dir / "offsets.json", onset_list(100));
  write_text(dir / "offsets_object.json", "{\"offsets\": " + onset_list(100) + "}");
  std::filesystem::create_directory(dir / "folder");
  std::filesystem::current_path(dir);
}

bool is_fixture(std::string_view name) {
  if (name.starts_with("./")) name.remove_prefix(2);
  return std::find(std::begin(kFixtures), std::end(kFixtures), name) != std::end(kFixtures);
}

bool is_one_line_message(std::string_view message) {
  return !message.empty() && message.find('\n') == std::string_view::npos;
}

void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::abort();
}

}  // namespace spikescope::fuzz
