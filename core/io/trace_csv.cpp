#include "io/trace_csv.h"

#include <charconv>
#include <optional>
#include <ostream>

namespace spikescope {
namespace {

void put(std::ostream& out, double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  out.write(text, result.ptr - text);
}

std::optional<std::size_t> find_probe(const Recorder& recorder, std::uint32_t population) {
  const auto& probes = recorder.config().probes;
  for (std::size_t p = 0; p < probes.size(); ++p) {
    if (probes[p] == Probe{population, 0, 0}) return p;
  }
  return std::nullopt;
}

void put_probe(std::ostream& out, const Recorder& recorder, std::optional<std::size_t> probe,
               std::int64_t step, double spike_height_v) {
  if (!probe) {
    out << ",,";
    return;
  }
  out << ',';
  put(out, recorder.probe_values().value(step, *probe));
  out << ',';
  put(out, recorder.probe_spiked().value(step, *probe) != 0 ? spike_height_v : 0.0);
}

}  // namespace

void write_trace_csv(std::ostream& out, const Recorder& recorder, double dt_ms,
                     double spike_height_v) {
  write_trace_csv_header(out);
  write_trace_csv_rows(out, recorder, recorder.population_sums().first_step(),
                       recorder.population_sums().end_step(), dt_ms, spike_height_v);
}

void write_trace_csv_header(std::ostream& out) {
  out << "step,vm_l0_n0,spikes_l0_n0,layer_spikes,vm_l1_n0,spikes_l1_n0,time_ms\n";
}

void write_trace_csv_rows(std::ostream& out, const Recorder& recorder, std::int64_t first_step,
                          std::int64_t end_step, double dt_ms, double spike_height_v) {
  const std::optional<std::size_t> layer0 = find_probe(recorder, 0);
  const std::optional<std::size_t> layer1 = find_probe(recorder, 1);
  const auto& sums = recorder.population_sums();
  for (std::int64_t step = first_step; step < end_step; ++step) {
    out << step;
    put_probe(out, recorder, layer0, step, spike_height_v);
    out << ',';
    put(out, sums.value(step, 0));
    put_probe(out, recorder, layer1, step, spike_height_v);
    out << ',';
    put(out, static_cast<double>(step) * dt_ms);
    out << '\n';
  }
}

void write_spike_events_csv(std::ostream& out, const Recorder& recorder, double dt_ms,
                            const std::vector<std::string>& population_names) {
  write_spike_events_header(out);
  write_spike_events_rows(out, recorder, dt_ms, population_names);
}

void write_neuron_spikes_csv(std::ostream& out, const Recorder& recorder, double dt_ms) {
  out << "step,time_ms\n";
  for (const SpikeEvent& event : recorder.events()) {
    out << event.iteration << ',';
    put(out, static_cast<double>(event.iteration) * dt_ms);
    out << '\n';
  }
}

void write_state_trace_csv(std::ostream& out, const Recorder& recorder, double dt_ms,
                           const ModelDescriptor& model) {
  out << "step,time_ms";
  for (const StateVariableDescriptor& variable : model.state) out << ',' << variable.key;
  out << '\n';
  const auto& values = recorder.probe_values();
  for (std::int64_t step = values.first_step(); step < values.end_step(); ++step) {
    out << step << ',';
    put(out, static_cast<double>(step) * dt_ms);
    for (std::size_t v = 0; v < values.width(); ++v) {
      out << ',';
      put(out, values.value(step, v));
    }
    out << '\n';
  }
}

void write_spike_events_header(std::ostream& out) { out << "step,time_ms,population,neuron\n"; }

void write_spike_events_rows(std::ostream& out, const Recorder& recorder, double dt_ms,
                             const std::vector<std::string>& population_names) {
  for (const SpikeEvent& event : recorder.events()) {
    out << event.iteration << ',';
    put(out, static_cast<double>(event.iteration) * dt_ms);
    out << ',' << population_names.at(event.population) << ',' << event.neuron << '\n';
  }
}

}  // namespace spikescope
