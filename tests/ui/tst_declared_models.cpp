// An experiment whose first population is not LIF, in the window: the plots equal the core's own
// run; the notebook's LIF and onset controls are disabled (the network has neither), the size
// control still works; the Vm plots are labelled in the model's unit and show no LIF threshold;
// the equation panel shows the model's declared equations with the population's values.
#include <qcustomplot.h>

#include <QLabel>
#include <QTest>
#include <cmath>

#include "equation_panel.h"
#include "experiment/experiment_file.h"
#include "gui_test_support.h"
#include "main_window.h"
#include "model/model_registry.h"
#include "parameter_panel.h"
#include "plot_panel.h"
#include "simulation_session.h"

using namespace spikescope;
using namespace spikescope::testing;

namespace {

// Ten regular-spiking Izhikevich neurons under a constant current (or nullopt without the model).
std::optional<Experiment> izhikevich_experiment() {
  if (find_model("izhikevich") == nullptr) return std::nullopt;
  Experiment e = seed_experiment();
  e.name = "Izhikevich under a step";
  e.notes.clear();
  e.network = NetworkSpec{};
  e.network.dt_ms = 0.1;
  PopulationSpec rs;
  rs.name = "rs";
  rs.model = "izhikevich";
  rs.size = 10;
  rs.set_parameter("d", 6.5);
  e.network.populations.push_back(rs);
  e.network.inputs.push_back(InputSpec{"step", "rs", DcInput{10.0, 0.0, std::nullopt}});
  e.recording = RecordingSpec{};
  e.recording.probes = {ProbeSpec{"rs", 0, ""}};
  e.steps = 3000;
  validate(e);
  return normalized(e);
}

void compare_with_core(const MainWindow& window) {
  const Experiment& e = window.session().experiment();
  const CoreView core = core_trial_view(e, window.session().geometry());
  const GraphData vm = graph_data(window.plotPanel()->layer0VmGraph());
  QVERIFY(vm.values == core.layer0_vm.values);
  QVERIFY(vm.keys == core.layer0_vm.keys);
  QVERIFY(graph_data(window.plotPanel()->sumGraph()).values == core.layer0_sum.values);
  QVERIFY(core.layer0_spikes > 0);
  std::int64_t raster_spikes = 0;
  for (const std::uint32_t count : window.plotPanel()->shownSnapshot()->raster.counts) {
    raster_spikes += count;
  }
  QCOMPARE(raster_spikes, core.layer0_spikes);
}

}  // namespace

class TestDeclaredModels : public QObject {
  Q_OBJECT
 private slots:
  void otherModelRunsAsInTheCore();
  void notebookControlsAreDisabledAndSizeWorks();
  void equationPanelShowsTheDeclaration();
};

void TestDeclaredModels::otherModelRunsAsInTheCore() {
  const auto e = izhikevich_experiment();
  if (!e) QSKIP("izhikevich is not registered");
  MainWindow window(*e);
  window.show();
  QVERIFY(wait_for_latest_frame(window));
  compare_with_core(window);
  const PlotSnapshot& shown = *window.plotPanel()->shownSnapshot();
  QVERIFY(std::isnan(shown.threshold_v));  // no LIF threshold line
  QVERIFY(shown.refractory.empty());
  const ModelDescriptor& model = *find_model("izhikevich");
  const QString unit = QString::fromUtf8(model.state[0].unit.data(), model.state[0].unit.size());
  QCOMPARE(unit, QString("mV"));
  QCOMPARE(window.plotPanel()->layer0Plot()->yAxis->label(), QString("Vm neuron 0 (mV)"));
  // The seed's LIF layers are in volts.
  window.setExperiment(seed_experiment());
  QVERIFY(wait_for_latest_frame(window));
  QCOMPARE(window.plotPanel()->layer0Plot()->yAxis->label(), QString("Vm neuron 0 (V)"));
}

void TestDeclaredModels::notebookControlsAreDisabledAndSizeWorks() {
  const auto e = izhikevich_experiment();
  if (!e) QSKIP("izhikevich is not registered");
  MainWindow window(*e);
  window.show();
  QVERIFY(wait_for_latest_frame(window));
  ParameterPanel* panel = window.parameterPanel();
  for (const ParameterField field :
       {ParameterField::kThreshold, ParameterField::kResistance, ParameterField::kCapacitance,
        ParameterField::kRefractory, ParameterField::kAmplitude, ParameterField::kOnsetSpread}) {
    QVERIFY2(!panel->slider(field)->isEnabled(), qPrintable(QString::number(int(field))));
  }
  QVERIFY(!panel->integrationBox()->isEnabled());
  QVERIFY(!panel->seedBox()->isEnabled());
  // Synchronise and New draw have no onsets to act on: nothing changes.
  const std::uint64_t generation = window.session().generation();
  panel->synchroniseAction()->trigger();
  QCOMPARE(window.session().generation(), generation);
  QVERIFY(window.session().experiment() == *e);
  // The size of the first population is still the user's.
  QDoubleSpinBox* size = panel->slider(ParameterField::kLayer0Size)->spinBox();
  QVERIFY(size->isEnabled());
  size->setValue(25);
  QCOMPARE(window.session().experiment().network.populations[0].size, std::uint64_t{25});
  QVERIFY(wait_for_latest_frame(window));
  QCOMPARE(window.plotPanel()->shownSnapshot()->layer0_size, 25u);
  compare_with_core(window);
}

void TestDeclaredModels::equationPanelShowsTheDeclaration() {
  const auto e = izhikevich_experiment();
  if (!e) QSKIP("izhikevich is not registered");
  MainWindow window(*e);
  const ModelDescriptor& model = *find_model("izhikevich");
  std::vector<double> values = model.default_values();
  values[model.parameter_index("d")] = 6.5;
  const QString equations = QString::fromStdString(equations_with_values(model, values))
                                .toHtmlEscaped()
                                .replace('\n', "<br>");
  const QString text = window.equationPanel()->equationLabel()->text();
  QVERIFY2(text.contains(equations), qPrintable(text));
  QVERIFY(text.contains(QString::fromUtf8(model.title.data(), model.title.size()).toHtmlEscaped()));
  QVERIFY2(text.contains("6.5"), qPrintable(text));  // the population's d, not the default 8
  const QString rules = window.equationPanel()->findChildren<QLabel*>().at(1)->text();
  QVERIFY2(rules.contains("<b>rs</b>") && rules.contains("10 neurons of model izhikevich"),
           qPrintable(rules));
}

QTEST_MAIN(TestDeclaredModels)
#include "tst_declared_models.moc"
