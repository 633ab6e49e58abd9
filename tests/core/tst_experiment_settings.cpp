// Settings (`--set key=value` and the GUI): the same key paths, readers and messages as the
// experiment file, validated together, and nothing changed on error.
#include <QTest>

#include "experiment_samples.h"

using namespace spikescope;
using namespace spikescope::testing;

class TestExperimentSettings : public QObject {
  Q_OBJECT
 private slots:
  void settingsSetTheirField();
  void settingErrorsMatchFileErrors_data();
  void settingErrorsMatchFileErrors();
  void failedSettingLeavesExperimentUnchanged();
  void settingsAreValidatedTogether();
  void numbersBeyondTheirTypes_data();
  void numbersBeyondTheirTypes();
  void onsetListsFromText();
};

void TestExperimentSettings::settingsSetTheirField() {
  Experiment e;
  apply_setting(e, "model.integration", "exact");
  apply_setting(e, "model.neuron.threshold_v", "0.8");
  apply_setting(e, "model.neuron.membrane_resistance_kohm", "+2");
  apply_setting(e, "model.layer_sizes", "10,3");
  apply_setting(e, "stimulus.onset_steps", "[0,1,2,3,4,5,6,7,8,9]");
  apply_setting(e, "simulation.steps", "1e3");
  apply_setting(e, "view.run_mode", "live");
  apply_setting(e, "name", "from the command line");
  Experiment expected;
  expected.mode = IntegrationMode::kExact;
  expected.neuron.threshold_v = 0.8;
  expected.neuron.membrane_resistance_kohm = 2;
  expected.layer_sizes = {10, 3};
  expected.onsets.explicit_steps = std::vector<std::int32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  expected.steps = 1000;
  expected.view.run_mode = RunMode::kLive;
  expected.name = "from the command line";
  QCOMPARE(e, expected);
  // Drawing parameters switch back to drawn onsets.
  apply_setting(e, "simulation.seed", "7");
  QVERIFY(!e.onsets.explicit_steps);
  QCOMPARE(e.onsets.seed, std::uint64_t{7});
  QCOMPARE(setting_keys().size(), std::size_t(21));
}

void TestExperimentSettings::settingErrorsMatchFileErrors_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QString>("fileValue");
  QTest::addColumn<QString>("settingValue");
  QTest::newRow("text for number") << "model.neuron.threshold_v"
                                   << "\"abc\""
                                   << "abc";
  QTest::newRow("negative") << "model.neuron.refractory_ms"
                            << "-2"
                            << "-2";
  QTest::newRow("fraction for integer") << "simulation.steps"
                                        << "10.5"
                                        << "10.5";
  QTest::newRow("out of range") << "simulation.steps"
                                << "100000001"
                                << "100000001";
  QTest::newRow("bad word") << "model.integration"
                            << "\"rk4\""
                            << "rk4";
  QTest::newRow("bad list entry") << "model.layer_sizes"
                                  << "[5, \"x\"]"
                                  << "5,x";
}

void TestExperimentSettings::settingErrorsMatchFileErrors() {
  QFETCH(QString, key);
  QFETCH(QString, fileValue);
  QFETCH(QString, settingValue);
  // The seed's value for the key, as the file writes it, replaced by the bad one.
  const std::string leaf = key.section('.', -1).toStdString();
  const std::string text = seed_text();
  const std::size_t at = text.find("\"" + leaf + "\": ");
  QVERIFY(at != std::string::npos);
  const std::size_t value_at = at + leaf.size() + 4;
  std::size_t end = text.find_first_of(",\n", value_at);
  if (text[value_at] == '[') end = text.find(']', value_at) + 1;
  const std::string file_text =
      text.substr(0, value_at) + fileValue.toStdString() + text.substr(end);
  const std::string from_file = message_of_parse(file_text);
  Experiment e;
  try {
    apply_setting(e, key.toStdString(), settingValue.toStdString());
    QFAIL("setting accepted");
  } catch (const ExperimentFileError& error) {
    QCOMPARE(std::string(error.what()), from_file);
  }
  QVERIFY2(from_file.starts_with(key.toStdString()), from_file.c_str());
}

void TestExperimentSettings::failedSettingLeavesExperimentUnchanged() {
  Experiment e = unusual_experiment();
  QVERIFY_THROWS_EXCEPTION(ExperimentFileError,
                           apply_setting(e, "model.neuron.threshold_v", "nan"));
  try {
    apply_setting(e, "model.neuron.threshold_v", "nan");
  } catch (const ExperimentFileError& error) {
    QCOMPARE(std::string(error.what()), std::string("model.neuron.threshold_v: must be a finite "
                                                    "number, got nan"));
  }
  QVERIFY_THROWS_EXCEPTION(ExperimentFileError, apply_setting(e, "model.neuron.treshold_v", "1"));
  QVERIFY_THROWS_EXCEPTION(ExperimentFileError,
                           apply_settings(e, {{"model.weight", "2"}, {"simulation.dt_ms", "inf"}}));
  QCOMPARE(e, unusual_experiment());
}

void TestExperimentSettings::settingsAreValidatedTogether() {
  // Reset above the old threshold is fine once the new threshold is higher, in either order.
  Experiment a;
  apply_settings(a, {{"model.neuron.reset_v", "0.9"}, {"model.neuron.threshold_v", "1"}});
  Experiment b;
  apply_settings(b, {{"model.neuron.threshold_v", "1"}, {"model.neuron.reset_v", "0.9"}});
  QCOMPARE(a, b);
  QCOMPARE(a.neuron.reset_v, 0.9);
}

void TestExperimentSettings::numbersBeyondTheirTypes_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QString>("value");
  QTest::addColumn<QString>("message");
  QTest::newRow("beyond int64") << "simulation.steps"
                                << "99999999999999999999"
                                << "simulation.steps: must be 1 to 100000000, got 1e+20";
  QTest::newRow("beyond uint64") << "simulation.seed"
                                 << "18446744073709551616"
                                 << "simulation.seed: must be 0 to 18446744073709551615, got "
                                    "18446744073709551616";
  QTest::newRow("beyond double") << "model.neuron.threshold_v"
                                 << "1e400"
                                 << "model.neuron.threshold_v: must be a finite number, got inf";
  QTest::newRow("below double") << "model.neuron.membrane_capacitance_uf"
                                << "-1e400"
                                << "model.neuron.membrane_capacitance_uf: must be a finite "
                                   "number, got -inf";
  QTest::newRow("underflow") << "model.neuron.membrane_capacitance_uf"
                             << "1e-400"
                             << "model.neuron.membrane_capacitance_uf: must be greater than 0, "
                                "got 0";
  QTest::newRow("beyond int32") << "stimulus.onset_max_steps"
                                << "2147483648"
                                << "stimulus.onset_max_steps: must be 0 to 2147483647, got "
                                   "2147483648";
}

void TestExperimentSettings::numbersBeyondTheirTypes() {
  QFETCH(QString, key);
  QFETCH(QString, value);
  QFETCH(QString, message);
  Experiment e;
  try {
    apply_setting(e, key.toStdString(), value.toStdString());
    QFAIL("accepted");
  } catch (const ExperimentFileError& error) {
    QCOMPARE(QString(error.what()), message);
  }
  QCOMPARE(e, Experiment{});
}

void TestExperimentSettings::onsetListsFromText() {
  QCOMPARE(parse_onset_list("[3, 0, 7]"), (std::vector<std::int32_t>{3, 0, 7}));
  QCOMPARE(parse_onset_list("{\"seed\": 1, \"offsets\": [4]}"), std::vector<std::int32_t>{4});
  try {
    (void)parse_onset_list("{\"offsets\": [1, 2.5]}");
    QFAIL("accepted");
  } catch (const ExperimentFileError& error) {
    QCOMPARE(std::string(error.what()), std::string("offsets[1]: expected an integer, got 2.5"));
  }
  QVERIFY_THROWS_EXCEPTION(ExperimentFileError, parse_onset_list("{\"onsets\": [1]}"));
}

QTEST_GUILESS_MAIN(TestExperimentSettings)
#include "tst_experiment_settings.moc"
