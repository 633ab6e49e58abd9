#pragma once
// spikescope --export-plots / --export-csv: the figure of the finished trial, drawn by the real
// window offscreen, and the trial's data, written by the core. Returns the exit code.
#include "command_line.h"

namespace spikescope {

int run_export(const AppOptions& options);

}  // namespace spikescope
