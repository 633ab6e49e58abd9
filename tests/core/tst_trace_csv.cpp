// Trace and spike-event CSV: every value read back (strtod) is the recorder's value, bit for
// bit; rows follow the recorder's stored steps; missing probes give empty cells.
#include <QTest>
#include <cstdlib>
#include <sstream>

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

NetworkConfig small_network(IntegrationMode mode) {
  NetworkConfig config;
  config.mode = mode;
  config.layer_sizes = {20, 1};
  config.neuron.spike_height_v = 0.3;  // not 1, so that heights and flags can't be confused
  config.weight = 40.0;
  config.dt_ms = 0.1;
  for (int j = 0; j < 20; ++j) config.stimulus.onset_steps.push_back(j * 3);
  return config;
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
  const NetworkConfig config = small_network(mode);
  const TrialResult trial = run_trial(config, 700, trial_recording(config, 700));
  std::ostringstream out;
  write_trace_csv(out, trial.recorder, config.dt_ms, config.neuron.spike_height_v);
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
    QCOMPARE(number(row[1]), r.probe_vm().value(k, 0));
    QCOMPARE(number(row[2]), r.probe_spiked().value(k, 0) ? 0.3 : 0.0);
    QCOMPARE(number(row[3]), r.layer_sums().value(k, 0));
    QCOMPARE(number(row[4]), r.probe_vm().value(k, 1));
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
  const NetworkConfig config = small_network(IntegrationMode::kNotebook);
  RecordingConfig recording = trial_recording(config, 700);
  recording.capacity_steps = 50;
  Network network(config, recording);
  network.advance(700);
  std::ostringstream out;
  write_trace_csv(out, network.recorder(), config.dt_ms, config.neuron.spike_height_v);
  const auto rows = read_csv(out.str());
  QCOMPARE(rows.size(), std::size_t(1 + 50));
  QCOMPARE(rows[1][0], std::string("651"));
  QCOMPARE(rows.back()[0], std::string("700"));
  QCOMPARE(number(rows.back()[1]), network.recorder().probe_vm().value(700, 0));
}

void TestTraceCsv::piecesMakeTheWhole() {
  const NetworkConfig config = small_network(IntegrationMode::kExact);
  const TrialResult trial = run_trial(config, 300, trial_recording(config, 300));
  std::ostringstream whole;
  write_trace_csv(whole, trial.recorder, config.dt_ms, config.neuron.spike_height_v);
  std::ostringstream pieces;
  write_trace_csv_header(pieces);
  for (const auto& [first, end] : {std::pair{0, 1}, {1, 200}, {200, 301}}) {
    write_trace_csv_rows(pieces, trial.recorder, first, end, config.dt_ms,
                         config.neuron.spike_height_v);
  }
  QCOMPARE(pieces.str(), whole.str());
}

void TestTraceCsv::missingLayerGivesEmptyCells() {
  NetworkConfig config = small_network(IntegrationMode::kExact);
  config.layer_sizes = {20};
  const TrialResult trial = run_trial(config, 10, trial_recording(config, 10));
  std::ostringstream out;
  write_trace_csv(out, trial.recorder, config.dt_ms, config.neuron.spike_height_v);
  const auto rows = read_csv(out.str());
  QCOMPARE(rows.size(), std::size_t(12));
  QCOMPARE(rows[5][4], std::string());
  QCOMPARE(rows[5][5], std::string());
  QCOMPARE(number(rows[5][1]), trial.recorder.probe_vm().value(4, 0));
}

void TestTraceCsv::spikeEventsListEverySpike() {
  const NetworkConfig config = small_network(IntegrationMode::kNotebook);
  RecordingConfig recording = trial_recording(config, 400);
  recording.spike_events = true;
  const TrialResult trial = run_trial(config, 400, recording);
  std::ostringstream out;
  write_spike_events_csv(out, trial.recorder, config.dt_ms);
  const auto rows = read_csv(out.str());
  QCOMPARE(rows.front(), (std::vector<std::string>{"step", "time_ms", "layer", "neuron"}));
  const auto& events = trial.recorder.events();
  QVERIFY(events.size() > 20);
  QCOMPARE(rows.size(), events.size() + 1);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& row = rows[i + 1];
    QCOMPARE(row[0], std::to_string(events[i].iteration + 1));
    QCOMPARE(number(row[1]), static_cast<double>(events[i].iteration + 1) * config.dt_ms);
    QCOMPARE(row[2], std::to_string(events[i].layer));
    QCOMPARE(row[3], std::to_string(events[i].neuron));
    // The trace's spike flag agrees for the probed neuron.
    if (events[i].layer == 0 && events[i].neuron == 0) {
      QCOMPARE(int(trial.recorder.probe_spiked().value(events[i].iteration + 1, 0)), 1);
    }
  }
}

QTEST_GUILESS_MAIN(TestTraceCsv)
#include "tst_trace_csv.moc"
