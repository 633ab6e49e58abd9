// Experiment files: exact round trips, the seed file, every class of malformed input with the
// message that names the field, warnings for unknown keys, and safe saving.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <limits>

#include "io/atomic_file.h"
#include "experiment/experiment_file.h"
#include "experiment_samples.h"
#include "experiment/seed_experiment.h"

using namespace spikescope;
using namespace spikescope::testing;

class TestExperimentFile : public QObject {
  Q_OBJECT
 private slots:
  void seedFileHoldsTheNotebookDefaults();
  void roundTripsEveryField();
  void roundTripsDrawnOnsets();
  void roundTripsExtremeDoubles_data();
  void roundTripsExtremeDoubles();
  void refusesMalformedFiles_data();
  void refusesMalformedFiles();
  void refusesDeepNesting();
  void refusesHugeArrays();
  void refusesOversizedText();
  void warnsAboutUnknownKeys();
  void warnsAboutDuplicateKeys();
  void optionalFieldsTakeDefaults();
  void listedOnsetsNeedNoSeed();
  void loadNamesTheFile();
  void loadRefusesOversizedFileBeforeReading();
  void saveAndLoadGiveTheSameExperiment();
  void failedSaveLeavesOldFile();
};

void TestExperimentFile::seedFileHoldsTheNotebookDefaults() {
  const LoadedExperiment loaded = parse_experiment(seed_experiment_json());
  QVERIFY(loaded.warnings.empty());
  Experiment expected;  // the SNN_0 defaults, onsets drawn from [0, 100] with seed 42
  expected.notes = loaded.experiment.notes;
  QCOMPARE(loaded.experiment, expected);
  QVERIFY(!loaded.experiment.notes.empty());
  // The compiled-in copy is the shipped file.
  QFile file(SPIKESCOPE_TEST_DATA_DIR "/../../resources/experiments/seed.json");
  QVERIFY(file.open(QIODevice::ReadOnly));
  QCOMPARE(file.readAll().toStdString(), std::string(seed_experiment_json()));
}

void TestExperimentFile::roundTripsEveryField() {
  const Experiment original = unusual_experiment();
  const LoadedExperiment loaded = parse_experiment(serialize_experiment(original));
  QVERIFY(loaded.warnings.empty());
  QCOMPARE(loaded.experiment, original);
  // Field by field where == would hide a sign: -1e-300 must not come back as -0 or 0.
  QCOMPARE(loaded.experiment.neuron.reset_v, -1e-300);
  QCOMPARE(serialize_experiment(loaded.experiment), serialize_experiment(original));
}

void TestExperimentFile::roundTripsDrawnOnsets() {
  Experiment original = unusual_experiment();
  original.onsets.explicit_steps.reset();
  const Experiment loaded = parse_experiment(serialize_experiment(original)).experiment;
  QVERIFY(!loaded.onsets.explicit_steps);
  QCOMPARE(loaded, original);
  QCOMPARE(resolve_onsets(loaded), resolve_onsets(original));
}

void TestExperimentFile::roundTripsExtremeDoubles_data() {
  QTest::addColumn<double>("value");
  QTest::newRow("smallest subnormal") << 5e-324;
  QTest::newRow("0.1+0.2") << 0.1 + 0.2;
  QTest::newRow("1/3") << 1.0 / 3.0;
  QTest::newRow("largest") << std::numeric_limits<double>::max();
  QTest::newRow("17 digits") << 0.12345678901234566;
}

void TestExperimentFile::roundTripsExtremeDoubles() {
  QFETCH(double, value);
  Experiment e;
  e.neuron.threshold_v = value;
  e.weight = -value;
  e.input_amplitude = value;
  const Experiment loaded = parse_experiment(serialize_experiment(e)).experiment;
  QCOMPARE(loaded.neuron.threshold_v, value);
  QCOMPARE(loaded.weight, -value);
  QCOMPARE(loaded.input_amplitude, value);
}

void TestExperimentFile::refusesMalformedFiles_data() {
  QTest::addColumn<std::string>("text");
  QTest::addColumn<std::string>("message");  // a trailing "..." means "starts with"
  const std::string seed = seed_text();
  const auto row = [](const char* name, const std::string& text, const std::string& message) {
    QTest::newRow(name) << text << message;
  };
  row("truncated", seed.substr(0, seed.size() / 2), "not valid JSON: parse error at line ...");
  row("empty", "", "not valid JSON: ...");
  row("not an object", "[1, 2]", "expected a JSON object at the top level, got a list");
  row("NaN literal", replaced(seed, "\"threshold_v\": 0.75", "\"threshold_v\": NaN"),
      "not valid JSON: parse error at line ...");
  row("overflowing number", replaced(seed, "\"threshold_v\": 0.75", "\"threshold_v\": 1e999"),
      "not valid JSON: number overflow parsing '1e999'");
  row("invalid UTF-8", replaced(seed, "SNN_0 notebook", "SNN\xff"), "not valid JSON: ...");
  row("missing format", replaced(seed, "\"format\": \"spikescope-experiment\",", ""),
      "format: required field is missing ...");
  row("other format", replaced(seed, "spikescope-experiment", "other"),
      "format: expected \"spikescope-experiment\", got \"other\"");
  row("newer version", replaced(seed, "\"version\": 1", "\"version\": 2"),
      "version: this program reads version 1 files, got version 2");
  row("version as text", replaced(seed, "\"version\": 1", "\"version\": \"1\""),
      "version: expected an integer, got \"1\"");
  row("number as text", replaced(seed, "\"threshold_v\": 0.75", "\"threshold_v\": \"abc\""),
      "model.neuron.threshold_v: expected a number, got \"abc\"");
  row("number as null", replaced(seed, "\"dt_ms\": 0.125", "\"dt_ms\": null"),
      "simulation.dt_ms: expected a number, got null");
  row("list as text", replaced(seed, "\"layer_sizes\": [", "\"layer_sizes\": \"x\", \"_\": ["),
      "model.layer_sizes: expected a list of integers, got \"x\"");
  row("block as number", replaced(seed, "\"view\": {", "\"view\": 3, \"_\": {"),
      "view: expected an object, got 3");
  row("fractional steps", replaced(seed, "\"steps\": 4000", "\"steps\": 4000.5"),
      "simulation.steps: expected an integer, got 4000.5");
  row("missing field", replaced(seed, "\"threshold_v\": 0.75,", ""),
      "model.neuron.threshold_v: required field is missing");
  row("missing block", replaced(seed, "\"model\"", "\"modle\""),
      "model: required block is missing (it holds model.integration)");
  row("missing seed", replaced(seed, ",\n    \"seed\": 42", ""),
      "simulation.seed: required field is missing; it draws the onsets unless "
      "stimulus.onset_steps lists them");
  row("unknown integration", replaced(seed, "\"notebook\"", "\"euler\""),
      "model.integration: expected \"notebook\" or \"exact\", got \"euler\"");
  row("unknown run mode", replaced(seed, "\"trial\"", "\"fast\""),
      "view.run_mode: expected \"trial\" or \"live\", got \"fast\"");
  row("negative refractory", replaced(seed, "\"refractory_ms\": 4.0", "\"refractory_ms\": -1"),
      "model.neuron.refractory_ms: must not be negative, got -1");
  row("zero capacitance",
      replaced(seed, "\"membrane_capacitance_uf\": 10.0", "\"membrane_capacitance_uf\": 0"),
      "model.neuron.membrane_capacitance_uf: must be greater than 0, got 0");
  row("negative dt", replaced(seed, "\"dt_ms\": 0.125", "\"dt_ms\": -0.125"),
      "simulation.dt_ms: must be greater than 0, got -0.125");
  row("reset above threshold", replaced(seed, "\"reset_v\": 0.0", "\"reset_v\": 0.8"),
      "model.neuron.reset_v: must be below the threshold (0.75 V), got 0.8");
  row("negative layer size", replaced(seed, "      100,\n", "      -5,\n"),
      "model.layer_sizes[0]: must be 1 to 100000000, got -5");
  row("no layers", replaced(seed, "100,\n      1\n", ""),
      "model.layer_sizes: need at least one layer");
  row("zero steps", replaced(seed, "\"steps\": 4000", "\"steps\": 0"),
      "simulation.steps: must be 1 to 100000000, got 0");
  row("negative seed", replaced(seed, "\"seed\": 42", "\"seed\": -1"),
      "simulation.seed: must be 0 to 18446744073709551615, got -1");
  row("seed beyond 64 bits", replaced(seed, "\"seed\": 42", "\"seed\": 18446744073709551616"),
      "simulation.seed: must be 0 to 18446744073709551615, got 18446744073709551616");
  row("negative onset max", replaced(seed, "\"onset_max_steps\": 100", "\"onset_max_steps\": -3"),
      "stimulus.onset_max_steps: must be 0 to 2147483647, got -3");
  row("negative onset",
      replaced(seed, "\"amplitude\": 1.0", "\"amplitude\": 1.0, \"onset_steps\": [0, 1, -1]"),
      "stimulus.onset_steps[2]: must be 0 to 2147483647, got -1");
  row("onset count",
      replaced(seed, "\"amplitude\": 1.0", "\"amplitude\": 1.0, \"onset_steps\": [0, 1]"),
      "stimulus.onset_steps: 2 onsets given for 100 layer-0 neurons; need one per neuron");
  row("selected neuron outside layer 0",
      replaced(seed, "\"selected_neuron\": 0", "\"selected_neuron\": 100"),
      "view.selected_neuron: layer 0 has 100 neurons, got 100");
  row("negative speed", replaced(seed, "\"live_speed\": 1.0", "\"live_speed\": -1.0"),
      "view.live_speed: must not be negative, got -1");
}

void TestExperimentFile::refusesMalformedFiles() {
  QFETCH(std::string, text);
  QFETCH(std::string, message);
  const std::string actual = message_of_parse(text);
  if (message.size() > 3 && message.ends_with("...")) {
    QVERIFY2(actual.starts_with(message.substr(0, message.size() - 3)), actual.c_str());
  } else {
    QCOMPARE(actual, message);
  }
}

void TestExperimentFile::refusesDeepNesting() {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  QCOMPARE(message_of_parse(deep), std::string("nesting deeper than 32 levels"));
  const std::string in_notes = replaced(
      seed_text(), "\"notes\": ",
      "\"notes\": " + std::string(10000, '[') + "1" + std::string(10000, ']') + ", \"_\": ");
  QCOMPARE(message_of_parse(in_notes), std::string("nesting deeper than 32 levels"));
}

void TestExperimentFile::refusesHugeArrays() {
  std::string sizes = "[";
  for (int l = 0; l < 100; ++l) sizes += l == 0 ? "1" : ", 1";
  sizes += "], \"_\": [";
  QCOMPARE(
      message_of_parse(replaced(seed_text(), "\"layer_sizes\": [", "\"layer_sizes\": " + sizes)),
      std::string("model.layer_sizes: at most 64 entries, got 100"));
  std::string onsets = "\"onset_steps\": [0";
  for (int j = 1; j < 1'000'000; ++j) onsets += ",0";
  onsets += "], \"amplitude\": 1.0";
  QCOMPARE(message_of_parse(replaced(seed_text(), "\"amplitude\": 1.0", onsets)),
           std::string("stimulus.onset_steps: 1000000 onsets given for 100 layer-0 neurons; "
                       "need one per neuron"));
  // A layer too large for the core is refused before anything is allocated for it.
  QCOMPARE(message_of_parse(replaced(seed_text(), "      100,\n", "      4000000000,\n")),
           std::string("model.layer_sizes[0]: must be 1 to 100000000, got 4000000000"));
}

void TestExperimentFile::refusesOversizedText() {
  const std::string text = seed_text() + std::string(kMaxExperimentFileBytes, ' ');
  QCOMPARE(message_of_parse(text), "the text is " + std::to_string(text.size()) +
                                       " bytes, more than the limit of 16777216 bytes");
}

void TestExperimentFile::warnsAboutUnknownKeys() {
  std::string text =
      replaced(seed_text(), "\"threshold_v\": 0.75", "\"treshold_v\": 0.8, \"threshold_v\": 0.75");
  text = replaced(text, "\"live_speed\": 1.0", "\"live_speed\": 1.0, \"extra\": {\"a\": 1}");
  text = replaced(text, "\"version\": 1,", "\"version\": 1, \"colour\": \"red\",");
  const LoadedExperiment loaded = parse_experiment(text);
  const std::vector<std::string> expected{"colour: unknown key, ignored",
                                          "model.neuron.treshold_v: unknown key, ignored",
                                          "view.extra: unknown key, ignored"};
  QCOMPARE(loaded.warnings, expected);
  QCOMPARE(loaded.experiment.neuron.threshold_v, 0.75);
}

void TestExperimentFile::warnsAboutDuplicateKeys() {
  std::string text =
      replaced(seed_text(), "\"threshold_v\": 0.75", "\"threshold_v\": 0.5, \"threshold_v\": 0.75");
  text = replaced(text, "\"view\": {", "\"view\": {\"x\": [{\"y\": 1, \"y\": 2}],");
  const LoadedExperiment loaded = parse_experiment(text);
  const std::vector<std::string> expected{
      "model.neuron.threshold_v: duplicate key, the last value is used",
      "view.x[].y: duplicate key, the last value is used", "view.x: unknown key, ignored"};
  QCOMPARE(loaded.warnings, expected);
  QCOMPARE(loaded.experiment.neuron.threshold_v, 0.75);
}

void TestExperimentFile::optionalFieldsTakeDefaults() {
  std::string text = seed_text();
  text = replaced(text, "\"name\": \"SNN_0 notebook\",", "");
  const std::size_t view = text.find(",\n  \"view\"");
  text = text.substr(0, view) + "\n}\n";
  const LoadedExperiment loaded = parse_experiment(text);
  QVERIFY(loaded.warnings.empty());
  QCOMPARE(loaded.experiment.view, ViewSettings{});
  QCOMPARE(loaded.experiment.name, std::string());
}

void TestExperimentFile::listedOnsetsNeedNoSeed() {
  std::string onsets = "\"onset_steps\": [9";
  for (int j = 1; j < 100; ++j) onsets += ',' + std::to_string(j % 7);
  onsets += "]";
  std::string text = replaced(seed_text(), "\"onset_max_steps\": 100", onsets);
  text = replaced(text, ",\n    \"seed\": 42", "");
  const Experiment loaded = parse_experiment(text).experiment;
  QVERIFY(loaded.onsets.explicit_steps);
  QCOMPARE(loaded.onsets.explicit_steps->size(), std::size_t(100));
  QCOMPARE(resolve_onsets(loaded)[0], 9);
  QCOMPARE(resolve_onsets(loaded)[8], 1);
}

void TestExperimentFile::loadNamesTheFile() {
  QTemporaryDir dir;
  const std::string missing = dir.filePath("missing.json").toStdString();
  try {
    (void)load_experiment_file(missing);
    QFAIL("a missing file was accepted");
  } catch (const ExperimentFileError& error) {
    QCOMPARE(std::string(error.what()), missing + ": cannot open: No such file or directory");
  }
  try {
    (void)load_experiment_file(dir.path().toStdString());
    QFAIL("a directory was accepted");
  } catch (const ExperimentFileError& error) {
    QCOMPARE(std::string(error.what()), dir.path().toStdString() + ": is a directory");
  }
  const std::string bad = dir.filePath("bad.json").toStdString();
  write_file_atomically(bad, replaced(seed_text(), "\"weight\": 1.0", "\"weight\": true"));
  try {
    (void)load_experiment_file(bad);
    QFAIL("a malformed file was accepted");
  } catch (const ExperimentFileError& error) {
    QCOMPARE(std::string(error.what()), bad + ": model.weight: expected a number, got true");
  }
  // Without a name, the experiment is called after its file.
  const std::string unnamed = dir.filePath("my trial.json").toStdString();
  write_file_atomically(unnamed, replaced(seed_text(), "\"name\": \"SNN_0 notebook\",", ""));
  QCOMPARE(load_experiment_file(unnamed).experiment.name, std::string("my trial"));
}

void TestExperimentFile::loadRefusesOversizedFileBeforeReading() {
  QTemporaryDir dir;
  QFile file(dir.filePath("huge.json"));
  QVERIFY(file.open(QIODevice::WriteOnly));
  QVERIFY(file.resize(qint64(kMaxExperimentFileBytes) + 1));  // sparse: nothing to read
  file.close();
  try {
    (void)load_experiment_file(file.fileName().toStdString());
    QFAIL("an oversized file was accepted");
  } catch (const ExperimentFileError& error) {
    QCOMPARE(
        std::string(error.what()),
        file.fileName().toStdString() + ": 16777217 bytes, more than the limit of 16777216 bytes");
  }
  // A device without a size is read only up to the limit.
  try {
    (void)load_experiment_file("/dev/zero");
    QFAIL("an endless file was accepted");
  } catch (const ExperimentFileError& error) {
    QCOMPARE(std::string(error.what()),
             std::string("/dev/zero: more than the limit of 16777216 bytes"));
  }
}

void TestExperimentFile::saveAndLoadGiveTheSameExperiment() {
  QTemporaryDir dir;
  const std::string path = dir.filePath("e.json").toStdString();
  save_experiment_file(path, unusual_experiment());
  const LoadedExperiment loaded = load_experiment_file(path);
  QVERIFY(loaded.warnings.empty());
  QCOMPARE(loaded.experiment, unusual_experiment());
  QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
           QStringList{"e.json"});
}

void TestExperimentFile::failedSaveLeavesOldFile() {
  QTemporaryDir dir;
  const std::string path = dir.filePath("e.json").toStdString();
  save_experiment_file(path, seed_experiment());
  const std::string before = serialize_experiment(seed_experiment());
  // Refused before writing: an invalid experiment.
  Experiment invalid = unusual_experiment();
  invalid.dt_ms = -1;
  QVERIFY_THROWS_EXCEPTION(ParameterError, save_experiment_file(path, invalid));
  QCOMPARE(load_experiment_file(path).experiment, seed_experiment());
  // Failing while writing: the old file stays, the temporary file goes.
  QVERIFY_THROWS_EXCEPTION(std::runtime_error, write_file_atomically(path, [](std::ostream& out) {
                             out << "{\"partial\": ";
                             throw std::runtime_error("interrupted");
                           }));
  QCOMPARE(load_experiment_file(path).experiment, seed_experiment());
  QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
           QStringList{"e.json"});
  // Into a directory that does not exist.
  const std::string nowhere = dir.filePath("no/such/dir/e.json").toStdString();
  try {
    save_experiment_file(nowhere, seed_experiment());
    QFAIL("saved into a missing directory");
  } catch (const FileError& error) {
    QVERIFY2(std::string(error.what()).starts_with(nowhere + ": cannot create a temporary file"),
             error.what());
  }
}

QTEST_GUILESS_MAIN(TestExperimentFile)
#include "tst_experiment_file.moc"
