// Experiment files, version 2: exact round trips, the shipped files, defaults, warnings for
// unknown and repeated keys, and safe saving. Malformed files: tst_experiment_refusals.cpp;
// version-1 files: tst_experiment_migration.cpp.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <limits>

#include "experiment/seed_experiment.h"
#include "experiment_samples.h"
#include "io/atomic_file.h"
#include "model/model_registry.h"

using namespace spikescope;
using namespace spikescope::testing;
using Kind = ExperimentFileError::Kind;

namespace {

// The smallest file: everything else takes its default.
const std::string kMinimal =
    R"({"format": "spikescope-experiment", "version": 2, "simulation": {"dt_ms": 0.1,
        "steps": 10}, "populations": [{"name": "P", "model": "lif", "size": 3}]})";

}  // namespace

class TestExperimentFile : public QObject {
  Q_OBJECT
 private slots:
  void seedFileHoldsTheNotebook();
  void shippedFilesAreVersion2AsWritten();
  void roundTripsEveryField();
  void roundTripsDrawnOnsets();
  void roundTripsExtremeDoubles_data();
  void roundTripsExtremeDoubles();
  void normalizedIsWhatTheFileGivesBack();
  void warnsAboutUnknownKeys();
  void warnsAboutDuplicateKeys();
  void optionalFieldsTakeDefaults();
  void listedOnsetsNeedNoSeed();
  void loadNamesTheFile();
  void loadRefusesOversizedFileBeforeReading();
  void saveAndLoadGiveTheSameExperiment();
  void failedSaveLeavesOldFile();
};

void TestExperimentFile::seedFileHoldsTheNotebook() {
  const LoadedExperiment loaded = parse_experiment(seed_experiment_json());
  QVERIFY(loaded.warnings.empty());
  QCOMPARE(loaded.version_read, 2);
  Experiment expected = notebook_experiment();
  expected.notes = loaded.experiment.notes;
  QCOMPARE(loaded.experiment, expected);
  QVERIFY(!loaded.experiment.notes.empty());
  // The compiled-in copy is the shipped file.
  QFile file(SPIKESCOPE_TEST_DATA_DIR "/../../resources/experiments/seed.json");
  QVERIFY(file.open(QIODevice::ReadOnly));
  QCOMPARE(file.readAll().toStdString(), std::string(seed_experiment_json()));
}

void TestExperimentFile::shippedFilesAreVersion2AsWritten() {
  // Each shipped file is exactly what saving its experiment writes, so the files show the format
  // as the program writes it and a save of an unchanged preset changes nothing.
  const QString root = SPIKESCOPE_TEST_DATA_DIR "/../../resources/";
  QStringList files{root + "experiments/seed.json"};
  for (const QString& name : QDir(root + "presets").entryList({"*.json"}, QDir::Files)) {
    files << root + "presets/" + name;
  }
  QCOMPARE(files.size(), 11);  // the seed and ten presets
  for (const QString& path : files) {
    const LoadedExperiment loaded = load_experiment_file(path.toStdString());
    QVERIFY2(loaded.warnings.empty(), qPrintable(path));
    QCOMPARE(loaded.version_read, 2);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(serialize_experiment(loaded.experiment), file.readAll().toStdString());
  }
}

void TestExperimentFile::roundTripsEveryField() {
  const Experiment original = unusual_experiment();
  validate(original);
  const std::string text = serialize_experiment(original);
  const LoadedExperiment loaded = parse_experiment(text);
  QVERIFY(loaded.warnings.empty());
  QCOMPARE(loaded.experiment, original);
  // Field by field where == would hide a sign: -1e-300 must not come back as -0 or 0.
  QCOMPARE(std::get<double>(*loaded.experiment.network.populations[0].parameter("reset_v")),
           -1e-300);
  QCOMPARE(serialize_experiment(loaded.experiment), text);
  // What does not apply to the chosen rule or type is kept, not dropped.
  QVERIFY(text.find("\"tau_ms\": 7.0") != std::string::npos);
  QVERIFY(text.find("\"k\": 3") != std::string::npos);
}

void TestExperimentFile::roundTripsDrawnOnsets() {
  Experiment original = unusual_experiment();
  std::get<OnsetStepInput>(original.network.inputs[0].kind).onset_steps.reset();
  const Experiment loaded = parse_experiment(serialize_experiment(original)).experiment;
  QVERIFY(!std::get<OnsetStepInput>(loaded.network.inputs[0].kind).onset_steps);
  QCOMPARE(loaded, original);
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
  Experiment e = notebook_experiment();
  e.network.populations[0].set_parameter("threshold_v", value);
  e.network.projections[0].weight = std::vector<double>(100, -value);
  std::get<OnsetStepInput>(e.network.inputs[0].kind).amplitude = value;
  const Experiment loaded = parse_experiment(serialize_experiment(e)).experiment;
  QCOMPARE(loaded, e);
  QCOMPARE(std::get<double>(*loaded.network.populations[0].parameter("threshold_v")), value);
}

void TestExperimentFile::normalizedIsWhatTheFileGivesBack() {
  // An experiment made in code, naming only what differs from the defaults. (Built from whole
  // strings: assigning short literals trips GCC 12's false -Wrestrict positive.)
  const std::string p = "P";
  const std::string q = "Q";
  Experiment e;
  e.network.dt_ms = 0.125;
  PopulationSpec population;
  population.name = p;
  population.size = 5;
  population.set_parameter("threshold_v", 0.5);
  e.network.populations = {population, population};
  e.network.populations[1].name = q;
  ProjectionSpec projection;
  projection.source = p;
  projection.target = q;
  projection.delay_steps = 2;
  projection.delay_ms = 0.7;  // not held by the file once delay_steps is given
  e.network.projections = {projection};
  e.network.inputs = {InputSpec{"", "P", DcInput{1.0, 0.0, std::nullopt}}};
  e.recording.probes = {{"P", 0, ""}};
  const Experiment normal = normalized(e);
  QCOMPARE(parse_experiment(serialize_experiment(e)).experiment.network, normal.network);
  QCOMPARE(normal.network.populations[0].method, std::string("notebook"));
  QCOMPARE(normal.network.populations[0].parameters.size(), find_model("lif")->parameters.size());
  QCOMPARE(normal.network.projections[0].name, std::string("P->Q"));
  QCOMPARE(normal.network.projections[0].delay_ms, ProjectionSpec{}.delay_ms);
  QCOMPARE(normal.network.inputs[0].name, std::string("dc->P"));
  QCOMPARE(normalized(normal), normal);
}

void TestExperimentFile::warnsAboutUnknownKeys() {
  std::string text = seed_text();
  text = replaced(text, "\"live_speed\": 1.0", "\"live_speed\": 1.0, \"extra\": {\"a\": 1}");
  text = replaced(text, "\"version\": 2,", "\"version\": 2, \"colour\": \"red\",");
  text = replaced(text, "\"size\": 100,", "\"size\": 100, \"colour\": \"red\",");
  text = replaced(text, "\"allow_self\": true", "\"allow_self\": true, \"sparse\": 1");
  text = replaced(text, "\"amplitude\": 1.0", "\"amplitude\": 1.0, \"stop_ms\": 3");
  const LoadedExperiment loaded = parse_experiment(text);
  const std::vector<std::string> expected{
      "colour: unknown key, ignored", "populations[\"layer0\"].colour: unknown key, ignored",
      "projections[\"layer0->layer1\"].connector.sparse: unknown key, ignored",
      "inputs[\"onsets\"].stop_ms: unknown key, ignored", "view.extra: unknown key, ignored"};
  QCOMPARE(loaded.warnings, expected);
  QCOMPARE(loaded.experiment, parse_experiment(seed_text()).experiment);
}

void TestExperimentFile::warnsAboutDuplicateKeys() {
  std::string text =
      replaced(seed_text(), "\"threshold_v\": 0.75", "\"threshold_v\": 0.5, \"threshold_v\": 0.75");
  text = replaced(text, "\"view\": {", "\"view\": {\"x\": [{\"y\": 1, \"y\": 2}],");
  const LoadedExperiment loaded = parse_experiment(text);
  const std::vector<std::string> expected{
      "populations[].parameters.threshold_v: duplicate key, the last value is used",
      "view.x[].y: duplicate key, the last value is used", "view.x: unknown key, ignored"};
  QCOMPARE(loaded.warnings, expected);
  QCOMPARE(loaded.experiment, parse_experiment(seed_text()).experiment);
}

void TestExperimentFile::optionalFieldsTakeDefaults() {
  const LoadedExperiment loaded = parse_experiment(kMinimal);
  QVERIFY(loaded.warnings.empty());
  const Experiment& e = loaded.experiment;
  QCOMPARE(e.name, std::string());
  QCOMPARE(e.view, ViewSettings{});
  const PopulationSpec& p = e.network.populations[0];
  QCOMPARE(p.method, std::string("notebook"));  // the model's first
  QCOMPARE(p.seed, std::uint64_t{0});
  QVERIFY(p.initial.empty());
  const ModelDescriptor& lif = *find_model("lif");
  QCOMPARE(p.parameters.size(), lif.parameters.size());
  for (std::size_t k = 0; k < lif.parameters.size(); ++k) {
    QCOMPARE(p.parameters[k].key, std::string(lif.parameters[k].key));
    QCOMPARE(std::get<double>(p.parameters[k].value), lif.parameters[k].default_value);
  }
  QVERIFY(e.network.projections.empty() && e.network.inputs.empty());
  RecordingSpec recording;
  recording.probes = {{"P", 0, "vm_v"}};
  QCOMPARE(e.recording, recording);
}

void TestExperimentFile::listedOnsetsNeedNoSeed() {
  std::string onsets = "\"onset_steps\": [9";
  for (int j = 1; j < 100; ++j) onsets += ',' + std::to_string(j % 7);
  onsets += "]";
  std::string text = replaced(seed_text(), "\"onset_max_steps\": 100,", "");
  text = replaced(text, "\"seed\": 42", onsets);
  const Experiment loaded = parse_experiment(text).experiment;
  const auto& input = std::get<OnsetStepInput>(loaded.network.inputs[0].kind);
  QVERIFY(input.onset_steps);
  QCOMPARE(input.onset_steps->size(), std::size_t(100));
  QCOMPARE((*input.onset_steps)[0], 9);
  QCOMPARE((*input.onset_steps)[8], 1);
  QCOMPARE(input.onset_max_steps, OnsetStepInput{}.onset_max_steps);
  QCOMPARE(input.seed, OnsetStepInput{}.seed);
}

void TestExperimentFile::loadNamesTheFile() {
  QTemporaryDir dir;
  const std::string missing = dir.filePath("missing.json").toStdString();
  try {
    (void)load_experiment_file(missing);
    QFAIL("a missing file was accepted");
  } catch (const ExperimentFileError& error) {
    QCOMPARE(std::string(error.what()), missing + ": cannot open: No such file or directory");
    QCOMPARE(error.kind(), Kind::kFile);
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
    QCOMPARE(std::string(error.what()),
             bad + ": projections[\"layer0->layer1\"].weight: expected a number, got true");
    QCOMPARE(error.kind(), Kind::kStructure);
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
  // Refused before writing: an invalid experiment.
  Experiment invalid = unusual_experiment();
  invalid.network.dt_ms = -1;
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
