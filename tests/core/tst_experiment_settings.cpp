// Settings (`--set key=value` and the GUI): paths of the version-2 file with element names,
// dotted or in the bracket form, the file's reader and messages, validated together, and
// nothing changed on error.
#include <QTest>
#include <nlohmann/json.hpp>

#include "experiment/seed_experiment.h"
#include "experiment_samples.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

using Json = nlohmann::ordered_json;

// The keys of a file document and each value as a setting writes it, found independently of
// setting_keys(): every scalar and list of scalars, every per-neuron value as a whole and by its
// fields, lists of objects as a whole and by index, named elements by name.
void walk(const Json& node, const std::string& path, int depth_in_value,
          std::vector<std::pair<std::string, std::string>>& out) {
  const auto text = [](const Json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
  };
  const bool value_spec = depth_in_value == 0;
  if (value_spec && node.is_object()) out.emplace_back(path, text(node));
  if (node.is_object()) {
    for (const auto& [key, child] : node.items()) {
      if (path.empty() && (key == "format" || key == "version")) continue;
      const bool starts_value =
          key == "weight" || path.ends_with(".parameters") || path.ends_with(".initial");
      walk(child, path.empty() ? key : path + "." + key,
           starts_value ? 0 : (depth_in_value >= 0 ? depth_in_value + 1 : -1), out);
    }
    return;
  }
  if (node.is_array() && !node.empty() && node[0].is_object()) {
    const bool named = path == "populations" || path == "projections" || path == "inputs";
    if (!named) out.emplace_back(path, text(node));
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string name = named ? node[i]["name"].get<std::string>() : "";
      const std::string entry = !named ? path + "[" + std::to_string(i) + "]"
                                : name.find('.') == std::string::npos
                                    ? path + "." + name
                                    : path + "[" + Json(name).dump() + "]";
      walk(node[i], entry, depth_in_value >= 0 ? depth_in_value + 1 : -1, out);
    }
    return;
  }
  out.emplace_back(path, text(node));
}

}  // namespace

class TestExperimentSettings : public QObject {
  Q_OBJECT
 private slots:
  void settingsSetTheirField();
  void valueFormsAndTheirFields();
  void settingKeysOfTheSeed();
  void everyKeyTakesItsOwnValue();
  void settingErrorsMatchFileErrors_data();
  void settingErrorsMatchFileErrors();
  void failedSettingLeavesExperimentUnchanged();
  void settingsAreValidatedTogether();
  void unknownPathsNameWhatExists_data();
  void unknownPathsNameWhatExists();
  void switchesBetweenAlternatives();
  void numbersBeyondTheirTypes_data();
  void numbersBeyondTheirTypes();
  void onsetListsFromText();
};

void TestExperimentSettings::settingsSetTheirField() {
  Experiment e = notebook_experiment();
  apply_settings(e, {{"populations.layer0.parameters.threshold_v", "0.8"},
                     {"populations[\"layer1\"].parameters.threshold_v", " +0.9 "},
                     {"populations[0].size", "10"},
                     {"populations.layer0.method", "exact"},
                     {"populations.layer1.initial.vm_v", "0.25"},
                     {"projections.layer0->layer1.weight", "2"},
                     {"projections.layer0->layer1.connector",
                      R"({"rule": "fixed_probability", "p": 0.5, "seed": 3})"},
                     {"projections.layer0->layer1.connector.allow_self", "false"},
                     {"inputs.onsets.amplitude", "1.5"},
                     {"simulation.dt_ms", "0.1"},
                     {"simulation.steps", "1e3"},
                     {"recording.probes[1].neuron", "0"},
                     {"recording.spikes", "layer1, layer0"},
                     {"view.run_mode", "live"},
                     {"view.live_speed", "0"},
                     {"name", "from the command line"}});
  Experiment expected = notebook_experiment();
  NetworkSpec& n = expected.network;
  n.populations[0].set_parameter("threshold_v", 0.8);
  n.populations[1].set_parameter("threshold_v", 0.9);
  n.populations[0].size = 10;
  n.populations[0].method = "exact";
  n.populations[1].initial = {{"vm_v", 0.25}};
  n.projections[0].weight = 2.0;
  n.projections[0].connector = {ConnectorRule::kFixedProbability, 0.5, 1, false, 3};
  std::get<OnsetStepInput>(n.inputs[0].kind).amplitude = 1.5;
  n.dt_ms = 0.1;
  expected.steps = 1000;
  expected.recording.all_spikes = false;
  expected.recording.spike_populations = {"layer1", "layer0"};
  expected.view.run_mode = RunMode::kLive;
  expected.view.live_speed = 0.0;
  expected.name = "from the command line";
  QCOMPARE(e, expected);
}

void TestExperimentSettings::valueFormsAndTheirFields() {
  Experiment e = unusual_experiment();
  const std::string d = "populations[\"I.slow\"].parameters.d";
  apply_settings(e,
                 {{d + ".values[1]", "3"},
                  {"populations[\"I.slow\"].parameters.c_mV.ranges[2]",
                   R"({"first": 0, "end": 1, "value": -60})"},
                  {"populations[\"I.slow\"].parameters.b.normal.sd", "0.02"},
                  {"projections.E->I.weight", R"({"normal": {"mean": 1, "sd": 0.1, "seed": 2}})"},
                  {"projections.E->I.weight.normal.min", "0"}});
  const NetworkSpec& n = e.network;
  QCOMPARE(*n.populations[1].parameter("d"), ValueSpec(std::vector<double>{8.0, 3.0, 0.1 + 0.2}));
  QCOMPARE(std::get<RangeValues>(*n.populations[1].parameter("c_mV")).ranges.back(),
           (IndexRangeValue{0, 1, -60.0}));
  QCOMPARE(std::get<NormalDraw>(*n.populations[1].parameter("b")).sd, 0.02);
  QCOMPARE(n.projections[0].weight, ValueSpec(NormalDraw{1.0, 0.1, 2, 0.0, std::nullopt}));
  // One value for a per-neuron one, and back.
  apply_setting(e, d, "4");
  QCOMPARE(*e.network.populations[1].parameter("d"), ValueSpec(4.0));
}

void TestExperimentSettings::settingKeysOfTheSeed() {
  std::vector<std::string> expected{"name", "notes", "simulation.dt_ms", "simulation.steps"};
  for (const char* layer : {"layer0", "layer1"}) {
    const std::string p = std::string("populations.") + layer;
    for (const char* key : {".name", ".model", ".method", ".size"}) expected.push_back(p + key);
    for (const char* key : {"membrane_resistance_kohm", "membrane_capacitance_uf", "refractory_ms",
                            "threshold_v", "spike_height_v", "reset_v", "rest_v"}) {
      expected.push_back(p + ".parameters." + key);
    }
    expected.push_back(p + ".seed");
  }
  const std::string j = "projections.layer0->layer1";
  for (const char* key : {".name", ".source", ".target", ".connector.rule", ".connector.allow_self",
                          ".weight", ".delay_steps", ".synapse.type"}) {
    expected.push_back(j + key);
  }
  for (const char* key : {".name", ".target", ".type", ".amplitude", ".onset_max_steps", ".seed"}) {
    expected.push_back(std::string("inputs.onsets") + key);
  }
  expected.push_back("recording.probes");
  for (const char* probe : {"recording.probes[0]", "recording.probes[1]"}) {
    for (const char* key : {".population", ".neuron", ".variable"}) {
      expected.push_back(std::string(probe) + key);
    }
  }
  for (const char* key : {"recording.spikes", "recording.spike_capacity", "view.run_mode",
                          "view.selected_neuron", "view.live_window_ms", "view.live_speed"}) {
    expected.push_back(key);
  }
  QCOMPARE(setting_keys(seed_experiment()), expected);
}

void TestExperimentSettings::everyKeyTakesItsOwnValue() {
  for (const Experiment& e : {seed_experiment(), unusual_experiment()}) {
    std::vector<std::pair<std::string, std::string>> pairs;
    walk(Json::parse(serialize_experiment(e)), "", -1, pairs);
    std::vector<std::string> keys;
    for (const auto& [key, value] : pairs) {
      keys.push_back(key);
      Experiment copy = e;
      try {
        apply_setting(copy, key, value);
      } catch (const ExperimentFileError& error) {
        QFAIL(qPrintable(QString::fromStdString(key + "=" + value + ": " + error.what())));
      }
      Experiment expected = e;
      if (key == "inputs.onsets.onset_max_steps" || key == "inputs.onsets.seed") {
        // Setting a drawing parameter switches to drawn onsets, even to the same value.
        std::get<OnsetStepInput>(expected.network.inputs[0].kind).onset_steps.reset();
      }
      QVERIFY2(copy == expected, key.c_str());
    }
    QCOMPARE(setting_keys(e), keys);
  }
}

void TestExperimentSettings::settingErrorsMatchFileErrors_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QString>("fileValue");
  QTest::addColumn<QString>("settingValue");
  const auto row = [](const char* name, const char* key, const char* file, const char* setting) {
    QTest::newRow(name) << key << file << setting;
  };
  row("text for number", "populations.layer0.parameters.threshold_v", "\"abc\"", "abc");
  row("negative", "populations.layer0.parameters.refractory_ms", "-2", "-2");
  row("fraction for integer", "simulation.steps", "10.5", "10.5");
  row("out of range", "simulation.steps", "100000001", "100000001");
  row("bad word", "populations.layer0.method", "\"rk4\"", "rk4");
  row("number for bool", "projections.layer0->layer1.connector.allow_self", "1", "1");
  row("negative onset spread", "inputs.onsets.onset_max_steps", "-5", "-5");
  row("list for a value", "projections.layer0->layer1.weight", "[1, 2]", "[1, 2]");
}

void TestExperimentSettings::settingErrorsMatchFileErrors() {
  QFETCH(QString, key);
  QFETCH(QString, fileValue);
  QFETCH(QString, settingValue);
  // The seed's value for the key, as the file writer writes it, replaced by the bad one.
  const std::string leaf = key.section('.', -1).toStdString();
  const std::string text = seed_text();
  const std::size_t at = text.find("\"" + leaf + "\": ");
  QVERIFY(at != std::string::npos);
  const std::size_t value_at = at + leaf.size() + 4;
  const std::size_t end = text.find_first_of(",\n", value_at);
  const std::string file_text =
      text.substr(0, value_at) + fileValue.toStdString() + text.substr(end);
  const std::string from_file = message_of_parse(file_text);
  QCOMPARE(message_of_setting(seed_experiment(), key.toStdString(), settingValue.toStdString()),
           from_file);
  QVERIFY2(from_file != "(accepted)", from_file.c_str());
}

void TestExperimentSettings::failedSettingLeavesExperimentUnchanged() {
  Experiment e = unusual_experiment();
  const std::string threshold = "populations.E.parameters.threshold_v";
  QCOMPARE(message_of_setting(e, threshold, "nan"),
           std::string("populations[\"E\"].parameters.threshold_v: must be a finite number, got "
                       "nan"));
  QVERIFY_THROWS_EXCEPTION(ExperimentFileError, apply_setting(e, threshold, "nan"));
  QVERIFY_THROWS_EXCEPTION(ExperimentFileError,
                           apply_setting(e, "populations.E.parameters.treshold_v", "1"));
  QVERIFY_THROWS_EXCEPTION(ExperimentFileError, apply_settings(e, {{"projections.E->I.weight", "2"},
                                                                   {"simulation.dt_ms", "inf"}}));
  QVERIFY_THROWS_EXCEPTION(ExperimentFileError, apply_settings(e, {{"projections.E->I.weight", "2"},
                                                                   {"populations.E.size", "0"}}));
  QCOMPARE(e, unusual_experiment());
}

void TestExperimentSettings::settingsAreValidatedTogether() {
  // Reset above the old threshold is fine once the new threshold is higher, in either order.
  Experiment a = seed_experiment();
  apply_settings(a, {{"populations.layer0.parameters.reset_v", "0.9"},
                     {"populations.layer0.parameters.threshold_v", "1"}});
  Experiment b = seed_experiment();
  apply_settings(b, {{"populations.layer0.parameters.threshold_v", "1"},
                     {"populations.layer0.parameters.reset_v", "0.9"}});
  QCOMPARE(a, b);
  // A rule and what it draws with, in either order.
  const std::string c = "projections.layer0->layer1.connector.";
  Experiment d = seed_experiment();
  apply_settings(d, {{c + "rule", "fixed_probability"}, {c + "p", "0.5"}, {c + "seed", "1"}});
  Experiment f = seed_experiment();
  apply_settings(f, {{c + "p", "0.5"}, {c + "seed", "1"}, {c + "rule", "fixed_probability"}});
  QCOMPARE(d, f);
  QCOMPARE(d.network.projections[0].connector.p, 0.5);
  // Alone, the rule lacks its p.
  QCOMPARE(message_of_setting(seed_experiment(), c + "rule", "fixed_probability"),
           std::string("projections[\"layer0->layer1\"].connector.p: required field is missing; "
                       "the rule draws the connections with it"));
}

void TestExperimentSettings::unknownPathsNameWhatExists_data() {
  QTest::addColumn<std::string>("key");
  QTest::addColumn<std::string>("value");
  QTest::addColumn<std::string>("message");
  const auto row = [](const char* key, const char* value, const std::string& message) {
    QTest::newRow(key) << std::string(key) << std::string(value) << message;
  };
  row("populations.layer7.size", "1",
      "populations.layer7: no population named layer7; populations: layer0, layer1");
  row("projections.x.weight", "1",
      "projections.x: no projection named x; projections: "
      "layer0->layer1");
  row("inputs.y.amplitude", "1", "inputs.y: no input named y; inputs: onsets");
  row("populations.layer0.colour", "red",
      "populations.layer0.colour: no such setting; populations.layer0 has: name, model, "
      "method, size, parameters, initial, seed");
  row("simulation.seed", "1", "simulation.seed: no such setting; simulation has: dt_ms, steps");
  row("inputs.onsets.stop_ms", "3",
      "inputs.onsets.stop_ms: no such setting; inputs.onsets has: name, target, type, "
      "amplitude, onset_max_steps, seed, onset_steps");
  row("colour", "red",
      "colour: no such setting; the experiment has: name, notes, simulation, populations, "
      "projections, inputs, recording, view");
  row("format", "x", "format: not a setting; saving writes it");
  row("simulation.dt_ms.x", "1",
      "simulation.dt_ms.x: no such setting; simulation.dt_ms is 0.125, which has no fields");
  row("populations.layer0.parameters.threshold_v.uniform.low", "1",
      "populations.layer0.parameters.threshold_v.uniform: no such setting; "
      "populations.layer0.parameters.threshold_v is 0.75, which has no fields");
  row("recording.probes[5].neuron", "1",
      "recording.probes[5]: no such entry; recording.probes has 2 entries");
  row("recording.probes.first.neuron", "1",
      "recording.probes.first: no such setting; recording.probes is a list: name an entry by "
      "its index, as in recording.probes[0]");
  row("", "1", "(empty): a setting needs a path, such as simulation.dt_ms");
  row("simulation.", "1", "simulation.: the path ends in a dot");
  row("populations[\"layer0.size", "1", "populations[\"layer0.size: a [\"name\"] is not closed");
  row("populations[x].size", "1",
      "populations[x].size: expected an index or a quoted name in [...]");
  row("populations.layer0.parameters.treshold_v", "1",
      "populations[\"layer0\"].parameters.treshold_v: unknown parameter of model lif; its "
      "parameters: membrane_resistance_kohm, membrane_capacitance_uf, refractory_ms, "
      "threshold_v, spike_height_v, reset_v, rest_v");
  row("projections.layer0->layer1.connector", R"({"rule": "all_to_all", "sparse": true})",
      "projections[\"layer0->layer1\"].connector.sparse: unknown key; settings take only what a "
      "file may hold");
}

void TestExperimentSettings::unknownPathsNameWhatExists() {
  QFETCH(std::string, key);
  QFETCH(std::string, value);
  QFETCH(std::string, message);
  QCOMPARE(message_of_setting(seed_experiment(), key, value), message);
}

void TestExperimentSettings::switchesBetweenAlternatives() {
  Experiment e = seed_experiment();
  std::string onsets = "9";
  for (int j = 1; j < 100; ++j) {
    onsets += ',';  // piecewise: `"," + std::string` trips GCC 12's false -Wrestrict positive
    onsets += std::to_string(j % 7);
  }
  apply_setting(e, "inputs.onsets.onset_steps", onsets);
  const auto input = [&] { return std::get<OnsetStepInput>(e.network.inputs[0].kind); };
  QCOMPARE(input().onset_steps->at(0), 9);
  // Drawing parameters switch back to drawn onsets.
  apply_setting(e, "inputs.onsets.seed", "7");
  QVERIFY(!input().onset_steps);
  QCOMPARE(input().seed, std::uint64_t{7});
  apply_setting(e, "inputs.onsets.onset_steps", onsets);
  apply_setting(e, "inputs.onsets.onset_max_steps", "0");
  QVERIFY(!input().onset_steps);
  QCOMPARE(input().onset_max_steps, 0);
  // A delay in ms replaces one in steps, and the other way round.
  const std::string projection = "projections.layer0->layer1.";
  apply_setting(e, projection + "delay_ms", "0.25");
  QCOMPARE(e.network.projections[0].delay_steps, std::nullopt);
  QCOMPARE(e.network.projections[0].delay_ms, 0.25);
  apply_setting(e, projection + "delay_steps", "3");
  QCOMPARE(e.network.projections[0].delay_steps, std::optional<std::uint32_t>(3));
  // A name with a dot only in the bracket form.
  Experiment u = unusual_experiment();
  QCOMPARE(message_of_setting(u, "populations.I.slow.size", "3"),
           std::string("populations.I: no population named I; populations: E, I.slow"));
  apply_setting(u, "populations[\"I.slow\"].seed", "5");
  QCOMPARE(u.network.populations[1].seed, std::uint64_t{5});
}

void TestExperimentSettings::numbersBeyondTheirTypes_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QString>("value");
  QTest::addColumn<QString>("message");
  QTest::newRow("beyond int64") << "simulation.steps"
                                << "99999999999999999999"
                                << "simulation.steps: must be 1 to 100000000, got 1e+20";
  QTest::newRow("beyond uint64") << "inputs.onsets.seed"
                                 << "18446744073709551616"
                                 << "inputs[\"onsets\"].seed: must be 0 to 18446744073709551615, "
                                    "got 18446744073709551616";
  QTest::newRow("beyond double") << "populations.layer0.parameters.threshold_v"
                                 << "1e400"
                                 << "populations[\"layer0\"].parameters.threshold_v: must be a "
                                    "finite number, got inf";
  QTest::newRow("below double") << "populations.layer0.parameters.membrane_capacitance_uf"
                                << "-1e400"
                                << "populations[\"layer0\"].parameters.membrane_capacitance_uf: "
                                   "must be a finite number, got -inf";
  QTest::newRow("underflow") << "populations.layer0.parameters.membrane_capacitance_uf"
                             << "1e-400"
                             << "populations[\"layer0\"].parameters.membrane_capacitance_uf: "
                                "must be greater than 0 uF (a capacitance is positive), got 0";
  QTest::newRow("beyond int32") << "inputs.onsets.onset_max_steps"
                                << "2147483648"
                                << "inputs[\"onsets\"].onset_max_steps: must be 0 to 2147483647, "
                                   "got 2147483648";
}

void TestExperimentSettings::numbersBeyondTheirTypes() {
  QFETCH(QString, key);
  QFETCH(QString, value);
  QFETCH(QString, message);
  Experiment e = seed_experiment();
  QCOMPARE(QString::fromStdString(message_of_setting(e, key.toStdString(), value.toStdString())),
           message);
}

void TestExperimentSettings::onsetListsFromText() {
  QCOMPARE(parse_onset_list("[3, 0, 7]"), (std::vector<std::int32_t>{3, 0, 7}));
  QCOMPARE(parse_onset_list("{\"seed\": 1, \"offsets\": [4]}"), std::vector<std::int32_t>{4});
  QCOMPARE(QString::fromStdString([] {
             try {
               (void)parse_onset_list("{\"offsets\": [1, 2.5]}");
             } catch (const ExperimentFileError& error) {
               return std::string(error.what());
             }
             return std::string("(accepted)");
           }()),
           QString("offsets[1]: expected an integer, got 2.5"));
  QVERIFY_THROWS_EXCEPTION(ExperimentFileError, parse_onset_list("{\"onsets\": [1]}"));
}

QTEST_GUILESS_MAIN(TestExperimentSettings)
#include "tst_experiment_settings.moc"
