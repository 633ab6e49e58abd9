// Malformed experiment files, every class of them: the message that names the element and the
// field, and the kind of refusal (ExperimentFileError::Kind, which tst_experiment_schema relies
// on: text and structure are what the JSON Schema also refuses, meaning is validation's).
#include <QTest>

#include "experiment_samples.h"
#include "model/model_registry.h"

using namespace spikescope;
using namespace spikescope::testing;
using Kind = ExperimentFileError::Kind;
Q_DECLARE_METATYPE(ExperimentFileError::Kind)

namespace {

Kind kind_of_parse(const std::string& text) {
  try {
    (void)parse_experiment(text);
  } catch (const ExperimentFileError& error) {
    return error.kind();
  }
  throw std::logic_error("accepted");
}

}  // namespace

class TestExperimentRefusals : public QObject {
  Q_OBJECT
 private slots:
  void refusesMalformedFiles_data();
  void refusesMalformedFiles();
  void refusesDeepNesting();
  void refusesHugeArrays();
  void refusesOversizedText();
};

void TestExperimentRefusals::refusesMalformedFiles_data() {
  QTest::addColumn<std::string>("text");
  QTest::addColumn<std::string>("message");  // a trailing "..." means "starts with"
  QTest::addColumn<Kind>("kind");
  const std::string seed = seed_text();
  const auto row = [](const char* name, const std::string& text, const std::string& message,
                      Kind kind) { QTest::newRow(name) << text << message << kind; };
  const auto edit = [&](const std::string& from, const std::string& to) {
    return replaced(seed, from, to);
  };
  const std::string layer0 = "populations[\"layer0\"]";
  const std::string projection = "projections[\"layer0->layer1\"]";
  const std::string onsets = "inputs[\"onsets\"]";
  const Kind text = Kind::kText;
  const Kind structure = Kind::kStructure;
  const Kind meaning = Kind::kMeaning;
  // Not JSON.
  row("truncated", seed.substr(0, seed.size() / 2), "not valid JSON: parse error at line ...",
      text);
  row("empty", "", "not valid JSON: ...", text);
  row("NaN literal", edit("\"threshold_v\": 0.75", "\"threshold_v\": NaN"),
      "not valid JSON: parse error at line ...", text);
  row("overflowing number", edit("\"threshold_v\": 0.75", "\"threshold_v\": 1e999"),
      "not valid JSON: number overflow parsing '1e999'", text);
  row("invalid UTF-8", edit("SNN_0 notebook", "SNN\xff"), "not valid JSON: ...", text);
  // The document.
  row("not an object", "[1, 2]", "expected a JSON object at the top level, got a list", structure);
  row("missing format", edit("\"format\": \"spikescope-experiment\",", ""),
      "format: required field is missing ...", structure);
  row("other format", edit("spikescope-experiment", "other"),
      "format: expected \"spikescope-experiment\", got \"other\"", structure);
  row("newer version", edit("\"version\": 2", "\"version\": 3"),
      "version: this program reads version 1 and 2 files, got version 3 (written by a newer "
      "Spikescope?)",
      structure);
  row("version 0", edit("\"version\": 2", "\"version\": 0"),
      "version: must be 1 to 2147483647, got 0", structure);
  row("version as text", edit("\"version\": 2", "\"version\": \"2\""),
      "version: expected an integer, got \"2\"", structure);
  row("version-1 block", edit("\"simulation\": {", "\"model\": {}, \"simulation\": {"),
      "model: a version-1 field in a version-2 file; the network is in populations, "
      "projections and inputs",
      structure);
  row("version-1 stimulus", edit("\"simulation\": {", "\"stimulus\": 1, \"simulation\": {"),
      "stimulus: a version-1 field in a version-2 file; the network is in populations, "
      "projections and inputs",
      structure);
  row("version-1 seed", edit("\"steps\": 4000", "\"steps\": 4000, \"seed\": 42"),
      "simulation.seed: a version-1 field in a version-2 file; each input, connector and draw "
      "that is random has its own seed",
      structure);
  // Types.
  row("number as text", edit("\"threshold_v\": 0.75", "\"threshold_v\": \"abc\""),
      layer0 + ".parameters.threshold_v: expected a number, got \"abc\"", structure);
  row("number as null", edit("\"dt_ms\": 0.125", "\"dt_ms\": null"),
      "simulation.dt_ms: expected a number, got null", structure);
  row("value as a list", edit("\"threshold_v\": 0.75", "\"threshold_v\": [0.75]"),
      layer0 +
          ".parameters.threshold_v: expected a number, got a list (one value per neuron is "
          "written {\"values\": [...]})",
      structure);
  row("value object of no form", edit("\"weight\": 1.0", "\"weight\": {\"constant\": 1}"),
      projection + ".weight: expected a number or a value description ...", structure);
  row("value object of two forms",
      edit("\"weight\": 1.0", "\"weight\": {\"values\": [], \"default\": 1, \"ranges\": []}"),
      projection +
          ".weight: give one of uniform, normal, values, or default with ranges, not "
          "several",
      structure);
  row("draw without seed",
      edit("\"threshold_v\": 0.75", "\"threshold_v\": {\"uniform\": {\"low\": 0, \"high\": 1}}"),
      layer0 + ".parameters.threshold_v.uniform.seed: required field is missing", structure);
  row("range without default", edit("\"weight\": 1.0", "\"weight\": {\"ranges\": []}"),
      projection + ".weight.default: required field is missing", structure);
  row("list as text", edit("\"populations\": [", "\"populations\": \"x\", \"_\": ["),
      "populations: expected a list, got \"x\"", structure);
  row("element not an object", edit("\"populations\": [", "\"populations\": [3, "),
      "populations[0]: expected an object, got 3", structure);
  row("block as number", edit("\"view\": {", "\"view\": 3, \"_\": {"),
      "view: expected an object, got 3", structure);
  row("bool as number", edit("\"allow_self\": true", "\"allow_self\": 1"),
      projection + ".connector.allow_self: expected true or false, got 1", structure);
  row("fractional steps", edit("\"steps\": 4000", "\"steps\": 4000.5"),
      "simulation.steps: expected an integer, got 4000.5", structure);
  // Required fields.
  row("missing size", edit("\"size\": 100,", ""), layer0 + ".size: required field is missing",
      structure);
  row("missing name", edit("\"name\": \"layer0\",", ""),
      "populations[0].name: required field is missing", structure);
  row("empty name", edit("\"name\": \"layer0\"", "\"name\": \"\""),
      "populations[0].name: must not be empty", structure);
  row("name with a line break", edit("\"name\": \"layer0\"", "\"name\": \"layer\\n0\""),
      "populations[0].name: must not hold control characters (line breaks, tabs), got "
      "\"layer\\n0\"",
      structure);
  row("missing block", edit("\"simulation\"", "\"simulaton\""),
      "simulation: required field is missing", structure);
  row("missing onset seed", edit(",\n      \"seed\": 42", ""),
      onsets +
          ".seed: required field is missing; it draws the onsets unless onset_steps lists "
          "them",
      structure);
  row("missing probability",
      edit("\"rule\": \"all_to_all\"", "\"rule\": \"fixed_probability\", \"seed\": 1"),
      projection +
          ".connector.p: required field is missing; the rule draws the connections "
          "with it",
      structure);
  row("missing time constant", edit("\"type\": \"pulse\"", "\"type\": \"exp_current\""),
      projection + ".synapse.tau_ms: required field is missing; the synapse decays with it",
      structure);
  row("both delays", edit("\"delay_steps\": 2", "\"delay_steps\": 2, \"delay_ms\": 0.25"),
      projection + ".delay_steps: give delay_ms or delay_steps, not both", structure);
  row("no delay", edit("\"delay_steps\": 2,", ""),
      projection + ".delay_ms: required field is missing; give delay_ms or delay_steps", structure);
  // Words, names and integer ranges.
  row("unknown model", edit("\"model\": \"lif\"", "\"model\": \"lfi\""),
      layer0 + ".model: unknown model \"lfi\"; known models: " + known_model_names(), structure);
  row("unknown method", edit("\"notebook\"", "\"euler\""),
      layer0 + ".method: model lif has no method \"euler\"; its methods: notebook, exact",
      structure);
  row("unknown parameter", edit("\"threshold_v\": 0.75", "\"treshold_v\": 0.8"),
      layer0 +
          ".parameters.treshold_v: unknown parameter of model lif; its parameters: "
          "membrane_resistance_kohm, membrane_capacitance_uf, refractory_ms, threshold_v, "
          "spike_height_v, reset_v, rest_v",
      structure);
  row("unknown state variable", edit("\"seed\": 0", "\"initial\": {\"v\": 0}, \"seed\": 0"),
      layer0 + ".initial.v: unknown state variable of model lif; its state variables: vm_v",
      structure);
  row("unknown rule", edit("\"all_to_all\"", "\"random\""),
      projection +
          ".connector.rule: expected \"all_to_all\", \"one_to_one\", "
          "\"fixed_probability\" or \"fixed_in_degree\", got \"random\"",
      structure);
  row("unknown synapse", edit("\"pulse\"", "\"alpha\""),
      projection +
          ".synapse.type: expected \"pulse\", \"exp_current\" or \"exp_conductance\", "
          "got \"alpha\"",
      structure);
  row("unknown input type", edit("\"onset_step\"", "\"ramp\""),
      onsets +
          ".type: expected \"onset_step\", \"dc\", \"pulses\", \"sine\" or \"noise\", got "
          "\"ramp\"",
      structure);
  row("unknown run mode", edit("\"trial\"", "\"fast\""),
      "view.run_mode: expected \"trial\" or \"live\", got \"fast\"", structure);
  row("unknown spikes word", edit("\"spikes\": \"all\"", "\"spikes\": \"some\""),
      "recording.spikes: expected \"all\" or a list of population names, got \"some\"", structure);
  row("size 0", edit("\"size\": 100", "\"size\": 0"),
      layer0 + ".size: must be 1 to 100000000, got 0", structure);
  row("size beyond the core", edit("\"size\": 100", "\"size\": 4000000000"),
      layer0 + ".size: must be 1 to 100000000, got 4000000000", structure);
  row("zero steps", edit("\"steps\": 4000", "\"steps\": 0"),
      "simulation.steps: must be 1 to 100000000, got 0", structure);
  row("delay of 0 steps", edit("\"delay_steps\": 2", "\"delay_steps\": 0"),
      projection + ".delay_steps: must be 1 to 65535, got 0", structure);
  row("negative seed", edit("\"seed\": 42", "\"seed\": -1"),
      onsets + ".seed: must be 0 to 18446744073709551615, got -1", structure);
  row("seed beyond 64 bits", edit("\"seed\": 42", "\"seed\": 18446744073709551616"),
      onsets + ".seed: must be 0 to 18446744073709551615, got 18446744073709551616", structure);
  row("negative onset max", edit("\"onset_max_steps\": 100", "\"onset_max_steps\": -3"),
      onsets + ".onset_max_steps: must be 0 to 2147483647, got -3", structure);
  row("negative onset", edit("\"seed\": 42", "\"seed\": 42, \"onset_steps\": [0, 1, -1]"),
      onsets + ".onset_steps[2]: must be 0 to 2147483647, got -1", structure);
  row("no spike capacity", edit("\"spike_capacity\": 1048576", "\"spike_capacity\": 0"),
      "recording.spike_capacity: must be 1 to 268435456, got 0", structure);
  // Meaning: validate(Experiment).
  row("reset above threshold", edit("\"reset_v\": 0.0", "\"reset_v\": 0.8"),
      layer0 + ".parameters.reset_v: must be below threshold_v (0.75 V), got 0.8", meaning);
  row("zero capacitance",
      edit("\"membrane_capacitance_uf\": 10.0", "\"membrane_capacitance_uf\": 0"),
      layer0 +
          ".parameters.membrane_capacitance_uf: must be greater than 0 uF (a capacitance "
          "is positive), got 0",
      meaning);
  row("negative dt", edit("\"dt_ms\": 0.125", "\"dt_ms\": -0.125"),
      "simulation.dt_ms: must be greater than 0 ms, got -0.125", meaning);
  row("onset count", edit("\"seed\": 42", "\"seed\": 42, \"onset_steps\": [0, 1]"),
      onsets + ".onset_steps: 2 onsets given for 100 neurons of \"layer0\"; need one per neuron",
      meaning);
  row("projection from a missing population",
      edit("\"source\": \"layer0\"", "\"source\": \"layerX\""),
      projection + ".source: no population \"layerX\"; populations: layer0, layer1", meaning);
  row("p outside [0, 1]",
      edit("\"rule\": \"all_to_all\"", "\"rule\": \"fixed_probability\", \"p\": 1.5, \"seed\": 1"),
      projection + ".connector.p: must be in [0, 1], got 1.5", meaning);
  row("in-degree above the source size",
      edit("\"rule\": \"all_to_all\"", "\"rule\": \"fixed_in_degree\", \"k\": 101, \"seed\": 1"),
      projection + ".connector.k: must be at most 100 (the source population's neurons), got 101",
      meaning);
  row("one_to_one between sizes", edit("\"all_to_all\"", "\"one_to_one\""),
      projection + ".connector.rule: one_to_one needs populations of equal size, got 100 and 1",
      meaning);
  row("delay below one step", edit("\"delay_steps\": 2", "\"delay_ms\": 0.05"),
      projection + ".delay_ms: must be at least one step (0.125 ms), got 0.05", meaning);
  row("population name twice", edit("\"name\": \"layer1\"", "\"name\": \"layer0\""),
      layer0 + ".name: the name \"layer0\" is used twice", meaning);
  row("input name twice",
      edit("\"inputs\": [",
           "\"inputs\": [{\"name\": \"onsets\", \"target\": \"layer1\", "
           "\"type\": \"dc\", \"amplitude\": 1},"),
      onsets + ".name: the name \"onsets\" is used twice; give each input a name of its own",
      meaning);
  row("probe of a missing population",
      edit("\"population\": \"layer0\"", "\"population\": \"layerX\""),
      "recording.probes[0].population: no population \"layerX\"", meaning);
  row("probe of an unknown variable", edit("\"variable\": \"vm_v\"", "\"variable\": \"v\""),
      "recording.probes[0].variable: model lif has no state variable \"v\"; its state "
      "variables: vm_v",
      meaning);
  row("selected neuron outside", edit("\"selected_neuron\": 0", "\"selected_neuron\": 100"),
      "view.selected_neuron: population layer0 has 100 neurons, got 100", meaning);
  row("negative speed", edit("\"live_speed\": 1.0", "\"live_speed\": -1.0"),
      "view.live_speed: must not be negative, got -1", meaning);
}

void TestExperimentRefusals::refusesMalformedFiles() {
  QFETCH(std::string, text);
  QFETCH(std::string, message);
  QFETCH(Kind, kind);
  const std::string actual = message_of_parse(text);
  if (message.size() > 3 && message.ends_with("...")) {
    QVERIFY2(actual.starts_with(message.substr(0, message.size() - 3)), actual.c_str());
  } else {
    QCOMPARE(actual, message);
  }
  QCOMPARE(kind_of_parse(text), kind);
}

void TestExperimentRefusals::refusesDeepNesting() {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  QCOMPARE(message_of_parse(deep), std::string("nesting deeper than 32 levels"));
  const std::string in_notes = replaced(
      seed_text(), "\"notes\": ",
      "\"notes\": " + std::string(10000, '[') + "1" + std::string(10000, ']') + ", \"_\": ");
  QCOMPARE(message_of_parse(in_notes), std::string("nesting deeper than 32 levels"));
}

void TestExperimentRefusals::refusesHugeArrays() {
  std::string populations = "[";
  for (int p = 0; p < 1001; ++p) {
    // Appended piecewise: `"," + std::string` trips GCC 12's false -Wrestrict positive.
    if (p != 0) populations += ',';
    populations += "{\"name\": \"p";
    populations += std::to_string(p);
    populations += "\", \"model\": \"lif\", \"size\": 1}";
  }
  populations += "], \"_\": [";
  QCOMPARE(message_of_parse(
               replaced(seed_text(), "\"populations\": [", "\"populations\": " + populations)),
           std::string("populations: at most 1000 entries, got 1001"));
  std::string onsets = "\"onset_steps\": [0";
  for (int j = 1; j < 1'000'000; ++j) onsets += ",0";
  onsets += "], \"seed\": 42";
  QCOMPARE(message_of_parse(replaced(seed_text(), "\"seed\": 42", onsets)),
           std::string("inputs[\"onsets\"].onset_steps: 1000000 onsets given for 100 neurons of "
                       "\"layer0\"; need one per neuron"));
  // A population too large for this machine is refused before anything is allocated for it.
  const std::string message =
      message_of_parse(replaced(seed_text(), "\"size\": 100", "\"size\": 100000000"));
  QVERIFY2(message == "(accepted)" || message.starts_with("populations: this network needs"),
           message.c_str());
}

void TestExperimentRefusals::refusesOversizedText() {
  const std::string text = seed_text() + std::string(kMaxExperimentFileBytes, ' ');
  QCOMPARE(message_of_parse(text), "the text is " + std::to_string(text.size()) +
                                       " bytes, more than the limit of 16777216 bytes");
}

QTEST_GUILESS_MAIN(TestExperimentRefusals)
#include "tst_experiment_refusals.moc"
