// spikesim: the command-line front end of the simulation core (see spikesim_cli.h).
#include <iostream>
#include <string>
#include <vector>

#include "spikesim_cli.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return spikescope::cli::run_spikesim(args, std::cout, std::cerr);
}
