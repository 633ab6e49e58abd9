#include "network/shared_onset_population.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

namespace spikescope {
namespace {

struct Grouping {
  std::vector<std::uint32_t> class_of;      // [neuron]
  std::vector<std::uint32_t> first_member;  // [class] its lowest-numbered neuron
};

// Numbers the distinct values of key(j), 0 <= key(j) < key_count, in order of first appearance;
// nothing when there are more than max_classes. Small key ranges use a table (a million neurons
// in about a millisecond), large ones a hash map.
template <class Key>
std::optional<Grouping> group_neurons(std::size_t size, std::uint64_t key_count, Key key,
                                      std::size_t max_classes) {
  constexpr std::uint64_t kTableKeys = std::uint64_t{1} << 22;
  Grouping grouping;
  grouping.class_of.resize(size);
  // slot(k) holds 1 + the class of key k, or 0 for a key not seen yet.
  auto assign = [&](auto&& slot) {
    for (std::size_t j = 0; j < size; ++j) {
      std::uint32_t& entry = slot(key(j));
      if (entry == 0) {
        if (grouping.first_member.size() >= max_classes) return false;
        grouping.first_member.push_back(static_cast<std::uint32_t>(j));
        entry = static_cast<std::uint32_t>(grouping.first_member.size());
      }
      grouping.class_of[j] = entry - 1;
    }
    return true;
  };
  bool fits = false;
  if (key_count <= kTableKeys) {
    std::vector<std::uint32_t> table(key_count, 0);
    fits = assign([&](std::uint64_t k) -> std::uint32_t& { return table[k]; });
  } else {
    std::unordered_map<std::uint64_t, std::uint32_t> table;
    fits = assign([&](std::uint64_t k) -> std::uint32_t& { return table[k]; });
  }
  if (!fits) return std::nullopt;
  return grouping;
}

std::pair<std::int32_t, std::uint64_t> onset_range(std::span<const std::int32_t> onsets) {
  if (onsets.empty()) return {0, 1};
  const auto [low, high] = std::minmax_element(onsets.begin(), onsets.end());
  return {*low, static_cast<std::uint64_t>(std::int64_t{*high} - *low) + 1};
}

}  // namespace

std::unique_ptr<SharedOnsetPopulation> SharedOnsetPopulation::make(
    const ModelDescriptor& model, const PopulationSetup& setup,
    std::span<const std::int32_t> onsets, std::size_t max_classes) {
  const auto [lowest, range] = onset_range(onsets);
  std::optional<Grouping> grouping = group_neurons(
      onsets.size(), range,
      // Structured bindings are captured by init-capture: clang 14 (the fuzz build) cannot
      // capture them directly.
      [&, lowest = lowest](std::size_t j) {
        return static_cast<std::uint64_t>(onsets[j] - lowest);
      },
      max_classes);
  if (!grouping) return nullptr;
  std::unique_ptr<SharedOnsetPopulation> layer(new SharedOnsetPopulation());
  PopulationSetup representatives = setup;
  representatives.size = grouping->first_member.size();
  layer->representatives_ = model.make(representatives);
  layer->adopt(std::move(grouping->class_of), grouping->first_member, onsets);
  return layer;
}

bool SharedOnsetPopulation::set_onsets(std::span<const std::int32_t> onsets, std::size_t max_classes) {
  const auto [lowest, range] = onset_range(onsets);
  std::optional<Grouping> grouping = group_neurons(
      size(), class_count() * range,
      [&, lowest = lowest, range = range](std::size_t j) {
        return class_of_[j] * range + static_cast<std::uint64_t>(onsets[j] - lowest);
      },
      max_classes);
  if (!grouping) return false;
  std::vector<std::uint32_t> old_class(grouping->first_member.size());
  for (std::size_t c = 0; c < old_class.size(); ++c) {
    old_class[c] = class_of_[grouping->first_member[c]];
  }
  representatives_ = representatives_->gathered(old_class);
  adopt(std::move(grouping->class_of), grouping->first_member, onsets);
  return true;
}

void SharedOnsetPopulation::adopt(std::vector<std::uint32_t> class_of,
                             const std::vector<std::uint32_t>& first_member,
                             std::span<const std::int32_t> onsets) {
  class_of_ = std::move(class_of);
  class_size_.assign(first_member.size(), 0);
  for (const std::uint32_t c : class_of_) ++class_size_[c];
  class_onsets_.resize(first_member.size());
  for (std::size_t c = 0; c < first_member.size(); ++c) {
    class_onsets_[c] = onsets[first_member[c]];
  }
  raster_group_ = 0;  // the rows' classes changed
}

void SharedOnsetPopulation::set_parameters(const ParameterColumns& parameters) {
  representatives_->set_parameters(parameters);
}

void SharedOnsetPopulation::reset() {
  representatives_->reset();
}

double SharedOnsetPopulation::state_value(std::size_t variable, std::size_t neuron) const {
  return representatives_->state_value(variable, class_of_[neuron]);
}

std::unique_ptr<NeuronPopulation> SharedOnsetPopulation::gathered(
    std::span<const std::uint32_t> source_of) const {
  std::vector<std::uint32_t> class_of_source(source_of.size());
  for (std::size_t j = 0; j < source_of.size(); ++j) class_of_source[j] = class_of_[source_of[j]];
  return representatives_->gathered(class_of_source);
}

std::unique_ptr<NeuronPopulation> SharedOnsetPopulation::gathered_all() const {
  return representatives_->gathered(class_of_);
}

void SharedOnsetPopulation::advance(const ChunkInput& input, ChunkOutput& output, int threads) {
  OnsetDrive class_onset;
  if (input.onset != nullptr) class_onset = OnsetDrive{input.onset->amplitude, class_onsets_};
  ChunkInput class_input = input;
  if (input.onset != nullptr) class_input.onset = &class_onset;

  probe_classes_.clear();
  for (const std::uint32_t neuron : output.probe_neurons) {
    probe_classes_.push_back(class_of_[neuron]);
  }
  class_spike_counts_.assign(static_cast<std::size_t>(input.steps), 0);
  class_events_.clear();
  ChunkOutput class_output;
  class_output.spike_counts = class_spike_counts_.data();
  class_output.probe_neurons = probe_classes_;
  class_output.probe_variables = output.probe_variables;
  class_output.probe_values = output.probe_values;  // same layout: the probes map one to one
  class_output.probe_spiked = output.probe_spiked;
  class_output.events = &class_events_;  // which classes fired when: all the rest follows
  class_output.population_index = output.population_index;
  representatives_->advance(class_input, class_output, threads);

  if (output.raster_group != 0) prepare_raster(output.raster_group, output.raster_rows);
  for (const SpikeEvent& spike : class_events_) {
    const auto step = static_cast<std::size_t>(spike.iteration - input.first_iteration);
    const std::uint32_t c = spike.neuron;
    output.spike_counts[step] += class_size_[c];
    if (output.raster_group != 0) {
      std::uint32_t* cells = output.raster_counts + step * output.raster_rows;
      for (std::size_t k = raster_begin_[c]; k < raster_begin_[c + 1]; ++k) {
        cells[raster_shares_[k].row] += raster_shares_[k].neurons;
      }
    }
  }
  if (output.events != nullptr) expand_events(output);
}

void SharedOnsetPopulation::expand_events(const ChunkOutput& output) {
  class_spiked_.assign(class_count(), 0);
  // class_events_ come in (iteration, class) order; every neuron of a class that fired fired.
  for (std::size_t first = 0; first < class_events_.size();) {
    const std::int64_t iteration = class_events_[first].iteration;
    std::size_t last = first;
    for (; last < class_events_.size() && class_events_[last].iteration == iteration; ++last) {
      class_spiked_[class_events_[last].neuron] = 1;
    }
    for (std::size_t j = 0; j < class_of_.size(); ++j) {
      if (class_spiked_[class_of_[j]]) {
        output.events->push_back(
            SpikeEvent{iteration, output.population_index, static_cast<std::uint32_t>(j)});
      }
    }
    for (std::size_t k = first; k < last; ++k) class_spiked_[class_events_[k].neuron] = 0;
    first = last;
  }
}

void SharedOnsetPopulation::prepare_raster(std::uint32_t group, std::uint32_t rows) {
  if (group == raster_group_ && rows == raster_rows_) return;
  // Row by row, how many of its neurons each class has; then the pairs sorted by class.
  std::vector<std::uint32_t> in_row(class_count(), 0);
  std::vector<std::uint32_t> classes_in_row;
  std::vector<std::pair<std::uint32_t, RowShare>> pairs;  // (class, share)
  raster_begin_.assign(class_count() + 1, 0);
  for (std::size_t row_begin = 0, row = 0; row_begin < size(); row_begin += group, ++row) {
    const std::size_t row_end = std::min<std::size_t>(size(), row_begin + group);
    for (std::size_t j = row_begin; j < row_end; ++j) {
      if (in_row[class_of_[j]]++ == 0) classes_in_row.push_back(class_of_[j]);
    }
    for (const std::uint32_t c : classes_in_row) {
      pairs.push_back({c, RowShare{static_cast<std::uint32_t>(row), in_row[c]}});
      ++raster_begin_[c + 1];
      in_row[c] = 0;
    }
    classes_in_row.clear();
  }
  for (std::size_t c = 0; c < class_count(); ++c) raster_begin_[c + 1] += raster_begin_[c];
  raster_shares_.resize(pairs.size());
  std::vector<std::size_t> next(raster_begin_.begin(), raster_begin_.end() - 1);
  for (const auto& [c, share] : pairs) raster_shares_[next[c]++] = share;
  raster_group_ = group;
  raster_rows_ = rows;
}

}  // namespace spikescope
