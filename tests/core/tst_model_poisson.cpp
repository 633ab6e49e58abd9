// Poisson spike sources (core/models/poisson): the counts, intervals and per-neuron rates of a
// Bernoulli(rate * dt) process per step, one train per (seed, neuron) whatever the chunking,
// threads, raster blocks, reset or regrouping, and the rate bound at 1/dt.
#include <QTest>
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "common/onset_generator.h"
#include "common/parameter_error.h"
#include "model/model_registry.h"
#include "models/poisson/poisson_model.h"
#include "models/poisson/poisson_population.h"

using namespace spikescope;

namespace {

PopulationSetup sources(std::size_t size, ValueColumn rate_hz, std::uint64_t seed,
                        double dt_ms = 0.1) {
  PopulationSetup setup;
  setup.size = size;
  setup.parameters = {std::move(rate_hz)};
  setup.dt_ms = dt_ms;
  setup.seed = seed;
  return setup;
}

std::unique_ptr<NeuronPopulation> make(const PopulationSetup& setup) {
  return poisson_model().make(setup);
}

struct RunOptions {
  int chunk = 1000;
  int threads = 1;
  std::uint32_t raster_group = 0;
};

// Advances `steps` steps in chunks and returns every spike; the chunk's spike counts and raster
// must add up to the events, or the test fails.
std::vector<SpikeEvent> run(NeuronPopulation& population, int steps, RunOptions options = {}) {
  std::vector<SpikeEvent> events;
  const std::uint32_t rows =
      options.raster_group == 0
          ? 0
          : static_cast<std::uint32_t>((population.size() + options.raster_group - 1) /
                                       options.raster_group);
  for (int done = 0; done < steps; done += options.chunk) {
    ChunkInput in;
    in.first_iteration = done;
    in.steps = std::min(options.chunk, steps - done);
    std::vector<std::uint32_t> counts(in.steps, 0);
    std::vector<std::uint32_t> raster(static_cast<std::size_t>(in.steps) * rows, 0);
    ChunkOutput out;
    out.spike_counts = counts.data();
    out.raster_group = options.raster_group;
    out.raster_rows = rows;
    out.raster_counts = raster.data();
    out.events = &events;
    const std::size_t before = events.size();
    population.advance(in, out, options.threads);
    std::uint64_t counted = 0;
    for (const std::uint32_t count : counts) counted += count;
    if (counted != events.size() - before) qFatal("spike counts and events disagree");
    if (rows != 0) {
      std::uint64_t rastered = 0;
      for (const std::uint32_t count : raster) rastered += count;
      if (rastered != counted) qFatal("raster and spike counts disagree");
    }
  }
  return events;
}

// Spike steps per neuron.
std::vector<std::vector<std::int64_t>> trains(const std::vector<SpikeEvent>& events,
                                              std::size_t size) {
  std::vector<std::vector<std::int64_t>> out(size);
  for (const SpikeEvent& e : events) out[e.neuron].push_back(e.iteration);
  return out;
}

QString refusal(const std::function<void()>& check) {
  try {
    check();
  } catch (const ParameterError& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

}  // namespace

class TestModelPoisson : public QObject {
  Q_OBJECT
 private slots:
  void isRegisteredAsSpikeSource();
  void meanCountIsRateTimesDuration();
  void intervalsAreGeometric();
  void perNeuronRates();
  void sameSeedSameSpikesWhateverTheChunksAndThreads();
  void otherSeedsAndNeuronsGiveOtherTrains();
  void firstSpikesFollowTheDocumentedGenerator();
  void resetRepeatsTheTrain();
  void rateChangesApplyFromTheNextStep();
  void gatheredNeuronsContinueTheirSources();
  void probesReadTheSpikedState();
  void rateBoundIsOneSpikePerStep();
};

void TestModelPoisson::isRegisteredAsSpikeSource() {
  QCOMPARE(find_model("poisson"), &poisson_model());
  const ModelDescriptor& model = poisson_model();
  QVERIFY(model.spike_source);
  QVERIFY(model.per_neuron_parameters);
  QCOMPARE(model.parameter_index("rate_hz"), std::size_t{kPoissonRate});
  QCOMPARE(model.state_index("spiked"), kPoissonSpiked);
  QVERIFY(!model.methods.empty());
  QVERIFY(model.make != nullptr && model.check != nullptr);
  const QString negative = refusal([&] {
    check_parameter_value(model.parameters[kPoissonRate], -1.0,
                          "populations[0].parameters.rate_hz");
  });
  QVERIFY2(negative.startsWith("populations[0].parameters.rate_hz: must be at least 0"),
           qPrintable(negative));
  QVERIFY2(negative.contains("a rate cannot be negative"), qPrintable(negative));
}

// 1000 sources at 15 Hz for 10 s: each count is Binomial(1e5, 0.0015), mean 150.
void TestModelPoisson::meanCountIsRateTimesDuration() {
  constexpr std::size_t kSources = 1000;
  constexpr int kSteps = 100'000;  // 10 s of 0.1 ms
  const double p = spike_probability(15.0, 0.1);
  auto population = make(sources(kSources, 15.0, 11));
  const auto per_neuron = trains(run(*population, kSteps), kSources);
  double total = 0;
  double sum_squares = 0;
  for (const auto& train : per_neuron) {
    total += static_cast<double>(train.size());
    sum_squares += static_cast<double>(train.size() * train.size());
  }
  const double expected = kSources * kSteps * p;
  const double sd = std::sqrt(expected * (1 - p));
  QVERIFY2(std::abs(total - expected) < 3 * sd,
           qPrintable(QString("%1 spikes, expected %2 +- %3").arg(total).arg(expected).arg(sd)));
  // Independent sources: the counts vary between neurons as binomials do (variance n p (1-p));
  // the sample variance's standard error is about var * sqrt(2 / (N - 1)).
  const double mean = total / kSources;
  const double variance = (sum_squares - kSources * mean * mean) / (kSources - 1);
  const double theory = kSteps * p * (1 - p);
  QVERIFY2(std::abs(variance - theory) < 4 * theory * std::sqrt(2.0 / (kSources - 1)),
           qPrintable(QString("count variance %1, binomial %2").arg(variance).arg(theory)));
}

// Intervals of a Bernoulli(p) train are Geometric(p) steps: P(ISI <= k) = 1 - (1-p)^k, the
// discrete exponential, with CV sqrt(1 - p).
void TestModelPoisson::intervalsAreGeometric() {
  constexpr std::size_t kSources = 500;
  const double p = spike_probability(40.0, 0.1);
  auto population = make(sources(kSources, 40.0, 5));
  std::vector<double> intervals;
  for (const auto& train : trains(run(*population, 100'000), kSources)) {
    for (std::size_t s = 1; s < train.size(); ++s) {
      intervals.push_back(static_cast<double>(train[s] - train[s - 1]));
    }
  }
  QVERIFY(intervals.size() > 150'000);
  const double n = static_cast<double>(intervals.size());
  double sum = 0;
  double sum_squares = 0;
  for (const double isi : intervals) {
    sum += isi;
    sum_squares += isi * isi;
  }
  const double mean = sum / n;
  const double cv = std::sqrt((sum_squares / n - mean * mean) * n / (n - 1)) / mean;
  QVERIFY2(std::abs(cv - std::sqrt(1 - p)) < 0.02, qPrintable(QString("CV %1").arg(cv)));
  // Kolmogorov-Smirnov distance at the jumps; 1.63/sqrt(n) is the 1% level (conservative for
  // a discrete law).
  std::sort(intervals.begin(), intervals.end());
  double distance = 0;
  for (std::size_t i = 0; i < intervals.size();) {
    const double k = intervals[i];
    const auto below = static_cast<double>(i);
    while (i < intervals.size() && intervals[i] == k) ++i;
    const double cdf = 1 - std::pow(1 - p, k);
    const double cdf_before = 1 - std::pow(1 - p, k - 1);
    distance = std::max(
        {distance, std::abs(static_cast<double>(i) / n - cdf), std::abs(below / n - cdf_before)});
  }
  QVERIFY2(distance < 1.63 / std::sqrt(n), qPrintable(QString("KS distance %1").arg(distance)));
}

// Rates 0, 10, 20, 30 Hz by neuron j % 4: silent neurons never fire, the others at their rate.
void TestModelPoisson::perNeuronRates() {
  constexpr std::size_t kSources = 400;
  constexpr int kSteps = 20'000;  // 20 s of 1 ms
  std::vector<double> rates(kSources);
  for (std::size_t j = 0; j < kSources; ++j) rates[j] = 10.0 * static_cast<double>(j % 4);
  auto population = make(sources(kSources, ValueColumn(rates), 3, 1.0));
  const auto per_neuron = trains(run(*population, kSteps), kSources);
  std::map<double, double> count_at_rate;
  for (std::size_t j = 0; j < kSources; ++j) {
    if (rates[j] == 0) QVERIFY2(per_neuron[j].empty(), qPrintable(QString("neuron %1").arg(j)));
    count_at_rate[rates[j]] += static_cast<double>(per_neuron[j].size());
  }
  for (const double rate : {10.0, 20.0, 30.0}) {
    const double p = spike_probability(rate, 1.0);
    const double expected = kSources / 4 * kSteps * p;
    const double sd = std::sqrt(expected * (1 - p));
    QVERIFY2(std::abs(count_at_rate[rate] - expected) < 4 * sd,
             qPrintable(QString("%1 Hz: %2 spikes, expected %3")
                            .arg(rate)
                            .arg(count_at_rate[rate])
                            .arg(expected)));
  }
}

// 5000 sources are three blocks: two threads share them, and a raster of 100-neuron rows makes
// blocks of 2000 instead of 2048.
void TestModelPoisson::sameSeedSameSpikesWhateverTheChunksAndThreads() {
  const PopulationSetup setup = sources(5000, 500.0, 42);
  auto reference_population = make(setup);
  const auto reference = run(*reference_population, 64, {.chunk = 64});
  QVERIFY(reference.size() > 10'000);
  const RunOptions variants[] = {{.chunk = 1},
                                 {.chunk = 64, .threads = 2},
                                 {.chunk = 1, .threads = 2},
                                 {.chunk = 8, .threads = 2, .raster_group = 100},
                                 {.chunk = 5, .raster_group = 1000}};
  for (const RunOptions& options : variants) {
    auto population = make(setup);
    QCOMPARE(run(*population, 64, options), reference);
  }
}

void TestModelPoisson::otherSeedsAndNeuronsGiveOtherTrains() {
  auto a = make(sources(100, 200.0, 0));
  auto b = make(sources(100, 200.0, 1));
  const auto trains_a = trains(run(*a, 2000), 100);
  const auto trains_b = trains(run(*b, 2000), 100);
  QVERIFY(!trains_a[0].empty());
  QVERIFY(trains_a != trains_b);
  // Neither a copy of a neighbour nor of the neighbouring seed's neighbour.
  QVERIFY(trains_a[0] != trains_a[1]);
  QVERIFY(trains_a[1] != trains_b[0]);
  QVERIFY(trains_a[0] != trains_b[1]);
}

// The README's formula, written out here again: a change of the generator changes every seed's
// spikes, which this test catches.
void TestModelPoisson::firstSpikesFollowTheDocumentedGenerator() {
  constexpr std::uint64_t kSeed = 2024;
  const double p = spike_probability(100.0, 1.0);
  auto population = make(sources(8, 100.0, kSeed, 1.0));
  const auto per_neuron = trains(run(*population, 400), 8);
  const std::uint64_t key = SplitMix64(kSeed).next();
  for (std::uint64_t j = 0; j < 8; ++j) {
    SplitMix64 rng(SplitMix64(key ^ j).next());
    std::int64_t step = 0;
    for (int spike = 0; spike < 3; ++spike) {
      const double u = static_cast<double>(rng.next() >> 11) * 0x1p-53;
      step += static_cast<std::int64_t>(std::floor(std::log1p(-u) / std::log1p(-p)));
      QVERIFY(per_neuron[j].size() > static_cast<std::size_t>(spike));
      QCOMPARE(per_neuron[j][spike], step);
      ++step;
    }
  }
}

void TestModelPoisson::resetRepeatsTheTrain() {
  auto population = make(sources(3000, 300.0, 9));
  const auto first = run(*population, 300, {.chunk = 300});
  // "spiked" holds the last step's spikes until the reset clears it.
  const auto last_step = std::count_if(first.begin(), first.end(),
                                       [](const SpikeEvent& e) { return e.iteration == 299; });
  QVERIFY(last_step > 0);
  double spiked = 0;
  for (std::size_t j = 0; j < population->size(); ++j) {
    spiked += population->state_value(kPoissonSpiked, j);
  }
  QCOMPARE(spiked, double(last_step));
  population->reset();
  for (std::size_t j = 0; j < population->size(); ++j) {
    QCOMPARE(population->state_value(kPoissonSpiked, j), 0.0);
  }
  QCOMPARE(run(*population, 300, {.chunk = 7, .threads = 2}), first);
}

void TestModelPoisson::rateChangesApplyFromTheNextStep() {
  const PopulationSetup setup = sources(200, 100.0, 4);
  auto changed = make(setup);
  auto control = make(setup);
  // The same values again leave every wait as it was.
  run(*changed, 100);
  changed->set_parameters(setup.parameters);
  run(*control, 100);
  QCOMPARE(run(*changed, 500), run(*control, 500));
  // Silent from the next step on, then firing every step at rate 1/dt.
  changed->set_parameters({0.0});
  QVERIFY(run(*changed, 2000).empty());
  changed->set_parameters({10'000.0});
  const auto every_step = run(*changed, 10, {.chunk = 3});
  QCOMPARE(every_step.size(), std::size_t{200 * 10});
  // Per neuron: only the neurons whose rate changed are affected.
  std::vector<double> rates(200, 10'000.0);
  for (std::size_t j = 0; j < 100; ++j) rates[j] = 0.0;
  changed->set_parameters({ValueColumn(rates)});
  for (const SpikeEvent& e : run(*changed, 20)) QVERIFY(e.neuron >= 100);
}

// Neuron j of a gathered population goes on as neuron source_of[j] would, and reset() takes it
// back to that neuron's start; per-neuron rates come along.
void TestModelPoisson::gatheredNeuronsContinueTheirSources() {
  std::vector<double> rates(300);
  for (std::size_t j = 0; j < rates.size(); ++j) rates[j] = 50.0 + static_cast<double>(j);
  auto source = make(sources(300, ValueColumn(rates), 17));
  run(*source, 100);
  const std::uint32_t source_of[] = {5, 7, 7, 299};
  auto regrouped = source->gathered(source_of);
  QCOMPARE(regrouped->size(), std::size_t{4});
  auto compare = [&](int steps) {
    const auto whole = trains(run(*source, steps), 300);
    const auto part = trains(run(*regrouped, steps, {.chunk = 13}), 4);
    QVERIFY(!whole[299].empty());
    for (std::size_t j = 0; j < 4; ++j) QCOMPARE(part[j], whole[source_of[j]]);
  };
  compare(2000);
  source->reset();
  regrouped->reset();
  compare(2000);
}

// state[0] ("spiked") is 1 exactly in the steps a probe's neuron fired.
void TestModelPoisson::probesReadTheSpikedState() {
  auto population = make(sources(3000, 1000.0, 21));
  constexpr int kSteps = 200;
  const std::uint32_t probe_neurons[] = {3, 2500};
  const std::uint32_t probe_variables[] = {kPoissonSpiked, kPoissonSpiked};
  std::vector<double> values(2 * kSteps, -1);
  std::vector<std::uint8_t> spiked(2 * kSteps, 2);
  std::vector<std::uint32_t> counts(kSteps, 0);
  ChunkInput in;
  in.steps = kSteps;
  ChunkOutput out;
  out.spike_counts = counts.data();
  out.probe_neurons = probe_neurons;
  out.probe_variables = probe_variables;
  out.probe_values = values.data();
  out.probe_spiked = spiked.data();
  population->advance(in, out, 2);
  int fired = 0;
  for (std::size_t at = 0; at < values.size(); ++at) {
    QVERIFY(spiked[at] <= 1);
    QCOMPARE(values[at], double(spiked[at]));
    fired += spiked[at];
  }
  QVERIFY(fired > 10 && fired < 2 * kSteps);
}

void TestModelPoisson::rateBoundIsOneSpikePerStep() {
  const ModelDescriptor& model = poisson_model();
  const std::vector<double> at_bound{10'000.0};
  model.check(at_bound, 0, 0.1);
  const std::vector<double> above{10'001.0};
  const QString message = refusal([&] { model.check(above, 0, 0.1); });
  QVERIFY2(message.startsWith("rate_hz: must be at most 1/dt (10000 Hz at dt 0.1 ms)"),
           qPrintable(message));
  QVERIFY2(message.endsWith("got 10001"), qPrintable(message));
  const std::vector<double> at_1ms{1500.0};
  QVERIFY(refusal([&] { model.check(at_1ms, 0, 1.0); }).startsWith("rate_hz:"));
  // At the bound itself every step holds a spike, also where rate * dt rounds above 1.
  for (const double dt : {0.1, 0.3, 0.7}) {
    auto population = make(sources(50, 1000.0 / dt, 1, dt));
    QCOMPARE(run(*population, 30, {.chunk = 4}).size(), std::size_t{50 * 30});
  }
}

QTEST_GUILESS_MAIN(TestModelPoisson)
#include "tst_model_poisson.moc"
