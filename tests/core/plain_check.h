#pragma once
// Checks for the Qt-free tests (the ones ThreadSanitizer runs, with no Qt in the process): a
// failed check prints what failed and is counted; finish() turns the count into the exit code.
#include <cstdio>
#include <cstdlib>

namespace spikescope::testing {

inline int& failed_checks() {
  static int failures = 0;
  return failures;
}

inline void check(bool condition, const char* what, long detail = 0) {
  if (!condition) {
    std::fprintf(stderr, "FAIL: %s (%ld)\n", what, detail);
    ++failed_checks();
  }
}

inline int finish(const char* test_name) {
  if (failed_checks() != 0) {
    std::fprintf(stderr, "%s: %d check(s) failed\n", test_name, failed_checks());
    return EXIT_FAILURE;
  }
  std::printf("%s: all checks passed\n", test_name);
  return EXIT_SUCCESS;
}

}  // namespace spikescope::testing
