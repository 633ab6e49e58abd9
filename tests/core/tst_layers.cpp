// The vectorised, blocked, threaded layer kernels against a one-neuron-at-a-time scalar
// reference written here from the model equations, bit for bit, over sizes that leave odd
// remainders in every vector width and block (1, 15, 4097, 9001), with raster pooling, probes
// and spike events on and off, on one and two threads, driven by the stimulus or by a shared
// current, across chunks of uneven length and a parameter change between chunks. Also checks
// that the benchmark's plain loop computes what the engine computes.
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <vector>

#include "models/lif/lif_exact_layer.h"
#include "models/lif/lif_notebook_layer.h"
#include "common/onset_generator.h"
#include "run/plain_lif_loop.h"
#include "common/worker_pool.h"

using namespace spikescope;

namespace {

enum class Kind { kNotebook, kExactFloat, kExactDouble };

// One neuron at a time, as the model headers state the update.
class ScalarReference {
 public:
  ScalarReference(Kind kind, std::size_t size, const LifParameters& p, double dt_ms)
      : kind_(kind),
        vm_(size, kind == Kind::kNotebook ? 0.0 : p.reset_v),
        t_rest_ms_(size),
        left_(size) {
    set_parameters(p, dt_ms);
  }

  void set_parameters(const LifParameters& p, double dt_ms) {
    p_ = p;
    dt_ms_ = dt_ms;
    refractory_steps_ = exact_constants<double>(p, dt_ms).refractory_steps;
    for (auto& left : left_) left = std::min(left, refractory_steps_);
  }

  bool step(std::size_t j, double input, double t_ms) {
    switch (kind_) {
      case Kind::kNotebook:
        return notebook_step(j, input, t_ms);
      case Kind::kExactFloat:
        return exact_step<float>(j, input);
      case Kind::kExactDouble:
        return exact_step<double>(j, input);
    }
    return false;
  }
  double vm(std::size_t j) const { return vm_[j]; }

 private:
  bool notebook_step(std::size_t j, double input, double t_ms) {
    if (!(t_ms > t_rest_ms_[j])) {
      vm_[j] = p_.reset_v;
      return false;
    }
    const double v = vm_[j];
    vm_[j] = v + ((-v + input * p_.membrane_resistance_kohm) / p_.tau_m_ms()) * dt_ms_;
    if (vm_[j] < p_.threshold_v) return false;
    t_rest_ms_[j] = t_ms + p_.refractory_ms;
    return true;
  }

  template <typename Real>
  bool exact_step(std::size_t j, double input) {
    if (left_[j] > 0) {
      --left_[j];
      vm_[j] = static_cast<Real>(p_.reset_v);
      return false;
    }
    const Real decay = static_cast<Real>(std::exp(-dt_ms_ / p_.tau_m_ms()));
    const Real v_inf = static_cast<Real>(input) * static_cast<Real>(p_.membrane_resistance_kohm);
    const Real v = v_inf - (v_inf - static_cast<Real>(vm_[j])) * decay;
    if (v >= static_cast<Real>(p_.threshold_v)) {
      vm_[j] = static_cast<Real>(p_.reset_v);
      left_[j] = refractory_steps_;
      return true;
    }
    vm_[j] = v;
    return false;
  }

  Kind kind_;
  LifParameters p_;
  double dt_ms_ = 0;
  std::uint16_t refractory_steps_ = 0;
  std::vector<double> vm_;  // holds float values exactly in the float kind
  std::vector<double> t_rest_ms_;
  std::vector<std::uint16_t> left_;
};

std::unique_ptr<NeuronLayer> make_layer(Kind kind, std::size_t size, const LifParameters& p,
                                        double dt_ms) {
  switch (kind) {
    case Kind::kNotebook:
      return std::make_unique<NotebookLifLayer>(size, p, dt_ms);
    case Kind::kExactFloat:
      return std::make_unique<ExactLifLayer<float>>(size, p, dt_ms);
    case Kind::kExactDouble:
      return std::make_unique<ExactLifLayer<double>>(size, p, dt_ms);
  }
  return nullptr;
}

// Everything a chunk reports, in ChunkOutput's layouts.
struct ChunkRecord {
  std::vector<std::uint32_t> counts;
  std::vector<double> probe_vm;
  std::vector<std::uint8_t> probe_spiked;
  std::vector<std::uint32_t> raster;
  std::vector<SpikeEvent> events;
};

struct Scenario {
  Kind kind;
  std::size_t size;
  int threads;
  std::uint32_t raster_group;  // 0 = off
  bool events;
  bool probes;
  bool stimulus;  // layer 0 (onsets) or a deeper layer (shared current)
};

class ChunkDriver {
 public:
  explicit ChunkDriver(const Scenario& s) : s_(s) {
    onsets_ = draw_onsets(s.size, 40, 1234 + s.size);
    stimulus_.onset_steps = onsets_;
    stimulus_.amplitude = 1.3;
    if (s.probes)
      probes_ = {0, static_cast<std::uint32_t>(s.size / 2), static_cast<std::uint32_t>(s.size - 1)};
    if (s.raster_group != 0) {
      raster_rows_ = static_cast<std::uint32_t>((s.size + s.raster_group - 1) / s.raster_group);
    }
  }

  std::int64_t iteration() const { return iteration_; }
  double clock_at(int step) const { return clock_[static_cast<std::size_t>(step)]; }

  // Prepares the inputs of the next chunk: the notebook clock and a shared current that varies
  // between silence and strong drive.
  ChunkInput next_input(int steps, double dt_ms) {
    clock_.resize(steps);
    shared_.resize(steps);
    for (int k = 0; k < steps; ++k) {
      clock_[k] = clock_ms_;
      clock_ms_ += dt_ms;
      shared_[k] = ((iteration_ + k) / 23) % 3 == 0 ? 0.0 : 0.8 + 0.3 * ((iteration_ + k) % 5);
    }
    ChunkInput in;
    in.first_iteration = iteration_;
    in.steps = steps;
    in.clock_ms = clock_.data();
    if (s_.stimulus) {
      in.stimulus = &stimulus_;
    } else {
      in.shared_current = shared_.data();
    }
    return in;
  }

  ChunkRecord run_layer(NeuronLayer& layer, const ChunkInput& in) {
    ChunkRecord r = empty_record(in.steps);
    ChunkOutput out;
    out.spike_counts = r.counts.data();
    out.probe_neurons = probes_;
    out.probe_vm = r.probe_vm.data();
    out.probe_spiked = r.probe_spiked.data();
    out.raster_group = s_.raster_group;
    out.raster_rows = raster_rows_;
    out.raster_counts = r.raster.data();
    out.events = s_.events ? &r.events : nullptr;
    out.layer_index = 3;
    layer.advance(in, out, s_.threads);
    return r;
  }

  ChunkRecord run_reference(ScalarReference& ref, const ChunkInput& in) {
    ChunkRecord r = empty_record(in.steps);
    for (int k = 0; k < in.steps; ++k) {
      const std::int64_t sample = in.first_iteration + k - 1;
      for (std::size_t j = 0; j < s_.size; ++j) {
        const double input =
            s_.stimulus ? (sample >= onsets_[j] ? stimulus_.amplitude : 0.0) : in.shared_current[k];
        if (!ref.step(j, input, in.clock_ms[k])) continue;
        ++r.counts[k];
        if (s_.raster_group != 0) ++r.raster[k * raster_rows_ + j / s_.raster_group];
        if (s_.events) {
          r.events.push_back({in.first_iteration + k, 3, static_cast<std::uint32_t>(j)});
        }
        for (std::size_t p = 0; p < probes_.size(); ++p) {
          if (probes_[p] == j) r.probe_spiked[p * in.steps + k] = 1;
        }
      }
      for (std::size_t p = 0; p < probes_.size(); ++p) {
        r.probe_vm[p * in.steps + k] = ref.vm(probes_[p]);
      }
    }
    return r;
  }

  void finish_chunk(int steps) { iteration_ += steps; }

 private:
  ChunkRecord empty_record(int steps) const {
    ChunkRecord r;
    r.counts.assign(steps, 0);
    r.probe_vm.assign(probes_.size() * steps, -99.0);
    r.probe_spiked.assign(probes_.size() * steps, 0);
    r.raster.assign(static_cast<std::size_t>(steps) * raster_rows_, 0);
    return r;
  }

  Scenario s_;
  std::vector<std::int32_t> onsets_;
  Stimulus stimulus_;
  std::vector<std::uint32_t> probes_;
  std::uint32_t raster_rows_ = 0;
  std::int64_t iteration_ = 0;
  double clock_ms_ = 0.0;
  std::vector<double> clock_;
  std::vector<double> shared_;
};

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kNotebook:
      return "notebook";
    case Kind::kExactFloat:
      return "exact-float";
    case Kind::kExactDouble:
      return "exact-double";
  }
  return "";
}

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
  for (Kind kind : {Kind::kNotebook, Kind::kExactFloat, Kind::kExactDouble}) {
    for (std::size_t size : {1u, 15u, 4097u, 9001u}) {
      for (int threads : {1, 2}) {
        for (std::uint32_t group : {0u, 7u, 700u}) {  // pooled from flags; a call per row
          for (bool events : {false, true}) {
            for (bool probes : {false, true}) {
              for (bool stimulus : {true, false}) {
                const Scenario s{kind, size, threads, group, events, probes, stimulus};
                QTest::addRow("%s n=%d t=%d raster=%d events=%d probes=%d %s", kind_name(kind),
                              static_cast<int>(size), threads, static_cast<int>(group), events,
                              probes, stimulus ? "stimulus" : "shared")
                    << s;
              }
            }
          }
        }
      }
    }
  }
  // One raster row larger than a kernel call may take (65535 neurons): the row is split.
  for (Kind kind : {Kind::kNotebook, Kind::kExactFloat, Kind::kExactDouble}) {
    for (bool stimulus : {true, false}) {
      const Scenario s{kind, 70001, 2, 70001, true, true, stimulus};
      QTest::addRow("%s n=70001 one raster row %s", kind_name(kind),
                    stimulus ? "stimulus" : "shared")
          << s;
    }
  }
}

void TestLayers::matchesScalarReference() {
  QFETCH(Scenario, scenario);
  LifParameters p;
  p.refractory_ms = 2.0;
  const double dt_ms = 0.25;
  const std::unique_ptr<NeuronLayer> layer = make_layer(scenario.kind, scenario.size, p, dt_ms);
  ScalarReference reference(scenario.kind, scenario.size, p, dt_ms);
  ChunkDriver driver(scenario);
  std::uint64_t spikes = 0;
  // Uneven chunks; halfway, a lower threshold and shorter refractory period at a step boundary.
  for (const int steps : {64, 1, 17, 64, 63, 40}) {
    if (driver.iteration() == 82) {
      p.threshold_v = 0.6;
      p.refractory_ms = 1.0;
      layer->set_parameters(p, dt_ms);
      reference.set_parameters(p, dt_ms);
    }
    const ChunkInput in = driver.next_input(steps, dt_ms);
    const ChunkRecord got = driver.run_layer(*layer, in);
    const ChunkRecord want = driver.run_reference(reference, in);
    QCOMPARE(got.counts, want.counts);
    QCOMPARE(got.probe_vm, want.probe_vm);
    QCOMPARE(got.probe_spiked, want.probe_spiked);
    QCOMPARE(got.raster, want.raster);
    QVERIFY(got.events == want.events);
    for (const std::uint32_t c : got.counts) spikes += c;
    driver.finish_chunk(steps);
  }
  for (std::size_t j = 0; j < scenario.size; ++j) {
    QCOMPARE(layer->membrane_potential(j), reference.vm(j));
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
  NetworkConfig config;
  config.mode = mode;
  config.layer_sizes = {neurons, 2, 1};
  config.weight = 40.0;  // strong enough that a few layer-0 spikes make layer 1, then 2, fire
  config.stimulus.onset_steps = draw_onsets(neurons, 100, 7);
  const std::int64_t steps = 700;
  RecordingConfig recording;
  recording.probes = {{0, 0}, {1, 0}, {2, 0}};
  recording.capacity_steps = steps + 1;
  Network network(config, recording);
  network.advance(steps);
  PlainLifLoop plain(config, steps);
  plain.run();
  double layer2_total = 0.0;
  for (std::int64_t k = 0; k <= steps; ++k) {
    for (std::size_t l = 0; l < 3; ++l) {
      QCOMPARE(network.recorder().layer_sums().value(k, l), plain.layer_sums()[l][k]);
      QCOMPARE(network.recorder().probe_vm().value(k, l), plain.first_neuron_vm()[l][k]);
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
