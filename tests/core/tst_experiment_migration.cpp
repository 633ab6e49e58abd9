// Version-1 files: they load into the version-2 experiment of the same network (compared with
// one built by hand and with the notebook chain of notebook_network.h), say that they were
// migrated, save as version 2, and name version-1 fields in their refusals.
#include <QTemporaryDir>
#include <QTest>

#include "experiment/notebook_network.h"
#include "experiment/seed_experiment.h"
#include "experiment_samples.h"

using namespace spikescope;
using namespace spikescope::testing;

class TestExperimentMigration : public QObject {
  Q_OBJECT
 private slots:
  void version1SeedIsTheNotebook();
  void version1ExactModeStartsAtReset();
  void version1LayersAndListedOnsets();
  void version1SavesAsVersion2();
  void version1WarnsAboutUnknownKeys();
  void version1RefusalsNameVersion1Fields_data();
  void version1RefusalsNameVersion1Fields();
};

void TestExperimentMigration::version1SeedIsTheNotebook() {
  const LoadedExperiment loaded = parse_experiment(version1_seed_text());
  QCOMPARE(loaded.version_read, 1);
  QCOMPARE(loaded.warnings, std::vector<std::string>{std::string(kMigratedNote)});
  Experiment expected = notebook_experiment();
  expected.notes = loaded.experiment.notes;
  QCOMPARE(loaded.experiment, expected);
  // The shipped seed is the same experiment (its notes name the version-2 path).
  Experiment seed = seed_experiment();
  seed.notes = expected.notes;
  QCOMPARE(seed, expected);
}

void TestExperimentMigration::version1ExactModeStartsAtReset() {
  const Experiment e = parse_experiment(version1_exact_text()).experiment;
  Experiment expected = notebook_experiment();
  expected.name = "Exact integration at a coarse dt";
  expected.notes = e.notes;
  expected.network.dt_ms = 2.5;
  expected.steps = 200;
  for (PopulationSpec& population : expected.network.populations) {
    population.method = "exact";
    population.initial = {{"vm_v", 0.0}};  // reset_v: version 1's exact mode started at reset
  }
  std::get<OnsetStepInput>(expected.network.inputs[0].kind).onset_max_steps = 5;
  QCOMPARE(e, expected);
}

void TestExperimentMigration::version1LayersAndListedOnsets() {
  std::string text = replaced(version1_seed_text(), "100,\n      1\n", "3, 2, 1\n");
  text = replaced(text, "\"onset_max_steps\": 100", "\"onset_steps\": [0, 7, 2]");
  text = replaced(text, ",\n    \"seed\": 42", "");
  text = replaced(text, "\"weight\": 1.0", "\"weight\": -0.5");
  text = replaced(text, "\"notebook\"", "\"exact\"");
  text = replaced(text, "\"reset_v\": 0.0", "\"reset_v\": -0.1");
  text = replaced(text, "\"threshold_v\": 0.75", "\"threshold_v\": 0.5");
  const Experiment e = parse_experiment(text).experiment;

  QCOMPARE(e.network.populations.size(), std::size_t(3));
  for (std::size_t l = 0; l < 3; ++l) {
    const PopulationSpec& population = e.network.populations[l];
    QCOMPARE(population.name, "layer" + std::to_string(l));
    QCOMPARE(population.size, std::uint64_t(3 - l));
    QCOMPARE(population.method, std::string("exact"));
    QCOMPARE(std::get<double>(*population.parameter("threshold_v")), 0.5);
    QCOMPARE(std::get<double>(*population.parameter("rest_v")), 0.0);
    QCOMPARE(population.initial, (std::vector<NamedValue>{{"vm_v", -0.1}}));
  }
  QCOMPARE(e.network.projections.size(), std::size_t(2));
  QCOMPARE(e.network.projections[1].name, std::string("layer1->layer2"));
  QCOMPARE(e.network.projections[1].weight, ValueSpec(-0.5));
  QCOMPARE(e.network.projections[1].delay_steps, std::optional<std::uint32_t>(2));
  const auto& onsets = std::get<OnsetStepInput>(e.network.inputs[0].kind);
  QCOMPARE(onsets.onset_steps, (std::optional<std::vector<std::int32_t>>{{0, 7, 2}}));
  QCOMPARE(e.recording.probes,
           (std::vector<ProbeSpec>{{"layer0", 0, "vm_v"}, {"layer1", 0, "vm_v"}}));

  // The same network as the notebook chain the window and spikesim build.
  NotebookChain chain;
  chain.mode = IntegrationMode::kExact;
  chain.neuron.threshold_v = 0.5;
  chain.neuron.reset_v = -0.1;
  chain.layer_sizes = {3, 2, 1};
  chain.weight = -0.5;
  chain.onset_steps = {0, 7, 2};
  Experiment built;
  built.network = notebook_chain_network(chain);
  QCOMPARE(e.network, normalized(built).network);
}

void TestExperimentMigration::version1SavesAsVersion2() {
  QTemporaryDir dir;
  const std::string path = dir.filePath("e.json").toStdString();
  const Experiment migrated = parse_experiment(version1_exact_text()).experiment;
  save_experiment_file(path, migrated);
  const LoadedExperiment loaded = load_experiment_file(path);
  QCOMPARE(loaded.version_read, 2);
  QVERIFY(loaded.warnings.empty());
  QCOMPARE(loaded.experiment, migrated);
  QVERIFY(serialize_experiment(migrated).find("\"version\": 2,") != std::string::npos);
}

void TestExperimentMigration::version1WarnsAboutUnknownKeys() {
  std::string text = replaced(version1_seed_text(), "\"threshold_v\": 0.75",
                              "\"treshold_v\": 0.8, \"threshold_v\": 0.75");
  text = replaced(text, "\"version\": 1,", "\"version\": 1, \"colour\": \"red\",");
  const std::vector<std::string> expected{"colour: unknown key, ignored",
                                          "model.neuron.treshold_v: unknown key, ignored",
                                          std::string(kMigratedNote)};
  QCOMPARE(parse_experiment(text).warnings, expected);
}

void TestExperimentMigration::version1RefusalsNameVersion1Fields_data() {
  QTest::addColumn<std::string>("text");
  QTest::addColumn<std::string>("message");
  const std::string v1 = version1_seed_text();
  const auto row = [&](const char* name, const std::string& from, const std::string& to,
                       const std::string& message) {
    QTest::newRow(name) << replaced(v1, from, to) << message;
  };
  // The version-1 reader.
  row("number as text", "\"threshold_v\": 0.75", "\"threshold_v\": \"abc\"",
      "model.neuron.threshold_v: expected a number, got \"abc\"");
  row("unknown integration", "\"notebook\"", "\"euler\"",
      "model.integration: expected \"notebook\" or \"exact\", got \"euler\"");
  row("missing block", "\"model\"", "\"modle\"",
      "model: required block is missing (it holds model.integration)");
  row("missing seed", ",\n    \"seed\": 42", "",
      "simulation.seed: required field is missing; it draws the onsets unless "
      "stimulus.onset_steps lists them");
  row("layer size 0", "      100,\n", "      0,\n",
      "model.layer_sizes[0]: must be 1 to 100000000, got 0");
  row("version-2 field", "\"version\": 1,", "\"version\": 1, \"populations\": [],",
      "populations: a version-2 field in a version-1 file; a file with populations, "
      "projections, inputs and recording is \"version\": 2");
  // Validation of the migrated experiment, with the version-1 path.
  row("reset above threshold", "\"reset_v\": 0.0", "\"reset_v\": 0.8",
      "model.neuron.reset_v: must be below threshold_v (0.75 V), got 0.8");
  row("zero capacitance", "\"membrane_capacitance_uf\": 10.0", "\"membrane_capacitance_uf\": 0",
      "model.neuron.membrane_capacitance_uf: must be greater than 0 uF (a capacitance is "
      "positive), got 0");
  row("negative dt", "\"dt_ms\": 0.125", "\"dt_ms\": -0.125",
      "simulation.dt_ms: must be greater than 0 ms, got -0.125");
  row("onset count", "\"amplitude\": 1.0", "\"amplitude\": 1.0, \"onset_steps\": [0, 1]",
      "stimulus.onset_steps: 2 onsets given for 100 neurons of \"layer0\"; need one per neuron");
  row("selected neuron", "\"selected_neuron\": 0", "\"selected_neuron\": 100",
      "view.selected_neuron: population layer0 has 100 neurons, got 100");
  row("negative speed", "\"live_speed\": 1.0", "\"live_speed\": -1.0",
      "view.live_speed: must not be negative, got -1");
}

void TestExperimentMigration::version1RefusalsNameVersion1Fields() {
  QFETCH(std::string, text);
  QFETCH(std::string, message);
  QCOMPARE(message_of_parse(text), message);
}

QTEST_GUILESS_MAIN(TestExperimentMigration)
#include "tst_experiment_migration.moc"
