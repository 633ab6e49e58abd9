// Bad input, field by field: every setting of the seed experiment (the keys of the file, `--set`,
// the notebook flags and the GUI's fields) fed each class of nonsense: NaN, infinities, negative,
// zero, huge, empty, text for a number, a list for a scalar. Each either refuses with one line
// naming the field and leaves the experiment as it was, or is a legal value that validates and
// survives saving and loading. Numbers refused through a setting are refused with the same
// message when they come from a file; NaN and infinity are refused in every numeric field of
// populations, projections and inputs. tests/INPUTS.md is the table of these outcomes.
#include <QTest>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "experiment/seed_experiment.h"
#include "experiment_samples.h"
#include "model/model_registry.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

using Json = nlohmann::ordered_json;

enum class Kind { kReal, kValue, kInteger, kBool, kWord, kName, kText, kOnsets, kSpikes, kProbes };

// One field, {L} standing for layer0 and layer1. Outcomes: "" accepted; "=..." a whole message;
// anything else the reason after "<path>: ". {P} is the field's path in messages, {V} the value.
struct Key {
  const char* path;
  Kind kind;
  const char* negative;   // -1
  const char* zero;       // 0
  const char* huge;       // 1e300
  const char* word = "";  // kWord, kName: the outcome for any text {V}
};

constexpr const char* kSize = "must be 1 to 100000000, got ";
const Key kKeys[] = {
    {"name", Kind::kText, "", "", ""},
    {"notes", Kind::kText, "", "", ""},
    {"simulation.dt_ms", Kind::kReal, "must be greater than 0 ms, got -1",
     "must be greater than 0 ms, got 0", ""},
    {"simulation.steps", Kind::kInteger, "must be 1 to 100000000, got -1",
     "must be 1 to 100000000, got 0", "must be 1 to 100000000, got 1e+300"},
    {"populations.layer0.name", Kind::kName, "", "", "",
     "=projections[\"layer0->layer1\"].source: "
     "no population \"layer0\"; populations: {V}, layer1"},
    {"populations.layer1.name", Kind::kName, "", "", "",
     "=projections[\"layer0->layer1\"].target: "
     "no population \"layer1\"; populations: layer0, {V}"},
    {"populations.{L}.model", Kind::kWord, "", "", "",
     "unknown model \"{V}\"; known models: {MODELS}"},
    {"populations.{L}.method", Kind::kWord, "", "", "",
     "model lif has no method \"{V}\"; its methods: notebook, exact"},
    {"populations.{L}.size", Kind::kInteger, "must be 1 to 100000000, got -1",
     "must be 1 to 100000000, got 0", "must be 1 to 100000000, got 1e+300"},
    {"populations.{L}.parameters.membrane_resistance_kohm", Kind::kValue,
     "must be greater than 0 kOhm (a resistance is positive), got -1",
     "must be greater than 0 kOhm (a resistance is positive), got 0", ""},
    {"populations.{L}.parameters.membrane_capacitance_uf", Kind::kValue,
     "must be greater than 0 uF (a capacitance is positive), got -1",
     "must be greater than 0 uF (a capacitance is positive), got 0", ""},
    {"populations.{L}.parameters.refractory_ms", Kind::kValue,
     "must be at least 0 ms (a duration cannot be negative), got -1", "", ""},
    {"populations.{L}.parameters.threshold_v", Kind::kValue,
     "=populations[\"{L}\"].parameters.reset_v: must be below threshold_v (-1 V), got 0",
     "=populations[\"{L}\"].parameters.reset_v: must be below threshold_v (0 V), got 0", ""},
    {"populations.{L}.parameters.spike_height_v", Kind::kValue, "", "", ""},
    {"populations.{L}.parameters.reset_v", Kind::kValue, "", "",
     "must be below threshold_v (0.75 V), got 1e+300"},
    {"populations.{L}.parameters.rest_v", Kind::kValue, "", "", ""},
    {"populations.{L}.initial.vm_v", Kind::kValue, "", "", ""},  // not in the seed; settable
    {"populations.{L}.seed", Kind::kInteger, "must be 0 to 18446744073709551615, got -1", "",
     "must be 0 to 18446744073709551615, got 1e+300"},
    {"projections.layer0->layer1.name", Kind::kName, "", "", "", ""},
    {"projections.layer0->layer1.source", Kind::kName, "", "", "",
     "no population \"{V}\"; populations: layer0, layer1"},
    {"projections.layer0->layer1.target", Kind::kName, "", "", "",
     "no population \"{V}\"; populations: layer0, layer1"},
    {"projections.layer0->layer1.connector.rule", Kind::kWord, "", "", "",
     "expected \"all_to_all\", \"one_to_one\", \"fixed_probability\" or \"fixed_in_degree\", "
     "got \"{V}\""},
    {"projections.layer0->layer1.connector.allow_self", Kind::kBool,
     "expected true or false, got -1", "expected true or false, got 0",
     "expected true or false, got 1e+300"},
    {"projections.layer0->layer1.weight", Kind::kValue, "", "", ""},
    {"projections.layer0->layer1.delay_steps", Kind::kInteger, "must be 1 to 65535, got -1",
     "must be 1 to 65535, got 0", "must be 1 to 65535, got 1e+300"},
    {"projections.layer0->layer1.synapse.type", Kind::kWord, "", "", "",
     "expected \"pulse\", \"exp_current\" or \"exp_conductance\", got \"{V}\""},
    {"inputs.onsets.name", Kind::kName, "", "", "", ""},
    {"inputs.onsets.target", Kind::kName, "", "", "",
     "no population \"{V}\"; populations: layer0, layer1"},
    {"inputs.onsets.type", Kind::kWord, "", "", "",
     "expected \"onset_step\", \"dc\", \"pulses\", \"sine\" or \"noise\", got \"{V}\""},
    {"inputs.onsets.amplitude", Kind::kReal, "", "", ""},
    {"inputs.onsets.onset_max_steps", Kind::kInteger, "must be 0 to 2147483647, got -1", "",
     "must be 0 to 2147483647, got 1e+300"},
    {"inputs.onsets.seed", Kind::kInteger, "must be 0 to 18446744073709551615, got -1", "",
     "must be 0 to 18446744073709551615, got 1e+300"},
    {"inputs.onsets.onset_steps", Kind::kOnsets,  // not in the seed; settable
     "={P}[0]: must be 0 to 2147483647, got -1",
     "1 onsets given for 100 neurons of \"layer0\"; need one per neuron",
     "={P}[0]: must be 0 to 2147483647, got 1e+300"},
    {"recording.probes", Kind::kProbes, "", "", ""},
    {"recording.probes[0].population", Kind::kName, "", "", "", "no population \"{V}\""},
    {"recording.probes[1].population", Kind::kName, "", "", "", "no population \"{V}\""},
    {"recording.probes[0].neuron", Kind::kInteger, "must be 0 to 4294967295, got -1", "",
     "must be 0 to 4294967295, got 1e+300"},
    {"recording.probes[1].neuron", Kind::kInteger, "must be 0 to 4294967295, got -1", "",
     "must be 0 to 4294967295, got 1e+300"},
    {"recording.probes[0].variable", Kind::kName, "", "", "",
     "model lif has no state variable \"{V}\"; its state variables: vm_v"},
    {"recording.probes[1].variable", Kind::kName, "", "", "",
     "model lif has no state variable \"{V}\"; its state variables: vm_v"},
    {"recording.spikes", Kind::kSpikes, "", "", ""},
    {"recording.spike_capacity", Kind::kInteger, "must be 1 to 268435456, got -1",
     "must be 1 to 268435456, got 0", "must be 1 to 268435456, got 1e+300"},
    {"view.run_mode", Kind::kWord, "", "", "", "expected \"trial\" or \"live\", got \"{V}\""},
    {"view.selected_neuron", Kind::kInteger, "must be 0 to 4294967295, got -1", "",
     "must be 0 to 4294967295, got 1e+300"},
    {"view.live_window_ms", Kind::kReal, "must be greater than 0, got -1",
     "must be greater than 0, got 0", ""},
    {"view.live_speed", Kind::kReal, "must not be negative, got -1", "", ""},
};
const char* const kNotInTheSeed[] = {"populations.layer0.initial.vm_v",
                                     "populations.layer1.initial.vm_v",
                                     "inputs.onsets.onset_steps"};

std::string substituted(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

// The path messages give a setting's field: named elements in the bracket form.
std::string message_path(const std::string& key) {
  for (const char* list : {"populations.", "projections.", "inputs."}) {
    if (!key.starts_with(list)) continue;
    const std::size_t start = std::string(list).size();
    const std::size_t end = std::min(key.find_first_of(".[", start), key.size());
    return key.substr(0, start - 1) + "[\"" + key.substr(start, end - start) + "\"]" +
           key.substr(end);
  }
  return key;
}

// Every table row with {L} expanded: the key and its row.
std::vector<std::pair<std::string, const Key*>> table() {
  std::vector<std::pair<std::string, const Key*>> rows;
  for (const Key& key : kKeys) {
    const std::string path = key.path;
    if (path.find("{L}") == std::string::npos) {
      rows.emplace_back(path, &key);
    } else {
      for (const char* layer : {"layer0", "layer1"}) {
        rows.emplace_back(substituted(path, "{L}", layer), &key);
      }
    }
  }
  return rows;
}

std::string outcome(const std::string& path, const char* rule, const std::string& value) {
  if (*rule == '\0') return "";
  const std::string layer = path.starts_with("populations.layer1") ? "layer1" : "layer0";
  std::string text = *rule == '=' ? std::string(rule + 1) : "{P}: " + std::string(rule);
  text = substituted(text, "{P}", message_path(path));
  text = substituted(text, "{L}", layer);
  text = substituted(text, "{MODELS}", known_model_names());
  return substituted(text, "{V}", value);
}

// What a value of each class gives, where the field's kind decides.
std::string expected(const Key& key, const std::string& path, const std::string& value) {
  const std::string p = message_path(path);
  const bool non_finite = value == "nan" || value == "inf" || value == "-inf";
  const bool range = value == "-1" || value == "0" || value == "1e300";
  const std::string shown = non_finite || range ? (value == "1e300" ? "1e+300" : value)
                            : value == "[1]"    ? "a list"
                                                : "\"" + value + "\"";
  const auto ranged = [&] {
    return outcome(path, value == "-1" ? key.negative : value == "0" ? key.zero : key.huge, value);
  };
  switch (key.kind) {
    case Kind::kText:
      return "";
    case Kind::kWord:
      if (value.empty() && (path.ends_with(".model") || path.ends_with(".method"))) {
        return p + ": must not be empty";
      }
      return outcome(path, key.word, value);
    case Kind::kName:
      if (value.empty() && path.ends_with(".name") && path.find('.') != path.rfind('.')) {
        // An element without a valid name is named by its index.
        const std::string list = path.substr(0, path.find('.'));
        return list + (path.starts_with("populations.layer1") ? "[1]" : "[0]") +
               ".name: must not be empty";
      }
      if (value.empty()) return p + ": must not be empty";
      return outcome(path, key.word, value);
    case Kind::kReal:
    case Kind::kValue:
      if (non_finite) return p + ": must be a finite number, got " + value;
      if (range) return ranged();
      return p + ": expected a number, got " + shown +
             (key.kind == Kind::kValue && value == "[1]"
                  ? " (one value per neuron is written {\"values\": [...]})"
                  : "");
    case Kind::kInteger:
      if (range) return ranged();
      return p + ": expected an integer, got " + shown;
    case Kind::kBool:
      if (range) return ranged();
      return p + ": expected true or false, got " + shown;
    case Kind::kOnsets:
      if (range) return ranged();
      if (value.empty() || value == "[1]") {
        return p + ": " + (value.empty() ? "0" : "1") +
               " onsets given for 100 neurons of \"layer0\"; need one per neuron";
      }
      return p + "[0]: expected an integer, got " + shown;
    case Kind::kSpikes:
      if (value.empty()) return "";
      if (value == "[1]") return p + "[0]: expected a string, got 1";
      return p + ": no population \"" + value + "\"";
    case Kind::kProbes:
      if (value == "[1]") return p + "[0]: expected an object, got 1";
      return p + ": expected a list, got " + shown;
  }
  return {};
}

Json* field_of(Json& document, const std::string& path) {
  Json* node = &document;
  std::size_t start = 0;
  while (start < path.size()) {
    const std::size_t end = std::min(path.find_first_of(".[", start), path.size());
    const std::string segment = path.substr(start, end - start);
    if (node->is_array()) {
      for (Json& element : *node) {
        if (element["name"] == segment) node = &element;
      }
    } else {
      node = &(*node)[segment];
    }
    start = end + 1;
    if (end < path.size() && path[end] == '[') {
      const std::size_t close = path.find(']', end);
      node = &(*node)[std::stoul(path.substr(end + 1, close - end - 1))];
      start = close + 2;
    }
  }
  return node;
}

// The seed file with one field's value replaced.
std::string file_with(const std::string& path, const std::string& json_value) {
  Json document = Json::parse(seed_text());
  *field_of(document, path) = Json::parse(json_value);
  return document.dump(2);
}

}  // namespace

class TestBadInput : public QObject {
  Q_OBJECT
 private slots:
  void everySettingAnswersNonsense_data();
  void everySettingAnswersNonsense();
  void fileNumbersAnswerLikeSettings_data();
  void fileNumbersAnswerLikeSettings();
  void nonFiniteNumbersAreRefusedEverywhere();
  void tableCoversEverySetting();
  void textSettingsMustBeUtf8();
};

void TestBadInput::everySettingAnswersNonsense_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QString>("value");
  QTest::addColumn<QString>("message");  // empty: accepted
  for (const auto& [path, key] : table()) {
    for (const char* value : {"nan", "inf", "-inf", "", "abc", "[1]", "-1", "0", "1e300"}) {
      QTest::addRow("%s=%s", path.c_str(), value)
          << QString::fromStdString(path) << value
          << QString::fromStdString(expected(*key, path, value));
    }
  }
}

void TestBadInput::everySettingAnswersNonsense() {
  QFETCH(QString, key);
  QFETCH(QString, value);
  QFETCH(QString, message);
  const Experiment before = seed_experiment();
  Experiment experiment = before;
  try {
    apply_setting(experiment, key.toStdString(), value.toStdString());
  } catch (const ExperimentFileError& error) {
    QCOMPARE(QString(error.what()), message);
    QVERIFY2(experiment == before, "a refused setting changed the experiment");
    return;
  }
  QVERIFY2(message.isEmpty(), qPrintable("accepted, expected: " + message));
  validate(experiment);
  QVERIFY(!(experiment == before) || value == "0");
  QCOMPARE(parse_experiment(serialize_experiment(experiment)).experiment, experiment);
}

void TestBadInput::fileNumbersAnswerLikeSettings_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QString>("fileValue");
  QTest::addColumn<QString>("settingValue");
  for (const auto& [path, key] : table()) {
    if (key->kind != Kind::kReal && key->kind != Kind::kValue && key->kind != Kind::kInteger) {
      continue;
    }
    if (path.find(".initial.") != std::string::npos) continue;  // not in the seed's file
    const QString p = QString::fromStdString(path);
    for (const char* value : {"-1", "0", "1e300"}) {
      QTest::addRow("%s=%s", path.c_str(), value) << p << value << value;
    }
    QTest::addRow("%s=\"\"", path.c_str()) << p << "\"\""
                                           << "";
    QTest::addRow("%s=\"abc\"", path.c_str()) << p << "\"abc\""
                                              << "abc";
    QTest::addRow("%s=[1]", path.c_str()) << p << "[1]"
                                          << "[1]";
  }
}

void TestBadInput::fileNumbersAnswerLikeSettings() {
  QFETCH(QString, key);
  QFETCH(QString, fileValue);
  QFETCH(QString, settingValue);
  Experiment experiment = seed_experiment();
  const std::string setting_message =
      message_of_setting(experiment, key.toStdString(), settingValue.toStdString());
  const std::string text = file_with(key.toStdString(), fileValue.toStdString());
  QCOMPARE(message_of_parse(text), setting_message);
  if (setting_message == "(accepted)") {
    apply_setting(experiment, key.toStdString(), settingValue.toStdString());
    QCOMPARE(parse_experiment(text).experiment, experiment);
  }
}

void TestBadInput::nonFiniteNumbersAreRefusedEverywhere() {
  // JSON cannot hold them, so they come from settings: every number of every population,
  // projection and input of an experiment with every kind of each.
  const Experiment before = unusual_experiment();
  Json document = Json::parse(serialize_experiment(before));
  int fields = 0;
  for (const std::string& key : setting_keys(before)) {
    if (!key.starts_with("populations") && !key.starts_with("projections") &&
        !key.starts_with("inputs")) {
      continue;
    }
    if (key.find("I.slow") != std::string::npos) continue;  // below: field_of() splits at dots
    const Json& value = *field_of(document, key);
    if (!value.is_number()) continue;
    ++fields;
    for (const char* nonsense : {"nan", "inf", "-inf"}) {
      const std::string reason = value.is_number_float() ? ": must be a finite number, got "
                                                         : ": expected an integer, got ";
      QCOMPARE(message_of_setting(before, key, nonsense), message_path(key) + reason + nonsense);
    }
  }
  // The Izhikevich population's fields, by their bracket paths.
  for (const char* field :
       {"parameters.a.uniform.low", "parameters.b.normal.max", "parameters.c_mV.ranges[1].value",
        "parameters.d.values[2]", "parameters.v_peak_mV", "initial.v_mV", "initial.u.values[0]"}) {
    const std::string key = "populations[\"I.slow\"]." + std::string(field);
    QCOMPARE(message_of_setting(before, key, "-inf"), key + ": must be a finite number, got -inf");
    ++fields;
  }
  QVERIFY2(fields > 40, qPrintable(QString::number(fields)));
}

void TestBadInput::tableCoversEverySetting() {
  std::vector<std::string> tabled;
  for (const auto& [path, key] : table()) tabled.push_back(path);
  std::vector<std::string> keys = setting_keys(seed_experiment());
  keys.insert(keys.end(), std::begin(kNotInTheSeed), std::end(kNotInTheSeed));
  std::sort(tabled.begin(), tabled.end());
  std::sort(keys.begin(), keys.end());
  QCOMPARE(tabled, keys);
}

void TestBadInput::textSettingsMustBeUtf8() {
  // Found by fuzz_settings (tests/fuzz/crashers/fuzz_settings): a name in Latin-1 was accepted,
  // then saved with U+FFFD in place of its bytes, so the file no longer held what was set.
  const Experiment before = seed_experiment();
  for (const char* key : {"name", "notes", "inputs.onsets.name"}) {
    Experiment experiment = before;
    QCOMPARE(message_of_setting(experiment, key, "caf\xe9"),
             std::string(key) + ": expected UTF-8 text, got invalid bytes");
    apply_setting(experiment, key, "caf\u00e9 \u2014 \U0001F9E0");
    QCOMPARE(parse_experiment(serialize_experiment(experiment)).experiment, experiment);
  }
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_bad_input.moc"
