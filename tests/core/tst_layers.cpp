// The vectorised, blocked, threaded LIF kernels (NotebookLifPopulation, ExactLifPopulation<float>
// and <double>) against a one-neuron-at-a-time scalar reference written from the model equations
// (lif_scalar_reference.h), bit for bit, over sizes that leave odd remainders in every vector
// width and block (1, 15, 4097, 9001), with raster pooling, probes and spike events on and off,
// on one and two threads, driven by the onset input, by a uniform current, by per-neuron
// currents and pulse arrivals, or through an exponential current synapse, across chunks of
// uneven length and a parameter change between chunks. Also checks that the benchmark's plain
// loop computes what the engine computes.
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <vector>

#include "common/onset_generator.h"
#include "common/worker_pool.h"
#include "lif_scalar_reference.h"
#include "models/lif/lif_exact_population.h"
#include "models/lif/lif_notebook_population.h"
#include "network/network.h"
#include "network_support.h"
#include "run/plain_lif_loop.h"

using namespace spikescope;
using spikescope::testing::lif_columns;
using spikescope::testing::LifKind;
using spikescope::testing::LifScalarReference;

namespace {

// What drives the population.
enum class Drive {
  kOnset,      // the onset input alone
  kUniform,    // a current the same for every neuron
  kPerNeuron,  // onset + uniform + a current per neuron + a pulse channel with per-neuron arrivals
  kSynapse,    // uniform + an exponential current channel (arrivals uniform or per neuron)
};
constexpr double kAmplitude = 1.25;
constexpr double kTauSyn = 3.0;

// Dyadic values (exact sums in any order), varying between silence and strong drive.
double uniform_current(std::int64_t k) {
  return (k / 23) % 3 == 0 ? 0.0 : 0.75 + 0.25 * (k % 5);
}
double own_current(std::int64_t k, std::size_t j) {
  return static_cast<double>(static_cast<int>((j * j + j / 3 + k * 3) % 9) - 4) * 0x1p-6;
}
double pulse_uniform(std::int64_t k) {
  return k % 4 == 1 ? 0.125 : 0.0;
}
// Irregular in the neuron, so that an array read from the wrong block or offset shows.
bool irregular(std::int64_t k, std::size_t j, unsigned every) {
  return (j * j + 3 * static_cast<std::size_t>(k) + j / 5) % every == 0;
}
double pulse_own(std::int64_t k, std::size_t j) {
  return irregular(k, j, 3) ? 0.25 : 0.0;
}
// At each step the exponential channel receives either the same for all or some neurons' own.
bool synapse_uniform_step(std::int64_t k) {
  return k % 7 == 0;
}
double synapse_uniform(std::int64_t k) {
  return synapse_uniform_step(k) ? 0.5 : 0.0;
}
double synapse_own(std::int64_t k, std::size_t j) {
  return !synapse_uniform_step(k) && irregular(k, j, 4) ? 0.375 : 0.0;
}

std::unique_ptr<NeuronPopulation> make_population(LifKind kind, const PopulationSetup& setup) {
  switch (kind) {
    case LifKind::kNotebook:
      return std::make_unique<NotebookLifPopulation>(setup);
    case LifKind::kExactFloat:
      return std::make_unique<ExactLifPopulation<float>>(setup);
    case LifKind::kExactDouble:
      return std::make_unique<ExactLifPopulation<double>>(setup);
  }
  return nullptr;
}

// Everything a chunk reports, in ChunkOutput's layouts.
struct ChunkRecord {
  std::vector<std::uint32_t> counts;
  std::vector<double> probe_values;
  std::vector<std::uint8_t> probe_spiked;
  std::vector<std::uint32_t> raster;
  std::vector<SpikeEvent> events;
};

struct Scenario {
  LifKind kind;
  std::size_t size;
  int threads;
  std::uint32_t raster_group;  // 0 = off
  bool events;
  bool probes;
  Drive drive;
};

class ChunkDriver {
 public:
  explicit ChunkDriver(const Scenario& s) : s_(s) {
    onsets_ = draw_onsets(s.size, 40, 1234 + s.size);
    onset_ = OnsetDrive{kAmplitude, onsets_};
    if (s.probes) {
      probes_ = {0, static_cast<std::uint32_t>(s.size / 2), static_cast<std::uint32_t>(s.size - 1)};
    }
    variables_.assign(probes_.size(), 0);
    if (s.raster_group != 0) {
      raster_rows_ = static_cast<std::uint32_t>((s.size + s.raster_group - 1) / s.raster_group);
    }
  }

  // The synaptic channels the population is made with.
  std::vector<ChannelSpec> channels() const {
    if (s_.drive == Drive::kPerNeuron) return {ChannelSpec{SynapseKind::kPulse, 0.0, 0.0}};
    if (s_.drive == Drive::kSynapse) return {ChannelSpec{SynapseKind::kExpCurrent, kTauSyn, 0.0}};
    return {};
  }
  bool onset() const { return s_.drive == Drive::kOnset || s_.drive == Drive::kPerNeuron; }
  bool uniform() const { return s_.drive != Drive::kOnset; }

  std::int64_t iteration() const { return iteration_; }

  // Prepares the inputs of the next chunk: the notebook clock and the drive's currents.
  ChunkInput next_input(int steps, double dt_ms) {
    const auto n = static_cast<std::size_t>(steps);
    clock_.resize(n);
    uniform_.resize(n);
    const bool per_neuron = s_.drive == Drive::kPerNeuron || s_.drive == Drive::kSynapse;
    own_.resize(per_neuron ? n * s_.size : 0);
    arrive_uniform_.resize(n);
    arrive_own_.resize(per_neuron ? n * s_.size : 0);
    own_rows_.resize(n);
    arrive_rows_.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      const std::int64_t i = iteration_ + static_cast<std::int64_t>(k);
      clock_[k] = clock_ms_;
      clock_ms_ += dt_ms;
      uniform_[k] = uniform_current(i);
      const bool pulse = s_.drive == Drive::kPerNeuron;
      arrive_uniform_[k] = pulse ? pulse_uniform(i) : synapse_uniform(i);
      if (!per_neuron) continue;
      for (std::size_t j = 0; j < s_.size; ++j) {
        own_[k * s_.size + j] = own_current(i, j);
        arrive_own_[k * s_.size + j] = pulse ? pulse_own(i, j) : synapse_own(i, j);
      }
      own_rows_[k] = &own_[k * s_.size];
      arrive_rows_[k] = &arrive_own_[k * s_.size];
    }
    ChunkInput in;
    in.first_iteration = iteration_;
    in.steps = steps;
    in.clock_ms = clock_.data();
    if (onset()) in.onset = &onset_;
    if (uniform()) in.uniform_current = uniform_.data();
    if (s_.drive == Drive::kPerNeuron) in.neuron_current = own_rows_.data();
    arrivals_.clear();
    if (!channels().empty()) {
      arrivals_.push_back(ChannelArrivals{arrive_uniform_.data(), arrive_rows_.data()});
    }
    in.channels = arrivals_;
    return in;
  }

  ChunkRecord run_population(NeuronPopulation& population, const ChunkInput& in) {
    ChunkRecord r = empty_record(in.steps);
    ChunkOutput out;
    out.spike_counts = r.counts.data();
    out.probe_neurons = probes_;
    out.probe_variables = variables_;
    out.probe_values = r.probe_values.data();
    out.probe_spiked = r.probe_spiked.data();
    out.raster_group = s_.raster_group;
    out.raster_rows = raster_rows_;
    out.raster_counts = r.raster.data();
    out.events = s_.events ? &r.events : nullptr;
    out.population_index = 3;
    population.advance(in, out, s_.threads);
    return r;
  }

  ChunkRecord run_reference(LifScalarReference& ref, const ChunkInput& in) {
    ChunkRecord r = empty_record(in.steps);
    for (int k = 0; k < in.steps; ++k) {
      const std::int64_t i = in.first_iteration + k;
      const std::int64_t sample = i - 1;  // iteration i reads stimulus sample i - 1
      for (std::size_t j = 0; j < s_.size; ++j) {
        double shared = onset() && sample >= onsets_[j] ? kAmplitude : 0.0;
        double own = 0.0;
        double arriving = 0.0;
        if (uniform()) shared += uniform_current(i);
        if (s_.drive == Drive::kPerNeuron) {
          shared += pulse_uniform(i);
          own = own_current(i, j) + pulse_own(i, j);
        }
        if (s_.drive == Drive::kSynapse) arriving = synapse_uniform(i) + synapse_own(i, j);
        if (!ref.step(j, shared, own, arriving, in.clock_ms[k])) continue;
        ++r.counts[k];
        if (s_.raster_group != 0) ++r.raster[k * raster_rows_ + j / s_.raster_group];
        if (s_.events) r.events.push_back({i, 3, static_cast<std::uint32_t>(j)});
        for (std::size_t p = 0; p < probes_.size(); ++p) {
          if (probes_[p] == j) r.probe_spiked[p * in.steps + k] = 1;
        }
      }
      for (std::size_t p = 0; p < probes_.size(); ++p) {
        r.probe_values[p * in.steps + k] = ref.vm(probes_[p]);
      }
    }
    return r;
  }

  void finish_chunk(int steps) { iteration_ += steps; }

 private:
  ChunkRecord empty_record(int steps) const {
    ChunkRecord r;
    r.counts.assign(steps, 0);
    r.probe_values.assign(probes_.size() * steps, -99.0);
    r.probe_spiked.assign(probes_.size() * steps, 0);
    r.raster.assign(static_cast<std::size_t>(steps) * raster_rows_, 0);
    return r;
  }

  Scenario s_;
  std::vector<std::int32_t> onsets_;
  OnsetDrive onset_;
  std::vector<std::uint32_t> probes_;
  std::vector<std::uint32_t> variables_;
  std::uint32_t raster_rows_ = 0;
  std::int64_t iteration_ = 0;
  double clock_ms_ = 0.0;
  std::vector<double> clock_;
  std::vector<double> uniform_;
  std::vector<double> own_;  // [step * size + neuron]
  std::vector<const double*> own_rows_;
  std::vector<double> arrive_uniform_;
  std::vector<double> arrive_own_;
  std::vector<const double*> arrive_rows_;
  std::vector<ChannelArrivals> arrivals_;
};

const char* kind_name(LifKind kind) {
  const char* names[] = {"notebook", "exact-float", "exact-double"};
  return names[static_cast<int>(kind)];
}
const char* drive_name(Drive drive) {
  const char* names[] = {"onset", "uniform", "per-neuron", "exp-synapse"};
  return names[static_cast<int>(drive)];
}

constexpr LifKind kKinds[] = {LifKind::kNotebook, LifKind::kExactFloat, LifKind::kExactDouble};

}  // namespace

Q_DECLARE_METATYPE(Scenario)
Q_DECLARE_METATYPE(spikescope::IntegrationMode)

class TestLayers : public QObject {
  Q_OBJECT
 private slots:
  void matchesScalarReference_data();
  void matchesScalarReference();
  void plainLoopMatchesEngine_data();
  void plainLoopMatchesEngine();
  void workerPoolSharesOutEveryPieceOnce();
};

void TestLayers::matchesScalarReference_data() {
  QTest::addColumn<Scenario>("scenario");
  auto add = [](const Scenario& s) {
    QTest::addRow("%s n=%d t=%d raster=%d events=%d probes=%d %s", kind_name(s.kind),
                  static_cast<int>(s.size), s.threads, static_cast<int>(s.raster_group), s.events,
                  s.probes, drive_name(s.drive))
        << s;
  };
  for (LifKind kind : kKinds) {
    for (std::size_t size : {1u, 15u, 4097u, 9001u}) {
      for (int threads : {1, 2}) {
        for (std::uint32_t group : {0u, 7u, 700u}) {  // pooled from flags; a call per row
          for (Drive drive : {Drive::kOnset, Drive::kUniform, Drive::kPerNeuron, Drive::kSynapse}) {
            // Every output combination for the onset and uniform drives; the per-neuron input
            // paths with flags (events and probes) and without.
            const bool all_outputs = drive == Drive::kOnset || drive == Drive::kUniform;
            for (bool events : {false, true}) {
              for (bool probes : {false, true}) {
                if (all_outputs || events == probes) {
                  add(Scenario{kind, size, threads, group, events, probes, drive});
                }
              }
            }
          }
        }
      }
    }
  }
  // One raster row larger than a kernel call may take (2048 neurons): the row is split.
  for (LifKind kind : kKinds) {
    for (Drive drive : {Drive::kOnset, Drive::kUniform, Drive::kSynapse}) {
      add(Scenario{kind, 70001, 2, 70001, true, true, drive});
    }
  }
}

void TestLayers::matchesScalarReference() {
  QFETCH(Scenario, scenario);
  LifParameters p;
  p.refractory_ms = 2.0;
  p.rest_v = 0.0625;  // not 0, so that -(V - V_rest) is exercised
  const double dt_ms = 0.25;
  ChunkDriver driver(scenario);
  PopulationSetup setup;
  setup.size = scenario.size;
  setup.parameters = lif_columns(p);
  setup.method = scenario.kind == LifKind::kNotebook ? kLifNotebook : kLifExact;
  setup.dt_ms = dt_ms;
  setup.channels = driver.channels();
  const std::unique_ptr<NeuronPopulation> population = make_population(scenario.kind, setup);
  const double tau_s = scenario.drive == Drive::kSynapse ? kTauSyn : 0.0;
  LifScalarReference reference(scenario.kind, scenario.size, p, dt_ms, tau_s);
  std::uint64_t spikes = 0;
  // Uneven chunks; at iteration 82 a lower threshold, a shorter refractory period and a shorter
  // membrane time constant, at a step boundary.
  for (const int steps : {64, 1, 17, 64, 63, 40}) {
    if (driver.iteration() == 82) {
      p.threshold_v = 0.6;
      p.refractory_ms = 1.0;
      p.membrane_capacitance_uf = 8.0;
      population->set_parameters(lif_columns(p));
      reference.set_parameters(p, dt_ms);
    }
    const ChunkInput in = driver.next_input(steps, dt_ms);
    const ChunkRecord got = driver.run_population(*population, in);
    const ChunkRecord want = driver.run_reference(reference, in);
    QCOMPARE(got.counts, want.counts);
    QCOMPARE(got.probe_values, want.probe_values);
    QCOMPARE(got.probe_spiked, want.probe_spiked);
    QCOMPARE(got.raster, want.raster);
    QVERIFY(got.events == want.events);
    for (const std::uint32_t c : got.counts) spikes += c;
    driver.finish_chunk(steps);
  }
  for (std::size_t j = 0; j < scenario.size; ++j) {
    if (population->state_value(0, j) != reference.vm(j)) {
      QFAIL(qPrintable(QString("neuron %1: V %2 vs reference %3")
                           .arg(j)
                           .arg(population->state_value(0, j), 0, 'g', 17)
                           .arg(reference.vm(j), 0, 'g', 17)));
    }
  }
  // The comparison means something only if neurons fired, repeatedly.
  QVERIFY2(spikes >= 2 * scenario.size, qPrintable(QString::number(spikes)));
}

void TestLayers::plainLoopMatchesEngine_data() {
  QTest::addColumn<IntegrationMode>("mode");
  QTest::addColumn<std::uint32_t>("neurons");
  for (IntegrationMode mode : {IntegrationMode::kNotebook, IntegrationMode::kExact}) {
    for (std::uint32_t n : {1u, 15u, 4097u}) {
      QTest::addRow("%s n=%d", to_string(mode), static_cast<int>(n)) << mode << n;
    }
  }
}

void TestLayers::plainLoopMatchesEngine() {
  QFETCH(IntegrationMode, mode);
  QFETCH(std::uint32_t, neurons);
  NotebookChain chain;
  chain.mode = mode;
  chain.layer_sizes = {neurons, 2, 1};
  chain.weight = 40.0;  // strong enough that a few layer-0 spikes make layer 1, then 2, fire
  chain.onset_steps = draw_onsets(neurons, 100, 7);
  const std::int64_t steps = 700;
  RecordingConfig recording;
  recording.probes = {{0, 0, 0}, {1, 0, 0}, {2, 0, 0}};
  recording.capacity_steps = steps + 1;
  Network network(notebook_chain_network(chain), recording);
  network.advance(steps);
  PlainLifLoop plain(chain, steps);
  plain.run();
  double layer2_total = 0.0;
  for (std::int64_t k = 0; k <= steps; ++k) {
    for (std::size_t l = 0; l < 3; ++l) {
      QCOMPARE(network.recorder().population_sums().value(k, l), plain.layer_sums()[l][k]);
      QCOMPARE(network.recorder().probe_values().value(k, l), plain.first_neuron_vm()[l][k]);
    }
    layer2_total += plain.layer_sums()[2][k];
  }
  if (neurons >= 15) QVERIFY(layer2_total > 0);  // spikes made it through both couplings
}

void TestLayers::workerPoolSharesOutEveryPieceOnce() {
  WorkerPool pool;
  constexpr std::size_t kPieces = 5000;
  for (int round = 0; round < 300; ++round) {
    const std::size_t workers = 1 + round % 3;
    std::vector<std::uint8_t> done(kPieces, 0);
    std::vector<int> calls(4, 0);
    std::atomic<std::size_t> next{0};
    auto task = [&](std::size_t w) {
      ++calls[w];
      for (std::size_t i = next.fetch_add(1); i < kPieces; i = next.fetch_add(1)) ++done[i];
    };
    pool.run(workers, task);
    QCOMPARE(calls[0], 1);
    for (std::size_t w = 1; w < calls.size(); ++w) QVERIFY(calls[w] <= (w < workers ? 1 : 0));
    QVERIFY(std::all_of(done.begin(), done.end(), [](std::uint8_t d) { return d == 1; }));
  }
  QCOMPARE(pool.helper_count(), std::size_t{2});
}

QTEST_GUILESS_MAIN(TestLayers)
#include "tst_layers.moc"
