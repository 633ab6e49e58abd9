#pragma once
// A population simulated once per onset instead of once per neuron (layer 0 of SNN_0).
//
// When every neuron of a population has the same parameters, starts in the same state and
// receives the same input once its onset has passed, the onset is all that tells two neurons
// apart (network/sharing.h decides when that holds). Neurons that have had the same onsets since
// the last reset then pass through the same states bit for bit, whatever the model, and a
// million neurons with onsets 0..100 follow only 101 trajectories. This population advances one
// representative neuron per class and expands what the network and the recorder ask for from
// class membership: spike counts (class size per spiking class), pooled raster rows (how many of
// a row's neurons each class holds), probes (their class's representative) and single spikes.
// The results equal the per-neuron population's exactly (tst_shared_onset_layer).
//
// Changing the onsets of a running layer splits the classes by (old class, new onset): neurons
// that agreed so far and still agree stay together.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "model/model_descriptor.h"
#include "model/neuron_population.h"

namespace spikescope {

class SharedOnsetPopulation final : public NeuronPopulation {
 public:
  // A population of onsets.size() neurons made from `setup` (uniform parameters and initial
  // state, no channels), or nullptr when the onsets make more than max_classes classes (sharing
  // would not pay).
  static std::unique_ptr<SharedOnsetPopulation> make(const ModelDescriptor& model,
                                                     const PopulationSetup& setup,
                                                     std::span<const std::int32_t> onsets,
                                                     std::size_t max_classes);

  const ModelDescriptor& model() const override { return representatives_->model(); }
  std::size_t size() const override { return class_of_.size(); }
  void set_parameters(const ParameterColumns& parameters) override;
  // Every representative back to rest; the classes stay (they may now be more than needed).
  void reset() override;
  // The input must be the onset drive and currents the same for every neuron.
  void advance(const ChunkInput& input, ChunkOutput& output, int threads) override;
  double state_value(std::size_t variable, std::size_t neuron) const override;
  double spike_height() const override { return representatives_->spike_height(); }
  // A per-neuron population.
  std::unique_ptr<NeuronPopulation> gathered(
      std::span<const std::uint32_t> source_of) const override;

  // New onsets without a reset, one per neuron. Returns false, and changes nothing, when the
  // split classes would be more than max_classes; the caller then goes on with expanded().
  bool set_onsets(std::span<const std::int32_t> onsets, std::size_t max_classes);
  // A per-neuron population in the same state as this one, neuron for neuron.
  std::unique_ptr<NeuronPopulation> expanded() const { return gathered_all(); }

  std::size_t class_count() const { return class_size_.size(); }

 private:
  SharedOnsetPopulation() = default;
  std::unique_ptr<NeuronPopulation> gathered_all() const;
  // Takes the classes of a grouping (first_member[c]: a neuron of class c) and their onsets.
  void adopt(std::vector<std::uint32_t> class_of, const std::vector<std::uint32_t>& first_member,
             std::span<const std::int32_t> onsets);
  // Rows of the pooled raster by class, rebuilt when the pooling changes.
  void prepare_raster(std::uint32_t group, std::uint32_t rows);
  void expand_events(const ChunkOutput& output);

  std::unique_ptr<NeuronPopulation> representatives_;  // neuron c = the trajectory of class c
  std::vector<std::uint32_t> class_of_;                // [neuron]
  std::vector<std::uint32_t> class_size_;              // [class] neurons in the class
  std::vector<std::int32_t> class_onsets_;             // [class]

  // Pooled raster: the neurons class c has in each row, as (row, count) pairs from
  // raster_begin_[c] to raster_begin_[c + 1]. At most one pair per neuron.
  struct RowShare {
    std::uint32_t row;
    std::uint32_t neurons;
  };
  std::uint32_t raster_group_ = 0;
  std::uint32_t raster_rows_ = 0;
  std::vector<std::size_t> raster_begin_;
  std::vector<RowShare> raster_shares_;

  // Chunk scratch, reused so that advancing allocates nothing once warmed up.
  std::vector<std::uint32_t> probe_classes_;
  std::vector<std::uint32_t> class_spike_counts_;
  std::vector<SpikeEvent> class_events_;
  std::vector<std::uint8_t> class_spiked_;
};

}  // namespace spikescope
