// Trace and spike-event CSV: every value read back (strtod) is the recorder's value, bit for
// bit; rows follow the recorder's stored steps; missing probes give empty cells.
#include <QTest>
#include <cstdlib>
#include <sstream>

#include "experiment/notebook_network.h"
#include "io/trace_csv.h"
#include "run/trial.h"

using namespace spikescope;

namespace {

std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = line.find(',', start);
      cells.push_back(line.substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    rows.push_back(cells);
  }
  return rows;
}

double number(const std::string& cell) {
  char* end = nullptr;
  const double value = std::strtod(cell.c_str(), &end);
  if (cell.empty() || *end != '\0') throw std::runtime_error("not a number: " + cell);
  return value;
}

constexpr double kDt = 0.1;
constexpr double kHeight = 0.3;  // not 1, so that heights and flags can't be confused

NotebookChain small_chain(IntegrationMode mode) {
  NotebookChain chain;
  chain.mode = mode;
  chain.layer_sizes = {20, 1};
  chain.neuron.spike_height_v = kHeight;
  chain.weight = 40.0;
  chain.dt_ms = kDt;
  for (int j = 0; j < 20; ++j) chain.onset_steps.push_back(j * 3);
  return chain;
}
NetworkSpec small_network(IntegrationMode mode) {
  return notebook_chain_network(small_chain(mode));
}

}  // namespace

class TestTraceCsv : public QObject {
  Q_OBJECT
 private slots:
  void traceHoldsRecorderValues_data();
  void traceHoldsRecorderValues();
  void boundedRecorderWritesKeptSteps();
  void piecesMakeTheWhole();
  void missingLayerGivesEmptyCells();
  void spikeEventsListEverySpike();
};

void TestTraceCsv::traceHoldsRecorderValues_data() {
  QTest::addColumn<IntegrationMode>("mode");
  QTest::newRow("notebook") << IntegrationMode::kNotebook;
  QTest::newRow("exact") << IntegrationMode::kExact;
}

void TestTraceCsv::traceHoldsRecorderValues() {
  QFETCH(IntegrationMode, mode);
  const NetworkSpec spec = small_network(mode);
  const TrialResult trial = run_trial(spec, 700, trial_recording(spec, 700));
  std::ostringstream out;
  write_trace_csv(out, trial.recorder, kDt, kHeight);
  const auto rows = read_csv(out.str());
  const std::vector<std::string> header{"step",     "vm_l0_n0",     "spikes_l0_n0", "layer_spikes",
                                        "vm_l1_n0", "spikes_l1_n0", "time_ms"};
  QCOMPARE(rows.front(), header);
  QCOMPARE(rows.size(), std::size_t(1 + 701));
  const Recorder& r = trial.recorder;
  int l0_spikes = 0;
  int l1_spikes = 0;
  for (std::int64_t k = 0; k <= 700; ++k) {
    const auto& row = rows[static_cast<std::size_t>(k) + 1];
    QCOMPARE(row.size(), header.size());
    QCOMPARE(row[0], std::to_string(k));
    QCOMPARE(number(row[1]), r.probe_values().value(k, 0));
    QCOMPARE(number(row[2]), r.probe_spiked().value(k, 0) ? 0.3 : 0.0);
    QCOMPARE(number(row[3]), r.population_sums().value(k, 0));
    QCOMPARE(number(row[4]), r.probe_values().value(k, 1));
    QCOMPARE(number(row[5]), r.probe_spiked().value(k, 1) ? 0.3 : 0.0);
    QCOMPARE(number(row[6]), static_cast<double>(k) * 0.1);
    l0_spikes += r.probe_spiked().value(k, 0);
    l1_spikes += r.probe_spiked().value(k, 1);
  }
  // The comparison above means something only if both neurons fired.
  QVERIFY(l0_spikes > 2);
  QVERIFY(l1_spikes > 0);
}

void TestTraceCsv::boundedRecorderWritesKeptSteps() {
  const NetworkSpec spec = small_network(IntegrationMode::kNotebook);
  RecordingConfig recording = trial_recording(spec, 700);
  recording.capacity_steps = 50;
  Network network(spec, recording);
  network.advance(700);
  std::ostringstream out;
  write_trace_csv(out, network.recorder(), kDt, kHeight);
  const auto rows = read_csv(out.str());
  QCOMPARE(rows.size(), std::size_t(1 + 50));
  QCOMPARE(rows[1][0], std::string("651"));
  QCOMPARE(rows.back()[0], std::string("700"));
  QCOMPARE(number(rows.back()[1]), network.recorder().probe_values().value(700, 0));
}

void TestTraceCsv::piecesMakeTheWhole() {
  const NetworkSpec spec = small_network(IntegrationMode::kExact);
  const TrialResult trial = run_trial(spec, 300, trial_recording(spec, 300));
  std::ostringstream whole;
  write_trace_csv(whole, trial.recorder, kDt, kHeight);
  std::ostringstream pieces;
  write_trace_csv_header(pieces);
  for (const auto& [first, end] : {std::pair{0, 1}, {1, 200}, {200, 301}}) {
    write_trace_csv_rows(pieces, trial.recorder, first, end, kDt, kHeight);
  }
  QCOMPARE(pieces.str(), whole.str());
}

void TestTraceCsv::missingLayerGivesEmptyCells() {
  NotebookChain chain = small_chain(IntegrationMode::kExact);
  chain.layer_sizes = {20};
  const NetworkSpec spec = notebook_chain_network(chain);
  const TrialResult trial = run_trial(spec, 10, trial_recording(spec, 10));
  std::ostringstream out;
  write_trace_csv(out, trial.recorder, kDt, kHeight);
  const auto rows = read_csv(out.str());
  QCOMPARE(rows.size(), std::size_t(12));
  QCOMPARE(rows[5][4], std::string());
  QCOMPARE(rows[5][5], std::string());
  QCOMPARE(number(rows[5][1]), trial.recorder.probe_values().value(4, 0));
}

void TestTraceCsv::spikeEventsListEverySpike() {
  const NetworkSpec spec = small_network(IntegrationMode::kNotebook);
  RecordingConfig recording = trial_recording(spec, 400);
  recording.spike_events = true;
  const TrialResult trial = run_trial(spec, 400, recording);
  std::ostringstream out;
  write_spike_events_csv(out, trial.recorder, kDt, {"layer0", "layer1"});
  const auto rows = read_csv(out.str());
  QCOMPARE(rows.front(), (std::vector<std::string>{"step", "time_ms", "population", "neuron"}));
  const auto& events = trial.recorder.events();
  QVERIFY(events.size() > 20);
  QCOMPARE(rows.size(), events.size() + 1);
  int layer1 = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& row = rows[i + 1];
    QCOMPARE(row.size(), std::size_t{4});
    // The step the spike was found in (iteration k, the update from k*dt to (k+1)*dt), at
    // k*dt, as Brian2's SpikeMonitor reports it; the population by name.
    QCOMPARE(row[0], std::to_string(events[i].iteration));
    QCOMPARE(number(row[1]), static_cast<double>(events[i].iteration) * kDt);
    QCOMPARE(row[2], std::string(events[i].population == 0 ? "layer0" : "layer1"));
    QCOMPARE(row[3], std::to_string(events[i].neuron));
    layer1 += events[i].population == 1;
    // The trace's spike flag agrees for the probed neuron: the trace's stored step k + 1 holds
    // iteration k.
    if (events[i].population == 0 && events[i].neuron == 0) {
      QCOMPARE(int(trial.recorder.probe_spiked().value(events[i].iteration + 1, 0)), 1);
    }
  }
  QVERIFY(layer1 > 0);
  // Every flag of the probed neuron in the trace has its event.
  std::size_t flagged = 0;
  for (std::int64_t k = 1; k <= 400; ++k) flagged += trial.recorder.probe_spiked().value(k, 0);
  std::size_t listed = 0;
  for (const SpikeEvent& e : events) listed += e.population == 0 && e.neuron == 0;
  QCOMPARE(listed, flagged);
}

QTEST_GUILESS_MAIN(TestTraceCsv)
#include "tst_trace_csv.moc"
