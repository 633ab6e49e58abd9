#pragma once
// Layer 0 of SNN_0 simulated once per onset instead of once per neuron.
//
// Every layer-0 neuron has the same parameters, starts at rest and receives the same input once
// its onset has passed: the onset is all that tells two neurons apart. Neurons that have had the
// same onsets since the last reset therefore pass through the same states bit for bit, in both
// integration modes, and a million neurons with onsets 0..100 follow only 101 trajectories. This
// layer advances one representative neuron per class and expands what the network and the
// recorder ask for from class membership: spike counts (class size per spiking class), pooled
// raster rows (how many of a row's neurons each class holds), probes (their class's
// representative) and single spikes. The results equal the per-neuron layer's exactly
// (tst_shared_onset_layer). A model whose neurons differ in more than their onset (noise,
// heterogeneous parameters) cannot be shared this way.
//
// Changing the onsets of a running layer splits the classes by (old class, new onset): neurons
// that agreed so far and still agree stay together.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "model/neuron_layer.h"
#include "network/stimulus.h"

namespace spikescope {

class SharedOnsetLayer final : public NeuronLayer {
 public:
  // A layer of onsets.size() neurons at rest, or nullptr when the onsets make more than
  // max_classes classes (sharing would not pay).
  static std::unique_ptr<SharedOnsetLayer> make(IntegrationMode mode,
                                                const LifParameters& parameters, double dt_ms,
                                                std::span<const std::int32_t> onsets,
                                                std::size_t max_classes);

  std::size_t size() const override { return class_of_.size(); }
  IntegrationMode mode() const override { return representatives_->mode(); }
  void set_parameters(const LifParameters& parameters, double dt_ms) override;
  // Every representative back to rest; the classes stay (they may now be more than needed).
  void reset() override;
  // Layer 0 only: the input must be the onset stimulus.
  void advance(const ChunkInput& input, ChunkOutput& output, int threads) override;
  double membrane_potential(std::size_t neuron) const override;
  // A per-neuron layer.
  std::unique_ptr<NeuronLayer> gathered(std::span<const std::uint32_t> source_of) const override;

  // New onsets without a reset, one per neuron. Returns false, and changes nothing, when the
  // split classes would be more than max_classes; the caller then goes on with expanded().
  bool set_onsets(std::span<const std::int32_t> onsets, std::size_t max_classes);
  // A per-neuron layer in the same state as this one, neuron for neuron.
  std::unique_ptr<NeuronLayer> expanded() const { return gathered_all(); }

  std::size_t class_count() const { return class_size_.size(); }

 private:
  SharedOnsetLayer() = default;
  std::unique_ptr<NeuronLayer> gathered_all() const;
  // Takes the classes of a grouping (first_member[c]: a neuron of class c) and their onsets.
  void adopt(std::vector<std::uint32_t> class_of, const std::vector<std::uint32_t>& first_member,
             std::span<const std::int32_t> onsets);
  // Rows of the pooled raster by class, rebuilt when the pooling changes.
  void prepare_raster(std::uint32_t group, std::uint32_t rows);
  void expand_events(const ChunkOutput& output);

  std::unique_ptr<NeuronLayer> representatives_;  // neuron c = the trajectory of class c
  std::vector<std::uint32_t> class_of_;           // [neuron]
  std::vector<std::uint32_t> class_size_;         // [class] neurons in the class
  Stimulus class_stimulus_;                       // onset_steps[class]

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
