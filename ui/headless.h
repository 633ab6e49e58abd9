#pragma once
// The offscreen modes of spikescope: a screenshot of the finished trial and the two
// benchmarks. Each drives the real window and its worker, exactly as a user would, and returns
// the process exit code.
#include "command_line.h"

namespace spikescope {

int run_screenshot(const AppOptions& options);
int run_bench_latency(const AppOptions& options);
int run_bench_live(const AppOptions& options);

}  // namespace spikescope
