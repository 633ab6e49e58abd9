#pragma once
// spikescope --soak SECONDS: the window offscreen in live mode, driven for that long by a seeded
// random user (slider storms, integration and run-mode switches, play/pause, single steps,
// resets, onset draws, experiments saved to a file and loaded back), to find leaks and races
// that no short test meets. Prints resident memory and heap in use in the starting state after a
// warm-up and at the end.
#include "command_line.h"

namespace spikescope {

// Exit code 0 if the window kept showing the newest request and every file round trip was
// exact, 1 otherwise.
int run_soak(const AppOptions& options);

}  // namespace spikescope
