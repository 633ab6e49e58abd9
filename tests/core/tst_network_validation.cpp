// Bad networks refused before anything is built (network/validate_network.h), each with a
// message that names the element and field and says what is wrong: unknown models and
// parameters (listing the known ones), values outside their range, references to missing
// populations, connector and delay bounds, sizes, names used twice, networks too large for
// memory (refused fast, before allocating), and NaN and infinity in every numeric field.
#include <QTest>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <sstream>

#include "common/parameter_error.h"
#include "model/model_registry.h"
#include "network/network.h"
#include "network_support.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

// A of 10 exact LIF neurons, B of 10 notebook LIF neurons; a pulse, an exp_current and an
// exp_conductance projection; every kind of input.
NetworkSpec base() {
  NetworkSpec spec;
  spec.dt_ms = 0.1;
  spec.populations = {lif_population("A", 10, "exact"), lif_population("B", 10, "notebook")};
  spec.populations[0].initial = {{"vm_v", 0.0}};
  ProjectionSpec pulse = projection("A", "B", 0.5, 2);
  pulse.delay_steps.reset();
  pulse.delay_ms = 0.2;
  ProjectionSpec current = projection("B", "A", 0.1, 3, ConnectorRule::kFixedInDegree);
  current.connector.k = 3;
  current.synapse = ChannelSpec{SynapseKind::kExpCurrent, 2.0, 0.0};
  ProjectionSpec conductance = projection("A", "B", 0.01, 2, ConnectorRule::kFixedProbability);
  conductance.name = "cond";
  conductance.connector.p = 0.5;
  conductance.synapse = ChannelSpec{SynapseKind::kExpConductance, 5.0, 0.0};
  spec.projections = {pulse, current, conductance};
  PulsesInput pulses;
  pulses.pulses = {{1.0, 2.0, 0.5}};
  spec.inputs = {input("onsets", "A", onsets(1.0, std::vector<std::int32_t>(10, 0))),
                 input("dc", "B", DcInput{0.5, 1.0, 5.0}), input("pulses", "A", pulses),
                 input("sine", "B", SineInput{0.1, 10.0, 0.0, 0.2}),
                 input("noise", "A", NoiseInput{0.0, 0.1, 3})};
  return spec;
}

using Mutation = std::function<void(NetworkSpec&)>;

struct BadCase {
  const char* name;
  Mutation mutate;
  std::string prefix;  // the message starts with this
  std::string part;    // and contains this
};

std::string refusal(const NetworkSpec& spec) {
  try {
    validate(spec);
  } catch (const ParameterError& error) {
    return error.what();
  }
  return "(accepted)";
}

ProjectionSpec& projection_named(NetworkSpec& spec, const std::string& name) {
  for (ProjectionSpec& p : spec.projections) {
    if (p.name == name) return p;
  }
  throw std::logic_error("no projection " + name);
}
template <class Kind>
Kind& input_kind(NetworkSpec& spec, std::size_t index) {
  return std::get<Kind>(spec.inputs[index].kind);
}

std::string lif_keys() {
  std::string keys;
  for (const ParameterDescriptor& p : lif_model().parameters) {
    keys += (keys.empty() ? "" : ", ") + std::string(p.key);
  }
  return keys;
}

std::string model_names() {
  std::string names;
  for (const ModelDescriptor* m : registered_models()) {
    names += (names.empty() ? "" : ", ") + std::string(m->name);
  }
  return names;
}

std::vector<BadCase> bad_cases() {
  const std::string a = "populations[\"A\"]", ab = "projections[\"A->B\"]",
                    ba = "projections[\"B->A\"]";
  return {
      {"unknown model", [](NetworkSpec& s) { s.populations[1].model = "lifx"; },
       "populations[\"B\"].model: unknown model \"lifx\"; known models: ", model_names()},
      {"unknown parameter", [](NetworkSpec& s) { s.populations[0].set_parameter("tau_ms", 1.0); },
       a + ".parameters.tau_ms: unknown parameter of model lif; its parameters: ", lif_keys()},
      {"parameter given twice",
       [](NetworkSpec& s) {
         s.populations[0].parameters.push_back({"threshold_v", 0.5});
       },
       a + ".parameters.threshold_v: ", "given twice"},
      {"negative capacitance",
       [](NetworkSpec& s) { s.populations[0].set_parameter("membrane_capacitance_uf", -1.0); },
       a + ".parameters.membrane_capacitance_uf: must be greater than 0 uF",
       "(a capacitance is positive), got -1"},
      {"negative refractory period",
       [](NetworkSpec& s) { s.populations[0].set_parameter("refractory_ms", -0.5); },
       a + ".parameters.refractory_ms: must be at least 0 ms", "cannot be negative), got -0.5"},
      {"reset above threshold",
       [](NetworkSpec& s) { s.populations[0].set_parameter("reset_v", 0.9); },
       a + ".parameters.reset_v: must be below threshold_v", "got 0.9"},
      {"unknown state variable",
       [](NetworkSpec& s) {
         s.populations[0].initial = {{"v", 0.0}};
       },
       a + ".initial.v: unknown state variable of model lif", "its state variables: vm_v"},
      {"unknown method", [](NetworkSpec& s) { s.populations[0].method = "rk4"; },
       a + ".method: model lif has no method \"rk4\"", "its methods: notebook, exact"},
      {"projection from a missing population",
       [](NetworkSpec& s) { s.projections[0].source = "X"; },
       "projections[\"A->B\"].source: no population \"X\"", "populations: A, B"},
      {"projection to a missing population", [](NetworkSpec& s) { s.projections[1].target = "Y"; },
       ba + ".target: no population \"Y\"", "populations: A, B"},
      {"input to a missing population", [](NetworkSpec& s) { s.inputs[1].target = "Z"; },
       "inputs[\"dc\"].target: no population \"Z\"", "populations: A, B"},
      {"p above 1", [](NetworkSpec& s) { projection_named(s, "cond").connector.p = 1.5; },
       "projections[\"cond\"].connector.p: ", "must be in [0, 1], got 1.5"},
      {"p below 0", [](NetworkSpec& s) { projection_named(s, "cond").connector.p = -0.1; },
       "projections[\"cond\"].connector.p: ", "must be in [0, 1], got -0.1"},
      {"in-degree above the source size", [](NetworkSpec& s) { s.projections[1].connector.k = 11; },
       ba + ".connector.k: must be at most 10", "got 11"},
      {"in-degree within one population without self",
       [](NetworkSpec& s) {
         s.projections[1].source = "A";
         s.projections[1].connector.k = 10;
         s.projections[1].connector.allow_self = false;
       },
       "projections[\"B->A\"].connector.k: must be at most 9", "other than the target itself"},
      {"one_to_one between unequal sizes",
       [](NetworkSpec& s) {
         s.populations[1].size = 7;
         s.inputs.clear();
         s.projections[0].connector.rule = ConnectorRule::kOneToOne;
       },
       ab + ".connector.rule: one_to_one needs populations of equal size", "got 10 and 7"},
      {"delay below one step", [](NetworkSpec& s) { s.projections[0].delay_ms = 0.04; },
       ab + ".delay_ms: must be at least one step (0.1 ms)", "got 0.04"},
      {"delay of 0 steps", [](NetworkSpec& s) { s.projections[1].delay_steps = 0; },
       ba + ".delay_steps: must be 1 to 65535 steps", "got 0"},
      {"delay above the bound in steps",
       [](NetworkSpec& s) { s.projections[1].delay_steps = 65536; },
       ba + ".delay_steps: must be 1 to 65535 steps", "got 65536"},
      {"delay above the bound in ms", [](NetworkSpec& s) { s.projections[0].delay_ms = 7000.0; },
       ab + ".delay_ms: must be at most 65535 steps", "got 7000"},
      {"population of size 0", [](NetworkSpec& s) { s.populations[1].size = 0; },
       "populations[\"B\"].size: must be 1 to 100000000 neurons", "got 0"},
      {"population above the size bound",
       [](NetworkSpec& s) { s.populations[1].size = kMaxPopulationSize + 1; },
       "populations[\"B\"].size: must be 1 to 100000000 neurons", "got 100000001"},
      {"duplicate population name", [](NetworkSpec& s) { s.populations[1].name = "A"; },
       "populations[\"A\"].name: ", "the name \"A\" is used twice"},
      {"duplicate projection name", [](NetworkSpec& s) { s.projections[2].name = "A->B"; },
       "projections[\"A->B\"].name: ", "the name \"A->B\" is used twice"},
      {"population without a name", [](NetworkSpec& s) { s.populations[0].name.clear(); },
       "populations[0].name: ", "required"},
      {"no populations", [](NetworkSpec& s) { s = NetworkSpec{}; },
       "populations: ", "at least one population"},
      {"negative conductance", [](NetworkSpec& s) { projection_named(s, "cond").weight = -0.01; },
       "projections[\"cond\"].weight: ", "a conductance cannot be negative"},
      {"negative conductance among drawn weights",
       [](NetworkSpec& s) {
         projection_named(s, "cond").weight = UniformDraw{-0.01, 0.01, 1};
       },
       "projections[\"cond\"].weight", "a conductance cannot be negative"},
      {"weight list of the wrong length",
       [](NetworkSpec& s) { s.projections[0].weight = std::vector<double>(99, 0.5); },
       ab + ".weight: 99 values given for 100", "one per"},
      {"weight draw low above high",
       [](NetworkSpec& s) {
         s.projections[0].weight = UniformDraw{1.0, 0.0, 1};
       },
       ab + ".weight.uniform: low (1) must not be above high (0)", ""},
      {"exp synapse without a time constant",
       [](NetworkSpec& s) { s.projections[1].synapse.tau_ms = 0.0; },
       ba + ".synapse.tau_ms: must be greater than 0 ms", "got 0"},
      {"synapses into a spike source",
       [](NetworkSpec& s) {
         if (find_model("poisson") == nullptr) return;
         PopulationSpec sources;
         sources.name = "A";
         sources.model = "poisson";
         sources.size = 10;
         s.populations[0] = sources;
         s.inputs.clear();
       },
       ba + ".target: population \"A\" is a poisson spike source", "takes no synapses"},
      {"two onset inputs",
       [](NetworkSpec& s) { s.inputs.push_back(input("again", "A", onsets(1.0, {}))); },
       "inputs[\"again\"]: ", "has an onset input already"},
      {"onsets for fewer neurons",
       [](NetworkSpec& s) { input_kind<OnsetStepInput>(s, 0).onset_steps->pop_back(); },
       "inputs[\"onsets\"].onset_steps: 9 onsets given for 10 neurons", "one per neuron"},
      {"negative onset",
       [](NetworkSpec& s) { (*input_kind<OnsetStepInput>(s, 0).onset_steps)[4] = -1; },
       "inputs[\"onsets\"].onset_steps[4]: ", "must not be negative, got -1"},
      {"DC stopping before it starts",
       [](NetworkSpec& s) { input_kind<DcInput>(s, 1).stop_ms = 0.5; },
       "inputs[\"dc\"].stop_ms: must be a finite time not before start_ms (1 ms)", "got 0.5"},
      {"negative noise sd", [](NetworkSpec& s) { input_kind<NoiseInput>(s, 4).sd = -1; },
       "inputs[\"noise\"].sd: ", "at least 0"},
  };
}

// Every numeric field of populations, projections and inputs, set to NaN or an infinity.
struct NumericField {
  std::string path;
  std::function<void(NetworkSpec&, double)> set;
};

std::vector<NumericField> numeric_fields() {
  std::vector<NumericField> fields;
  fields.push_back({"simulation.dt_ms", [](NetworkSpec& s, double x) { s.dt_ms = x; }});
  for (const ParameterDescriptor& p : lif_model().parameters) {
    const std::string key(p.key);
    fields.push_back({"populations[\"A\"].parameters." + key,
                      [key](NetworkSpec& s, double x) { s.populations[0].set_parameter(key, x); }});
  }
  fields.push_back({"populations[\"A\"].initial.vm_v", [](NetworkSpec& s, double x) {
                      s.populations[0].initial = {{"vm_v", x}};
                    }});
  fields.push_back({"projections[\"A->B\"].weight",
                    [](NetworkSpec& s, double x) { s.projections[0].weight = x; }});
  fields.push_back({"projections[\"B->A\"].weight", [](NetworkSpec& s, double x) {
                      std::vector<double> w(30, 0.1);  // per synapse: 10 targets x k = 3
                      w[7] = x;
                      s.projections[1].weight = w;
                    }});
  fields.push_back({"projections[\"A->B\"].delay_ms",
                    [](NetworkSpec& s, double x) { s.projections[0].delay_ms = x; }});
  fields.push_back({"projections[\"B->A\"].synapse.tau_ms",
                    [](NetworkSpec& s, double x) { s.projections[1].synapse.tau_ms = x; }});
  fields.push_back({"projections[\"cond\"].synapse.e_rev_mV",
                    [](NetworkSpec& s, double x) { s.projections[2].synapse.e_rev_mV = x; }});
  fields.push_back({"projections[\"cond\"].connector.p",
                    [](NetworkSpec& s, double x) { s.projections[2].connector.p = x; }});
  auto in = [&](const char* name, const char* field, auto setter) {
    fields.push_back({std::string("inputs[\"") + name + "\"]." + field, setter});
  };
  in("onsets", "amplitude",
     [](NetworkSpec& s, double x) { input_kind<OnsetStepInput>(s, 0).amplitude = x; });
  in("dc", "amplitude", [](NetworkSpec& s, double x) { input_kind<DcInput>(s, 1).amplitude = x; });
  in("dc", "start_ms", [](NetworkSpec& s, double x) { input_kind<DcInput>(s, 1).start_ms = x; });
  in("dc", "stop_ms", [](NetworkSpec& s, double x) { input_kind<DcInput>(s, 1).stop_ms = x; });
  in("pulses", "pulses[0].amplitude",
     [](NetworkSpec& s, double x) { input_kind<PulsesInput>(s, 2).pulses[0].amplitude = x; });
  in("pulses", "pulses[0].start_ms",
     [](NetworkSpec& s, double x) { input_kind<PulsesInput>(s, 2).pulses[0].start_ms = x; });
  in("pulses", "pulses[0].stop_ms",
     [](NetworkSpec& s, double x) { input_kind<PulsesInput>(s, 2).pulses[0].stop_ms = x; });
  in("sine", "amplitude",
     [](NetworkSpec& s, double x) { input_kind<SineInput>(s, 3).amplitude = x; });
  in("sine", "frequency_hz",
     [](NetworkSpec& s, double x) { input_kind<SineInput>(s, 3).frequency_hz = x; });
  in("sine", "phase_deg",
     [](NetworkSpec& s, double x) { input_kind<SineInput>(s, 3).phase_deg = x; });
  in("sine", "offset", [](NetworkSpec& s, double x) { input_kind<SineInput>(s, 3).offset = x; });
  in("noise", "mean", [](NetworkSpec& s, double x) { input_kind<NoiseInput>(s, 4).mean = x; });
  in("noise", "sd", [](NetworkSpec& s, double x) { input_kind<NoiseInput>(s, 4).sd = x; });
  return fields;
}

}  // namespace

class TestNetworkValidation : public QObject {
  Q_OBJECT
 private slots:
  void baseIsValid();
  void refusesWithItsMessage_data();
  void refusesWithItsMessage();
  void refusesNonFiniteNumbers_data();
  void refusesNonFiniteNumbers();
  void refusesNetworksTooLargeBeforeAllocating_data();
  void refusesNetworksTooLargeBeforeAllocating();
};

void TestNetworkValidation::baseIsValid() {
  validate(base());
  Network network(base(), RecordingConfig{});
  network.advance(10);
}

void TestNetworkValidation::refusesWithItsMessage_data() {
  QTest::addColumn<int>("index");
  const auto cases = bad_cases();
  for (std::size_t k = 0; k < cases.size(); ++k) QTest::newRow(cases[k].name) << int(k);
}

void TestNetworkValidation::refusesWithItsMessage() {
  QFETCH(int, index);
  const BadCase bad = bad_cases()[index];
  NetworkSpec spec = base();
  bad.mutate(spec);
  if (spec == base()) QSKIP("the model this case needs is not registered");
  const std::string message = refusal(spec);
  QVERIFY2(message.starts_with(bad.prefix), message.c_str());
  QVERIFY2(message.find(bad.part) != std::string::npos, message.c_str());
  // A Network refuses the same, with the same message.
  try {
    RecordingConfig recording;
    recording.probes.clear();
    Network network(spec, recording);
    QFAIL("the network was built");
  } catch (const ParameterError& error) {
    QCOMPARE(std::string(error.what()), message);
  }
}

void TestNetworkValidation::refusesNonFiniteNumbers_data() {
  QTest::addColumn<int>("field");
  QTest::addColumn<double>("value");
  const auto fields = numeric_fields();
  const double values[] = {std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity()};
  for (std::size_t f = 0; f < fields.size(); ++f) {
    for (const double value : values) {
      QTest::addRow("%s = %s", fields[f].path.c_str(), qPrintable(QString::number(value)))
          << int(f) << value;
    }
  }
}

void TestNetworkValidation::refusesNonFiniteNumbers() {
  QFETCH(int, field);
  QFETCH(double, value);
  const NumericField f = numeric_fields()[field];
  NetworkSpec spec = base();
  f.set(spec, value);
  const std::string message = refusal(spec);
  // The field, and the value refused (as a stream prints it: nan, inf, -inf).
  // (A per-synapse list names the element: weight[7].)
  QVERIFY2(message.starts_with(f.path + ": ") || message.starts_with(f.path + "["),
           message.c_str());
  std::ostringstream got;
  got << "got " << value;
  QVERIFY2(message.find(got.str()) != std::string::npos, message.c_str());
}

void TestNetworkValidation::refusesNetworksTooLargeBeforeAllocating_data() {
  QTest::addColumn<int>("shape");
  QTest::newRow("all-to-all with a weight per synapse, 1e6 x 1e6") << 0;
  QTest::newRow("fixed in-degree 10000 into 1e8 neurons") << 1;
  QTest::newRow("1e8 neurons x 100 populations") << 2;
}

void TestNetworkValidation::refusesNetworksTooLargeBeforeAllocating() {
  QFETCH(int, shape);
  NetworkSpec spec;
  spec.dt_ms = 0.1;
  std::uint64_t at_least_bytes = 0;  // what the synapses or neurons alone take
  if (shape == 0) {
    spec.populations = {lif_population("A", 1'000'000, "exact"),
                        lif_population("B", 1'000'000, "exact")};
    spec.projections = {projection("A", "B", UniformDraw{0.0, 1.0, 1}, 2)};
    at_least_bytes = 1'000'000ull * 1'000'000ull * (4 + 8);  // target index and weight
  } else if (shape == 1) {
    spec.populations = {lif_population("A", kMaxPopulationSize, "exact"),
                        lif_population("B", kMaxPopulationSize, "exact")};
    ProjectionSpec p = projection("A", "B", 0.1, 2, ConnectorRule::kFixedInDegree);
    p.connector.k = 10000;
    spec.projections = {p};
    at_least_bytes = kMaxPopulationSize * 10000ull * 4;
  } else {
    for (int k = 0; k < 100; ++k) {
      // Built piecewise: `"P" + std::to_string(k)` trips GCC 12's false -Wrestrict positive.
      std::string name = std::to_string(k);
      name.insert(name.begin(), 'P');
      spec.populations.push_back(lif_population(name, kMaxPopulationSize, "notebook"));
    }
    at_least_bytes = 100ull * kMaxPopulationSize * 16;  // V and t_rest in binary64
  }
  const auto start = std::chrono::steady_clock::now();
  std::string message;
  try {
    RecordingConfig recording;
    recording.probes.clear();
    Network network(spec, recording);
  } catch (const ParameterError& error) {
    message = error.what();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  QVERIFY2(seconds < 1.0, qPrintable(QString("took %1 s").arg(seconds)));
  const std::size_t needs = message.find("needs ");
  QVERIFY2(needs != std::string::npos, message.c_str());
  QVERIFY2(message.find("more than half of this machine's memory") != std::string::npos,
           message.c_str());
  // "needs N MiB": N is at least what the synapses or neurons alone take.
  const std::uint64_t mib = std::stoull(message.substr(needs + 6));
  QVERIFY2(message.compare(message.find(' ', needs + 6), 5, " MiB ") == 0, message.c_str());
  QVERIFY2(mib >= at_least_bytes >> 20, message.c_str());
}

QTEST_GUILESS_MAIN(TestNetworkValidation)
#include "tst_network_validation.moc"
