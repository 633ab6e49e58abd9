// Bad input, field by field: every setting of the experiment (the keys of the file, `--set`, the
// parameter flags and the GUI's fields) fed each class of nonsense: NaN, infinities, negative,
// zero, huge, empty, text for a number, a list for a scalar. Each either refuses with one line
// naming the field and leaves the experiment as it was, or is a legal value that validates and
// survives saving and loading. Numbers refused through a setting are refused with the same
// message when they come from a file. tests/INPUTS.md is the table of these outcomes.
#include <QTest>
#include <algorithm>
#include <cmath>

#include "experiment_samples.h"
#include "experiment/seed_experiment.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

enum class Kind { kReal, kInteger, kWord, kList, kText };

struct Key {
  const char* path;
  Kind kind;
  // What "-1", "0" and "1e300" do: "" = accepted, otherwise the message after "path: ".
  const char* negative;
  const char* zero;
  const char* huge;
};

// The range classes per field. Messages that name another field (a threshold at the reset) are
// written out in full, starting with that field's path.
const Key kKeys[] = {
    {"model.integration", Kind::kWord, "", "", ""},
    {"model.neuron.membrane_resistance_kohm", Kind::kReal, "must be greater than 0, got -1",
     "must be greater than 0, got 0", ""},
    {"model.neuron.membrane_capacitance_uf", Kind::kReal, "must be greater than 0, got -1",
     "must be greater than 0, got 0", ""},
    {"model.neuron.refractory_ms", Kind::kReal, "must not be negative, got -1", "", ""},
    {"model.neuron.threshold_v", Kind::kReal,
     "=model.neuron.reset_v: must be below the threshold (-1 V), got 0",
     "=model.neuron.reset_v: must be below the threshold (0 V), got 0", ""},
    {"model.neuron.spike_height_v", Kind::kReal, "", "", ""},
    {"model.neuron.reset_v", Kind::kReal, "", "",
     "must be below the threshold (0.75 V), got 1e+300"},
    {"model.layer_sizes", Kind::kList, "=model.layer_sizes[0]: must be 1 to 100000000, got -1",
     "=model.layer_sizes[0]: must be 1 to 100000000, got 0",
     "=model.layer_sizes[0]: must be 1 to 100000000, got 1e+300"},
    {"model.weight", Kind::kReal, "", "", ""},
    {"stimulus.amplitude", Kind::kReal, "", "", ""},
    {"stimulus.onset_max_steps", Kind::kInteger, "must be 0 to 2147483647, got -1", "",
     "must be 0 to 2147483647, got 1e+300"},
    {"stimulus.onset_steps", Kind::kList,
     "=stimulus.onset_steps[0]: must be 0 to 2147483647, got -1",
     "1 onsets given for 100 layer-0 neurons; need one per neuron",
     "=stimulus.onset_steps[0]: must be 0 to 2147483647, got 1e+300"},
    {"simulation.dt_ms", Kind::kReal, "must be greater than 0, got -1",
     "must be greater than 0, got 0", ""},
    {"simulation.steps", Kind::kInteger, "must be 1 to 100000000, got -1",
     "must be 1 to 100000000, got 0", "must be 1 to 100000000, got 1e+300"},
    {"simulation.seed", Kind::kInteger, "must be 0 to 18446744073709551615, got -1", "",
     "must be 0 to 18446744073709551615, got 1e+300"},
    {"view.run_mode", Kind::kWord, "", "", ""},
    {"view.selected_neuron", Kind::kInteger, "must be 0 to 4294967295, got -1", "",
     "must be 0 to 4294967295, got 1e+300"},
    {"view.live_window_ms", Kind::kReal, "must be greater than 0, got -1",
     "must be greater than 0, got 0", ""},
    {"view.live_speed", Kind::kReal, "must not be negative, got -1", "", ""},
    {"name", Kind::kText, "", "", ""},
    {"notes", Kind::kText, "", "", ""},
};

const char* word_choices(const std::string& path) {
  return path == "model.integration" ? "expected \"notebook\" or \"exact\""
                                     : "expected \"trial\" or \"live\"";
}

// The message for a value of a class that is decided by the field's kind alone; nullptr if the
// class is a range class (kKeys decides).
std::string kind_message(const Key& key, const std::string& value) {
  const std::string path = key.path;
  const bool non_finite = value == "nan" || value == "inf" || value == "-inf";
  const std::string shown = non_finite ? value : "\"" + value + "\"";
  switch (key.kind) {
    case Kind::kText:
      return "";
    case Kind::kWord:
      return path + ": " + word_choices(path) + ", got \"" + value + "\"";
    case Kind::kReal:
      if (non_finite) return path + ": must be a finite number, got " + value;
      return path + ": expected a number, got " + shown;
    case Kind::kInteger:
      return path + ": expected an integer, got " + shown;
    case Kind::kList:
      if (value.empty()) {
        return path == "model.layer_sizes"
                   ? path + ": need at least one layer"
                   : path + ": 0 onsets given for 100 layer-0 neurons; need one per neuron";
      }
      if (value == "[1]") {
        return path == "model.layer_sizes"
                   ? ""
                   : path + ": 1 onsets given for 100 layer-0 neurons; need one per neuron";
      }
      return path + "[0]: expected an integer, got " + shown;
  }
  return {};
}

std::string range_message(const Key& key, const char* outcome) {
  if (*outcome == '\0') return "";
  if (*outcome == '=') return outcome + 1;
  return std::string(key.path) + ": " + outcome;
}

// A number written into the seed file's text in place of the field's value.
std::string file_with(const std::string& path, const std::string& json_value) {
  // Built piecewise: `"\"" + std::string` trips GCC 12's false -Wrestrict positive.
  std::string leaf = path.substr(path.rfind('.') + 1);
  leaf.insert(leaf.begin(), '"');
  leaf += "\": ";
  std::string text = seed_text();
  const std::size_t start = text.find(leaf);
  if (start == std::string::npos) throw std::logic_error("no " + leaf + " in the seed text");
  const std::size_t value_start = start + leaf.size();
  const std::size_t value_end = text.find_first_of(",\n", value_start);
  return text.replace(value_start, value_end - value_start, json_value);
}

}  // namespace

class TestBadInput : public QObject {
  Q_OBJECT
 private slots:
  void everySettingAnswersNonsense_data();
  void everySettingAnswersNonsense();
  void fileNumbersAnswerLikeSettings_data();
  void fileNumbersAnswerLikeSettings();
  void tableCoversEverySetting();
  void textSettingsMustBeUtf8();
};

void TestBadInput::everySettingAnswersNonsense_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QString>("value");
  QTest::addColumn<QString>("message");  // empty: accepted
  for (const Key& key : kKeys) {
    for (const char* value : {"nan", "inf", "-inf", "", "abc", "[1]"}) {
      QTest::addRow("%s=%s", key.path, value)
          << key.path << value << QString::fromStdString(kind_message(key, value));
    }
    const std::pair<const char*, const char*> ranges[] = {
        {"-1", key.negative}, {"0", key.zero}, {"1e300", key.huge}};
    for (const auto& [value, outcome] : ranges) {
      const std::string message =
          key.kind == Kind::kWord ? kind_message(key, value) : range_message(key, outcome);
      QTest::addRow("%s=%s", key.path, value)
          << key.path << value << QString::fromStdString(message);
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
  QVERIFY(!(experiment == before) || value == "0" || key == "view.selected_neuron");
  QCOMPARE(parse_experiment(serialize_experiment(experiment)).experiment, experiment);
}

void TestBadInput::fileNumbersAnswerLikeSettings_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QString>("fileValue");
  QTest::addColumn<QString>("settingValue");
  for (const Key& key : kKeys) {
    if (key.kind != Kind::kReal && key.kind != Kind::kInteger) continue;
    for (const char* value : {"-1", "0", "1e300"}) {
      QTest::addRow("%s=%s", key.path, value) << key.path << value << value;
    }
    QTest::addRow("%s=\"\"", key.path) << key.path << "\"\""
                                       << "";
    QTest::addRow("%s=\"abc\"", key.path) << key.path << "\"abc\""
                                          << "abc";
  }
}

void TestBadInput::fileNumbersAnswerLikeSettings() {
  QFETCH(QString, key);
  QFETCH(QString, fileValue);
  QFETCH(QString, settingValue);
  Experiment experiment = seed_experiment();
  std::string setting_message = "(accepted)";
  try {
    apply_setting(experiment, key.toStdString(), settingValue.toStdString());
  } catch (const ExperimentFileError& error) {
    setting_message = error.what();
  }
  const std::string file_message =
      message_of_parse(file_with(key.toStdString(), fileValue.toStdString()));
  QCOMPARE(file_message, setting_message);
  if (file_message == "(accepted)") {
    QCOMPARE(parse_experiment(file_with(key.toStdString(), fileValue.toStdString())).experiment,
             experiment);
  }
}

void TestBadInput::tableCoversEverySetting() {
  std::vector<std::string> tabled;
  for (const Key& key : kKeys) tabled.emplace_back(key.path);
  std::vector<std::string> keys = setting_keys();
  std::sort(tabled.begin(), tabled.end());
  std::sort(keys.begin(), keys.end());
  QCOMPARE(tabled, keys);
}

void TestBadInput::textSettingsMustBeUtf8() {
  // Found by fuzz_settings (tests/fuzz/crashers/fuzz_settings): a name in Latin-1 was accepted,
  // then saved with U+FFFD in place of its bytes, so the file no longer held what was set.
  const Experiment before = seed_experiment();
  for (const char* key : {"name", "notes"}) {
    Experiment experiment = before;
    try {
      apply_setting(experiment, key, "caf\xe9");
      QFAIL("invalid UTF-8 accepted");
    } catch (const ExperimentFileError& error) {
      QCOMPARE(std::string(error.what()),
               std::string(key) + ": expected UTF-8 text, got invalid bytes");
    }
    QCOMPARE(experiment, before);
    apply_setting(experiment, key, "caf\u00e9 \u2014 \U0001F9E0");
    QCOMPARE(parse_experiment(serialize_experiment(experiment)).experiment, experiment);
  }
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_bad_input.moc"
