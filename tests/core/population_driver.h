#pragma once
// What the model tests of two-variable populations share: bitwise comparison with a readable
// failure, Qt lists of spike steps, and a driver that advances a NeuronPopulation by hand in
// chunks (one current per neuron, single arrivals into its one channel, probes of its two state
// variables), so that a population is checked against single-neuron runs without a network.
#include <QByteArray>
#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <algorithm>
#include <bit>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "model/neuron_population.h"

namespace spikescope::testing {

inline bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}
inline QByteArray differ(const char* what, double actual, double expected) {
  return QByteArray(what) + ": got " + QByteArray::number(actual, 'g', 17) + ", expected " +
         QByteArray::number(expected, 'g', 17);
}
inline QString text(std::string_view s) {
  return QString::fromUtf8(s.data(), qsizetype(s.size()));
}
inline QList<qint64> as_list(const std::vector<std::int64_t>& steps) {
  return {steps.begin(), steps.end()};
}
inline QList<qint64> as_list(const QJsonArray& steps) {
  QList<qint64> list;
  for (const QJsonValue& step : steps) list.push_back(step.toInteger());
  return list;
}

// Drives a population for `steps` steps from iteration `first`, in chunks, with one current per
// neuron (ChunkInput::neuron_current) and single arrivals into its one channel, if it has one.
struct Arrival {
  std::int64_t step;
  std::size_t neuron;
  double weight;
};
struct Drive {
  std::vector<double> current = {};  // [neuron]
  std::vector<Arrival> arrivals = {};
  bool channel = false;
  int chunk = 64, threads = 1;
  std::uint32_t raster_group = 0;
  std::vector<std::uint32_t> probes = {};  // neurons whose state is traced
};
struct Driven {
  std::vector<SpikeEvent> events;
  std::vector<std::vector<double>> trace;  // [2 * probe + variable][step], after the step
};
inline Driven drive(NeuronPopulation& population, std::int64_t first, std::int64_t steps,
                    const Drive& d) {
  const std::size_t n = population.size();
  Driven result;
  std::vector<std::uint32_t> neurons, variables;
  for (const std::uint32_t j : d.probes) {
    neurons.insert(neurons.end(), {j, j});
    variables.insert(variables.end(), {0, 1});
  }
  result.trace.resize(neurons.size());
  const std::uint32_t rows = d.raster_group == 0 ? 0 : (n + d.raster_group - 1) / d.raster_group;
  for (std::int64_t begin = first; begin < first + steps; begin += d.chunk) {
    const int len = static_cast<int>(std::min<std::int64_t>(d.chunk, first + steps - begin));
    std::vector<std::vector<double>> current(len, d.current);
    std::vector<std::vector<double>> arriving(len, std::vector<double>(n, 0.0));
    for (const Arrival& a : d.arrivals) {
      if (a.step >= begin && a.step < begin + len) arriving[a.step - begin][a.neuron] += a.weight;
    }
    std::vector<const double*> current_rows, arriving_rows;
    for (int s = 0; s < len; ++s) {
      current_rows.push_back(current[s].data());
      arriving_rows.push_back(arriving[s].data());
    }
    const std::vector<double> zeros(len, 0.0);
    const ChannelArrivals channel{zeros.data(), arriving_rows.data()};
    const ChunkInput in{.first_iteration = begin,
                        .steps = len,
                        .neuron_current = current_rows.data(),
                        .channels = std::span(&channel, d.channel ? 1 : 0)};
    std::vector<std::uint32_t> counts(len), raster(std::size_t(len) * rows);
    std::vector<double> values(neurons.size() * len);
    std::vector<std::uint8_t> spiked(values.size());
    ChunkOutput out{.spike_counts = counts.data(),
                    .probe_neurons = neurons,
                    .probe_variables = variables,
                    .probe_values = values.data(),
                    .probe_spiked = spiked.data(),
                    .raster_group = d.raster_group,
                    .raster_rows = rows,
                    .raster_counts = raster.data(),
                    .events = &result.events};
    population.advance(in, out, d.threads);
    for (std::size_t p = 0; p < neurons.size(); ++p) {
      result.trace[p].insert(result.trace[p].end(), values.begin() + p * len,
                             values.begin() + (p + 1) * len);
    }
  }
  return result;
}

inline std::vector<std::int64_t> steps_of(const std::vector<SpikeEvent>& events,
                                          std::uint32_t neuron) {
  std::vector<std::int64_t> steps;
  for (const SpikeEvent& event : events) {
    if (event.neuron == neuron) steps.push_back(event.iteration);
  }
  return steps;
}

}  // namespace spikescope::testing
