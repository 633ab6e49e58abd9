#pragma once
// What a run recorded, as CSV for other tools. Steps follow the golden data's convention (see
// recorder.h): step 0 is the leading sample, step k >= 1 is iteration k - 1; time_ms = step * dt,
// the end of that iteration. Floats are written shortest round-trip (strtod gives back the same
// double), so a notebook-mode trace equals the notebook's numbers exactly.
#include <iosfwd>
#include <string>
#include <vector>

#include "model/model_descriptor.h"
#include "record/recorder.h"

namespace spikescope {

// Header `step,vm_l0_n0,spikes_l0_n0,layer_spikes,vm_l1_n0,spikes_l1_n0,time_ms`, then one row
// per step the recorder still holds: the notebook network's trace. The Vm and spike columns come
// from the probes on state variable 0 of neuron 0 of populations 0 and 1 (empty cells when there
// is no such probe); a spike column holds the spike height or 0; layer_spikes is population 0's
// summed output.
void write_trace_csv(std::ostream& out, const Recorder& recorder, double dt_ms,
                     double spike_height_v);
// The same in pieces, for a run written while it goes: the header, then rows for steps
// [first_step, end_step), which the recorder must still hold.
void write_trace_csv_header(std::ostream& out);
void write_trace_csv_rows(std::ostream& out, const Recorder& recorder, std::int64_t first_step,
                          std::int64_t end_step, double dt_ms, double spike_height_v);

// Header `step,time_ms,population,neuron`, then every recorded spike in order. Here `step` is
// the step the spike was found in (iteration k, the update from k*dt to (k+1)*dt) and time_ms =
// k*dt, as Brian2's SpikeMonitor and ../shared/models report spikes; population is the name.
void write_spike_events_csv(std::ostream& out, const Recorder& recorder, double dt_ms,
                            const std::vector<std::string>& population_names);
// One neuron's spikes as `step,time_ms` (the step the spike was found in, at step*dt).
void write_neuron_spikes_csv(std::ostream& out, const Recorder& recorder, double dt_ms);
// `step,time_ms,<key of each state variable>`: row k is the state at the start of step k
// (stored step k: the initial state, then the state after each update), from the recorder's
// probes, which must be one per state variable of `model`, in order.
void write_state_trace_csv(std::ostream& out, const Recorder& recorder, double dt_ms,
                           const ModelDescriptor& model);

// The same in pieces, for spikes written while the run goes: the header, then the events the
// recorder holds now.
void write_spike_events_header(std::ostream& out);
void write_spike_events_rows(std::ostream& out, const Recorder& recorder, double dt_ms,
                             const std::vector<std::string>& population_names);

}  // namespace spikescope
