// Splitting a population across threads changes nothing: spikes, sums, probes and the pooled
// raster are identical with 1 and 2 threads, in a chain and in a network with a loop, spike-by-
// spike delivery and noise, with a raster (blocks of whole rows) and without (a share per
// thread). The split itself: every piece handed out once, blocks that tile the population along
// the thread shares. Qt-free and driven by the core's own std::threads, so the ThreadSanitizer
// build checks the split for races (label "concurrency").
#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "common/worker_pool.h"
#include "model/blocked_advance.h"

#include "common/onset_generator.h"
#include "experiment/notebook_network.h"
#include "network_support.h"
#include "plain_check.h"
#include "run/trial.h"

using namespace spikescope;

using spikescope::testing::check;

namespace {

void compare_threads(const NetworkSpec& spec, std::int64_t steps, RecordingConfig recording,
                     long min_spikes, std::uint32_t raster_rows) {
  recording.spike_events = true;
  recording.raster_rows = raster_rows;
  // Every neuron, not one trajectory per onset.
  const TrialResult one = run_trial(spec, steps, recording, EngineOptions{1, NeuronSharing::kOff});
  const TrialResult two = run_trial(spec, steps, recording, EngineOptions{2, NeuronSharing::kOff});
  const Recorder& a = one.recorder;
  const Recorder& b = two.recorder;
  check(one.completed && two.completed, "trials completed");
  check(static_cast<long>(a.events().size()) > min_spikes, "spikes happened",
        static_cast<long>(a.events().size()));
  check(a.events() == b.events(), "same spike events");
  for (std::int64_t k = 0; k <= steps; ++k) {
    for (std::size_t l = 0; l < spec.populations.size(); ++l) {
      check(a.population_sums().value(k, l) == b.population_sums().value(k, l),
            "same population sums", k);
    }
    for (std::size_t p = 0; p < recording.probes.size(); ++p) {
      check(a.probe_values().value(k, p) == b.probe_values().value(k, p), "same probe values", k);
      check(a.probe_spiked().value(k, p) == b.probe_spiked().value(k, p), "same probe spikes", k);
    }
    for (std::uint32_t row = 0; row < a.raster_rows(); ++row) {
      check(a.raster().value(k, row) == b.raster().value(k, row), "same raster", k);
    }
  }
}

void chain(IntegrationMode mode) {
  NotebookChain chain;
  chain.mode = mode;
  chain.layer_sizes = {20000, 3};
  chain.onset_steps = draw_onsets(20000, 100, 11);
  const std::int64_t steps = 700;
  const NetworkSpec spec = notebook_chain_network(chain);
  RecordingConfig recording = trial_recording(spec, steps);
  recording.probes = {{0, 5, 0}, {0, 19999, 0}, {1, 2, 0}};
  compare_threads(spec, steps, recording, 1000, 100);
  compare_threads(spec, steps, recording, 1000, 0);
}

// Two exact LIF populations in a loop (fixed-probability projections, delivered spike by spike
// into exponential synapses), one of them with noise: the threads share the per-neuron buffers.
void loop() {
  LifParameters p;
  p.refractory_ms = 2.0;
  NetworkSpec spec;
  spec.dt_ms = 0.1;
  spec.populations = {testing::lif_population("E", 9000, "exact", p),
                      testing::lif_population("I", 5000, "exact", p)};
  ProjectionSpec ei = testing::projection("E", "I", 0.02, 3, ConnectorRule::kFixedProbability);
  ei.connector.p = 0.01;
  ei.connector.seed = 5;
  ei.synapse = ChannelSpec{SynapseKind::kExpCurrent, 2.0, 0.0};
  ProjectionSpec ie = testing::projection("I", "E", -0.01, 2, ConnectorRule::kFixedProbability);
  ie.connector.p = 0.02;
  ie.connector.seed = 6;
  spec.projections = {ei, ie};
  spec.inputs = {testing::input("drive", "E", DcInput{0.9, 0.0, std::nullopt}),
                 testing::input("noise", "E", NoiseInput{0.0, 0.3, 17}),
                 testing::input("sine", "I", SineInput{0.5, 40.0, 0.0, 0.5})};
  RecordingConfig recording = trial_recording(spec, 600);
  recording.probes = {{0, 8999, 0}, {1, 4096, 0}};
  compare_threads(spec, 600, recording, 2000, 100);
  compare_threads(spec, 600, recording, 2000, 0);
}

// Every piece goes to exactly one worker, whether the other workers come at once, late (after
// the first worker has done its own) or not at all.
void claims_hand_out_every_piece_once() {
  for (const std::size_t pieces : {1, 2, 7, 16, 33}) {
    for (const std::size_t workers : {1, 2, 3}) {
      for (const bool late : {false, true}) {
        PieceClaims claims(pieces, workers);
        std::vector<std::atomic<int>> taken(pieces);
        auto work = [&](std::size_t w) {
          for (std::size_t p = claims.claim(w); p < pieces; p = claims.claim(w)) ++taken[p];
        };
        std::vector<std::thread> helpers;
        if (late) work(0);
        for (std::size_t w = 1; w < workers; ++w) helpers.emplace_back(work, w);
        if (!late) work(0);
        for (std::thread& helper : helpers) helper.join();
        const bool once = std::all_of(taken.begin(), taken.end(),
                                      [](const std::atomic<int>& t) { return t.load() == 1; });
        check(once, "each piece once", static_cast<long>(pieces * 10 + workers));
      }
    }
  }
}

struct SmallBlocks {
  static constexpr std::size_t kBlockNeurons = 256;
};

// Blocks tile [0, size) in order, none longer than the model's block, whole 64-neuron lines, and
// no block crosses a thread's share (so that deliveries cut with share_begin match them).
void blocks_tile_the_shares() {
  for (const std::size_t size : {1, 63, 64, 100, 1000, 4096, 40000}) {
    for (const std::size_t threads : {1, 2, 3}) {
      const BlockPlan plan = detail::plan_blocks<SmallBlocks>(size, threads, 0);
      std::size_t at = 0;
      for (std::size_t b = 0; b < plan.blocks(); ++b) {
        const auto [begin, end] = plan.range(b);
        if (begin == end) continue;
        check(begin == at && end > begin && end - begin <= SmallBlocks::kBlockNeurons,
              "blocks tile in order", static_cast<long>(size));
        check(begin % 64 == 0, "blocks begin on a line", static_cast<long>(begin));
        const std::size_t share = b / plan.per_share;
        check(begin >= share_begin(size, share, plan.shares) &&
                  end <= share_begin(size, share + 1, plan.shares),
              "blocks stay in their share", static_cast<long>(b));
        at = end;
      }
      check(at == size, "blocks cover the population", static_cast<long>(size));
      check(plan.longest_block() <= SmallBlocks::kBlockNeurons, "longest block",
            static_cast<long>(size));
    }
  }
}

}  // namespace

int main() {
  claims_hand_out_every_piece_once();
  blocks_tile_the_shares();
  chain(IntegrationMode::kNotebook);
  chain(IntegrationMode::kExact);
  loop();
  return spikescope::testing::finish("tst_parallel_network");
}
