// spikesim models and spikesim neuron, as a user runs them (the built binary): the catalogue is
// the registry, every model and every parameter with its key, unit, default and valid range; one
// LIF neuron under a step current spikes where the notebook method's closed form says; the other
// models reproduce their Brian2 reference spike steps (tests/data/models); refused input exits 2
// with one line and writes nothing.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "model/model_registry.h"
#include "models/lif/lif_model.h"
#include "models/lif/lif_parameters.h"
#include "spikesim_process.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

QString text(std::string_view view) {
  return QString::fromUtf8(view.data(), static_cast<qsizetype>(view.size()));
}

// A range end as the catalogue writes it: null for an open (infinite) end.
bool same_bound(const QJsonValue& written, double bound) {
  return std::isfinite(bound) ? written.isDouble() && written.toDouble() == bound
                              : written.isNull();
}

// The spike steps of a `spikesim neuron` spikes CSV (`step,time_ms`), checking every row.
std::vector<std::int64_t> spike_steps(const QString& path, double dt_ms) {
  const Table rows = read_csv(path);
  std::vector<std::int64_t> steps;
  if (rows.empty() || rows[0].join(',') != "step,time_ms") return {-1};
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() != 2) return {-1};
    const std::int64_t step = rows[i][0].toLongLong();
    if (number(rows[i][1]) != static_cast<double>(step) * dt_ms) return {-1};
    steps.push_back(step);
  }
  return steps;
}

}  // namespace

class TestSpikesimModels : public QObject {
  Q_OBJECT
 private slots:
  void textListsEveryModelAndParameter();
  void jsonHoldsEveryParameter();
  void lifNeuronSpikesAtTheClosedForm();
  void unstableDtWarnsAndRuns();
  void lifFlagsNeedALifPopulation();
  void modelsMatchTheirReferenceData_data();
  void modelsMatchTheirReferenceData();
  void refusesBadInput_data();
  void refusesBadInput();
};

void TestSpikesimModels::textListsEveryModelAndParameter() {
  const Run run = spikesim({"models"});
  QCOMPARE(run.err, QString());
  QCOMPARE(run.exit_code, 0);
  // Models start a line ("lif: ..."); everything else about them is indented.
  QStringList listed;
  for (const QString& line : run.out.split('\n', Qt::SkipEmptyParts)) {
    if (!line.startsWith(' ')) listed << line.section(':', 0, 0);
  }
  QStringList registered;
  for (const ModelDescriptor* model : registered_models()) registered << text(model->name);
  QVERIFY(registered.contains("lif"));
  QCOMPARE(listed, registered);
  for (const ModelDescriptor* model : registered_models()) {
    const qsizetype from = run.out.indexOf(
        QRegularExpression("^" + text(model->name) + ": ", QRegularExpression::MultilineOption));
    QVERIFY(from >= 0);
    const QString section = run.out.mid(from).section("\n\n", 0, 0);
    QVERIFY2(section.contains(text(model->title)), qPrintable(section));
    for (const ParameterDescriptor& p : model->parameters) {
      QVERIFY2(section.contains("\n    " + text(p.key) + " = "),
               qPrintable(text(model->name) + " lacks " + text(p.key)));
    }
    for (const StateVariableDescriptor& v : model->state) {
      QVERIFY2(section.contains(text(v.key)), qPrintable(text(v.key)));
    }
  }
}

void TestSpikesimModels::jsonHoldsEveryParameter() {
  const Run run = spikesim({"models", "--json"});
  QCOMPARE(run.err, QString());
  QCOMPARE(run.exit_code, 0);
  QJsonParseError error{};
  const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &error);
  QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
  const QJsonArray models = document.object()["models"].toArray();
  const auto registered = registered_models();
  QCOMPARE(std::size_t(models.size()), registered.size());
  for (std::size_t m = 0; m < registered.size(); ++m) {
    const ModelDescriptor& model = *registered[m];
    const QJsonObject listed = models[qsizetype(m)].toObject();
    QCOMPARE(listed["name"].toString(), text(model.name));
    const QJsonArray parameters = listed["parameters"].toArray();
    QCOMPARE(std::size_t(parameters.size()), model.parameters.size());
    for (std::size_t k = 0; k < model.parameters.size(); ++k) {
      const ParameterDescriptor& p = model.parameters[k];
      const QJsonObject entry = parameters[qsizetype(k)].toObject();
      const QString where = text(model.name) + "." + text(p.key);
      QCOMPARE(entry["key"].toString(), text(p.key));
      QCOMPARE(entry["unit"].toString(), text(p.unit));
      QVERIFY2(entry["default"].isDouble() && entry["default"].toDouble() == p.default_value,
               qPrintable(where));
      const QJsonObject valid = entry["valid"].toObject();
      QVERIFY2(same_bound(valid["min"], p.valid.min), qPrintable(where + " min"));
      QVERIFY2(same_bound(valid["max"], p.valid.max), qPrintable(where + " max"));
      QCOMPARE(valid["min_inclusive"].toBool(!p.valid.min_inclusive), p.valid.min_inclusive);
      QCOMPARE(valid["max_inclusive"].toBool(!p.valid.max_inclusive), p.valid.max_inclusive);
      QCOMPARE(valid["reason"].toString(), text(p.valid.reason));
    }
    const QJsonArray state = listed["state_variables"].toArray();
    QCOMPARE(std::size_t(state.size()), model.state.size());
    for (std::size_t k = 0; k < model.state.size(); ++k) {
      QCOMPARE(state[qsizetype(k)].toObject()["key"].toString(), text(model.state[k].key));
    }
  }
}

// The notebook method from V = 0 under I from step 0: iteration 0 never updates (the clock is
// 0, not past t_rest = 0), iteration k >= 1 makes the k-th update, V_k = I Rm (1 - (1 -
// dt/tau)^k). The first spike is found in iteration n, n = min{n : 1 - (1 - dt/tau)^n >= Vth /
// (I Rm)}; then V is held at reset for the r = floor(t_ref/dt) iterations whose clock is not
// past t_rest, and n updates later it fires again: spikes in iterations n + j (n + r).
void TestSpikesimModels::lifNeuronSpikesAtTheClosedForm() {
  QTemporaryDir dir;
  const QString spikes = dir.filePath("spikes.csv");
  const QString trace = dir.filePath("trace.csv");
  const double dt = 0.125;
  const Run run = spikesim({"neuron", "--model", "lif", "--current", "1", "--duration-ms", "50",
                            "--dt-ms", "0.125", "--spikes-csv", spikes, "--trace-csv", trace});
  QCOMPARE(run.err, QString());
  QCOMPARE(run.exit_code, 0);
  const ParameterDescriptor* p = lif_model().parameters.data();
  const double rm = p[kLifResistance].default_value;
  const double tau = rm * p[kLifCapacitance].default_value;
  const double threshold = p[kLifThreshold].default_value;
  const double current = 1.0;
  const std::int64_t steps = 400;  // 50 ms of 0.125 ms
  std::int64_t n = 1;
  while (1.0 - std::pow(1.0 - dt / tau, double(n)) < threshold / (current * rm)) ++n;
  QCOMPARE(n, std::int64_t{111});  // the golden data's closed form for these defaults
  const auto r = static_cast<std::int64_t>(std::floor(p[kLifRefractory].default_value / dt));
  std::vector<std::int64_t> expected;
  for (std::int64_t step = n; step < steps; step += n + r) expected.push_back(step);
  QCOMPARE(expected.size(), std::size_t{3});
  QCOMPARE(spike_steps(spikes, dt), expected);
  QVERIFY2(run.out.contains("3 spikes"), qPrintable(run.out));

  // The trace: one column per state variable, row k the state at the start of step k.
  const Table rows = read_csv(trace);
  QStringList header{"step", "time_ms"};
  for (const StateVariableDescriptor& v : lif_model().state) header << text(v.key);
  QCOMPARE(rows.size(), std::size_t(steps + 2));
  QCOMPARE(rows[0], header);
  const double reset = p[kLifReset].default_value;
  for (std::int64_t k = 0; k <= steps; ++k) {
    const QStringList& row = rows[std::size_t(k) + 1];
    QCOMPARE(row.size(), header.size());
    QCOMPARE(row[0].toLongLong(), k);
    QCOMPARE(number(row[1]), double(k) * dt);
    const double v = number(row[2]);
    if (k <= n) {  // k - 1 updates so far: the closed form, below the threshold
      const double closed =
          current * rm * (1.0 - std::pow(1.0 - dt / tau, double(std::max<std::int64_t>(k - 1, 0))));
      QVERIFY2(std::abs(v - closed) < 1e-12, qPrintable(QString("step %1: %2").arg(k).arg(v)));
      QVERIFY(v < threshold);
    } else if (k == n + 1) {  // the spiking update is kept, then held at reset
      QVERIFY(v >= threshold);
    } else if (k <= n + 1 + r) {
      QCOMPARE(v, reset);
    }
  }
}

void TestSpikesimModels::unstableDtWarnsAndRuns() {
  // dt/tau_m = 2: the notebook method oscillates. The run goes ahead with the model's warning,
  // which names no population: the one-neuron network is the command's own.
  QTemporaryDir dir;
  const Run run = spikesim({"neuron", "--model", "lif", "--current", "1", "--duration-ms", "100",
                            "--dt-ms", "20", "--spikes-csv", dir.filePath("s.csv")});
  QCOMPARE(run.exit_code, 0);
  QCOMPARE(run.err, "spikesim: warning: " +
                        QString::fromStdString(notebook_stability_warning(LifParameters{}, 20)) +
                        "\n");
  QVERIFY(run.err.contains("oscillates"));
  const Run exact =
      spikesim({"neuron", "--model", "lif", "--method", "exact", "--current", "1", "--duration-ms",
                "100", "--dt-ms", "20", "--spikes-csv", dir.filePath("s.csv")});
  QCOMPARE(exact.exit_code, 0);
  QCOMPARE(exact.err, QString());
}

// The notebook's LIF flags on an experiment without a LIF population are refused in their name.
void TestSpikesimModels::lifFlagsNeedALifPopulation() {
  if (find_model("izhikevich") == nullptr) QSKIP("izhikevich is not registered");
  QTemporaryDir dir;
  QFile file(dir.filePath("izh.json"));
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(R"({"format": "spikescope-experiment", "version": 2,
    "simulation": {"dt_ms": 0.1, "steps": 100},
    "populations": [{"name": "rs", "model": "izhikevich", "size": 2}],
    "inputs": [{"name": "step", "target": "rs", "type": "dc", "amplitude": 10}]})");
  file.close();
  const QString csv = dir.filePath("out.csv");
  const Run ok = spikesim({"run", "--experiment", file.fileName(), "--csv", csv});
  QVERIFY2(ok.exit_code == 0, qPrintable(ok.err));
  QFile::remove(csv);
  const Run run =
      spikesim({"run", "--experiment", file.fileName(), "--threshold", "0.8", "--csv", csv});
  QCOMPARE(run.exit_code, 2);
  QCOMPARE(run.err, QString("spikesim: --threshold: this experiment has no LIF population; use "
                            "--set populations.NAME.parameters.threshold_v\n"));
  QVERIFY(!QFile::exists(csv));
}

void TestSpikesimModels::modelsMatchTheirReferenceData_data() {
  // One case of each reference file: the model, its method, where the case is in the file, the
  // key of its current, and the duration and dt it was run at.
  QTest::addColumn<QString>("model");
  QTest::addColumn<QString>("method");
  QTest::addColumn<QStringList>("where");       // keys leading to the case's object
  QTest::addColumn<QStringList>("parameters");  // keys leading to its parameters ({} = none)
  QTest::addColumn<QString>("currentKey");
  QTest::addColumn<double>("durationMs");
  QTest::addColumn<double>("dtMs");
  QTest::newRow("izhikevich RS, euler, dt 0.1")
      << "izhikevich"
      << "euler" << QStringList{"variants", "euler_dt0.1", "types", "RS"}
      << QStringList{"types", "0"} << "I" << 1000.0 << 0.1;
  QTest::newRow("adex tonic spiking, euler, dt 0.01")
      << "adex"
      << "euler" << QStringList{"patterns", "tonic spiking"}
      << QStringList{"patterns", "tonic spiking", "params"} << "I_pA" << 500.0 << 0.01;
  QTest::newRow("hh I = 10, exponential euler, dt 0.01")
      << "hh"
      << "exponential_euler" << QStringList{"I10_100ms", "exponential_euler"}
      << QStringList{"params"} << "I_uA_per_cm2" << 100.0 << 0.01;
}

void TestSpikesimModels::modelsMatchTheirReferenceData() {
  QFETCH(QString, model);
  QFETCH(QString, method);
  QFETCH(QStringList, where);
  QFETCH(QStringList, parameters);
  QFETCH(QString, currentKey);
  QFETCH(double, durationMs);
  QFETCH(double, dtMs);
  const ModelDescriptor* descriptor = find_model(model.toStdString());
  if (descriptor == nullptr) QSKIP(qPrintable("model " + model + " is not registered"));
  const QJsonObject data = read_json(data_path("models/" + model + ".json"));
  const auto walk = [&](const QStringList& keys) {
    QJsonValue value = data;
    for (const QString& key : keys) {
      value = value.isArray() ? value.toArray()[key.toInt()] : value.toObject()[key];
    }
    return value.toObject();
  };
  const QJsonObject reference = walk(where);
  QVERIFY2(reference.contains("spike_steps"), qPrintable(where.join('.')));
  // The current is the case's own, or the file's.
  const QJsonValue current = reference.contains(currentKey) ? reference[currentKey]
                             : data.contains(currentKey)    ? data[currentKey]
                                                            : walk(parameters)[currentKey];
  QVERIFY2(current.isDouble(), qPrintable(currentKey));
  QTemporaryDir dir;
  const QString spikes = dir.filePath("spikes.csv");
  QStringList args{"neuron",
                   "--model",
                   model,
                   "--method",
                   method,
                   "--current",
                   QString::number(current.toDouble(), 'g', 17),
                   "--duration-ms",
                   QString::number(durationMs, 'g', 17),
                   "--dt-ms",
                   QString::number(dtMs, 'g', 17),
                   "--spikes-csv",
                   spikes};
  // Every parameter the reference gives is a parameter of the model (the current aside).
  const QJsonObject given = walk(parameters);
  int set = 0;
  for (auto it = given.begin(); it != given.end(); ++it) {
    if (it.key() == currentKey || !it.value().isDouble()) continue;
    QVERIFY2(descriptor->parameter_index(it.key().toStdString()) != ModelDescriptor::npos,
             qPrintable(model + " has no parameter " + it.key()));
    args << "--set" << it.key() + "=" + QString::number(it.value().toDouble(), 'g', 17);
    ++set;
  }
  QVERIFY(set >= 3);
  const Run run = spikesim(args);
  QVERIFY2(run.exit_code == 0, qPrintable(run.err));
  std::vector<std::int64_t> expected;
  for (const QJsonValue& step : reference["spike_steps"].toArray()) {
    expected.push_back(step.toInteger());
  }
  QCOMPARE(qsizetype(expected.size()), reference["spike_steps"].toArray().size());
  QVERIFY(!expected.empty());
  QCOMPARE(spike_steps(spikes, dtMs), expected);
}

void TestSpikesimModels::refusesBadInput_data() {
  // OUT is a file in a scratch directory holding only an old out.csv ("old").
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("message");
  const QString see = " (see spikesim --help)";
  const QStringList neuron{"neuron", "--model", "lif",   "--current",    "1",  "--duration-ms",
                           "50",     "--dt-ms", "0.125", "--spikes-csv", "OUT"};
  const auto with = [&](const QString& option, const QString& value) {
    QStringList args = neuron;
    const qsizetype at = args.indexOf(option);
    if (at >= 0) {
      args[at + 1] = value;
    } else {
      args << option << value;
    }
    return args;
  };
  const auto without = [&](const QString& option) {
    QStringList args = neuron;
    const qsizetype at = args.indexOf(option);
    args.remove(at, 2);
    return args;
  };
  QTest::newRow("models: unknown option")
      << QStringList{"models", "--yaml"} << "unknown option --yaml for 'spikesim models'" + see;
  QTest::newRow("models: --json=1")
      << QStringList{"models", "--json=1"} << "--json takes no value" + see;
  QTest::newRow("unknown model") << with("--model", "lifx")
                                 << "--model: unknown model \"lifx\"; known models: " +
                                        QString::fromStdString(known_model_names());
  QString methods;
  for (const MethodDescriptor& method : lif_model().methods) {
    methods += (methods.isEmpty() ? "" : ", ") + text(method.key);
  }
  QTest::newRow("unknown method") << with("--method", "rk9")
                                  << "--method: model lif has no method \"rk9\"; its methods: " +
                                         methods;
  QTest::newRow("unknown --set key")
      << with("--set", "treshold_v=1")
      << "--set treshold_v: no parameter treshold_v in model lif; its parameters: "
         "membrane_resistance_kohm, membrane_capacitance_uf, refractory_ms, threshold_v, "
         "spike_height_v, reset_v, rest_v" +
             see;
  QTest::newRow("--set without =")
      << with("--set", "threshold_v") << "--set expects KEY=VALUE, got 'threshold_v'" + see;
  QTest::newRow("--set not a number")
      << with("--set", "threshold_v=high")
      << "--set threshold_v: expected a finite number, got \"high\"" + see;
  QTest::newRow("--set out of range") << with("--set", "membrane_capacitance_uf=-1")
                                      << "--set membrane_capacitance_uf: must be greater than 0...";
  QTest::newRow("--set against another parameter")
      << with("--set", "reset_v=2") << "--set reset_v: must be below threshold_v (0.75 V), got 2";
  QTest::newRow("--current text") << with("--current", "abc")
                                  << "--current: expected a finite number, got \"abc\"" + see;
  QTest::newRow("--current nan") << with("--current", "nan")
                                 << "--current: expected a finite number, got \"nan\"" + see;
  QTest::newRow("--dt-ms 0") << with("--dt-ms", "0") << "--dt-ms: must be greater than 0" + see;
  QTest::newRow("--dt-ms inf") << with("--dt-ms", "inf")
                               << "--dt-ms: expected a finite number, got \"inf\"" + see;
  const QString steps = "--duration-ms: must be 1 to 100000000 steps of --dt-ms, got ";
  QTest::newRow("--duration-ms negative")
      << with("--duration-ms", "-5") << steps + "-40 steps" + see;
  QTest::newRow("--duration-ms under a step")
      << with("--duration-ms", "0.01") << steps + "0 steps" + see;
  QTest::newRow("--duration-ms huge")
      << with("--duration-ms", "1e300") << steps + "8e+300 steps" + see;
  QTest::newRow("--current-onset-ms negative")
      << with("--current-onset-ms", "-1") << "--current-onset-ms: must not be negative" + see;
  QTest::newRow("missing --model")
      << without("--model") << "--model NAME is required (see spikesim models)" + see;
  QTest::newRow("missing --current") << without("--current") << "--current I is required" + see;
  QTest::newRow("missing --duration-ms")
      << without("--duration-ms") << "--duration-ms T is required" + see;
  QTest::newRow("missing --dt-ms") << without("--dt-ms") << "--dt-ms DT is required" + see;
  QTest::newRow("missing --spikes-csv")
      << without("--spikes-csv") << "--spikes-csv OUT is required" + see;
  QTest::newRow("same file twice")
      << with("--trace-csv", "OUT") << "--spikes-csv and --trace-csv name the same file" + see;
  QTest::newRow("unknown option") << with("--colour", "red")
                                  << "unknown option --colour for 'spikesim neuron'" + see;
  QTest::newRow("no such directory")
      << with("--spikes-csv", "DIR/no/s.csv") << "DIR/no/s.csv: no such directory: DIR/no";
}

void TestSpikesimModels::refusesBadInput() {
  QFETCH(QStringList, args);
  QFETCH(QString, message);
  QTemporaryDir dir;
  QFile old(dir.filePath("out.csv"));
  QVERIFY(old.open(QIODevice::WriteOnly));
  old.write("old");
  old.close();
  args.replaceInStrings("OUT", dir.filePath("out.csv"));
  args.replaceInStrings("DIR", dir.path());
  message.replace("DIR", dir.path());
  const Run run = spikesim(args);
  QCOMPARE(run.exit_code, 2);
  // A message ending in "..." is a prefix (its words come from the model's declaration).
  if (message.endsWith("...")) {
    message.chop(3);
    QVERIFY2(run.err.startsWith("spikesim: " + message) && run.err.count('\n') == 1,
             qPrintable(run.err));
  } else {
    QCOMPARE(run.err, "spikesim: " + message + "\n");
  }
  QCOMPARE(run.out, QString());
  QCOMPARE(directory_entries(dir.path()), QStringList{"out.csv"});
  QCOMPARE(read_csv(dir.filePath("out.csv")), (Table{{"old"}}));
}

QTEST_GUILESS_MAIN(TestSpikesimModels)
#include "tst_spikesim_models.moc"
