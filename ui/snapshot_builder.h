#pragma once
// Turns what the recorder holds into a PlotSnapshot for one frame. Plain C++: the worker calls
// it, tests call it to get the numbers the plots must show.
#include <cstdint>
#include <string>
#include <optional>
#include <vector>

#include "plot_snapshot.h"
#include "record/recorder.h"
#include "record/scrolling_density.h"

namespace spikescope {

struct SnapshotRequest {
  // Stored steps [first_step, end_step) are shown, in bins of bin_steps steps (0: as few as fit
  // geometry.columns); first_step should be a multiple of bin_steps (see trace_reduction.h).
  std::int64_t first_step = 0;
  std::int64_t end_step = 0;
  std::size_t bin_steps = 0;
  double start_ms = 0.0;  // x axis range
  double end_ms = 0.0;
  PlotGeometry geometry;
  double dt_ms = 0.125;
  double threshold_v = 0.75;
  // The unit of what the probes show (the model's first state variable): "V" for LIF, "mV" ...
  std::string layer0_unit = "V";
  std::string layer1_unit = "V";
  std::int64_t refractory_steps = 0;
  std::uint32_t selected_neuron = 0;
  std::size_t layer0_probe = 0;              // probe column of the selected neuron
  std::optional<std::size_t> layer1_probe;   // probe column of the layer-1 neuron
  std::int64_t layer0_probe_valid_from = 0;  // the probe watches the selected neuron from here
  std::uint32_t layer0_size = 0;
  const std::vector<std::int32_t>* onset_steps = nullptr;  // layer-0 onsets, for the raster marks
  // A scrolling view's raster pooler (live mode): pools only the steps new since its last frame.
  ScrollingDensity* density = nullptr;
};

PlotSnapshot build_snapshot(const Recorder& recorder, const SnapshotRequest& request);

// Time (ms) at which a neuron with this onset is first driven: iteration onset + 1 reads the
// first non-zero stimulus sample and is stored as step onset + 2.
inline double onset_mark_ms(std::int32_t onset_step, double dt_ms) {
  return (static_cast<double>(onset_step) + 2.0) * dt_ms;
}

}  // namespace spikescope
