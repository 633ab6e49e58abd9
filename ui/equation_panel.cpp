#include "equation_panel.h"

#include "experiment/notebook_network.h"
#include "model/model_registry.h"

#include <QHBoxLayout>

namespace spikescope {
namespace {

QString number(double value) {
  return QString::number(value, 'g', 4);
}

}  // namespace

EquationPanel::EquationPanel(QWidget* parent)
    : QWidget(parent), equation_(new QLabel), rules_(new QLabel), notes_(new QLabel) {
  equation_->setObjectName("equation");
  equation_->setTextFormat(Qt::RichText);
  equation_->setToolTip(
      tr("The leaky integrate-and-fire membrane equation: V relaxes toward Rm * I with time "
         "constant tau_m = Rm * Cm"));
  rules_->setWordWrap(true);
  rules_->setTextFormat(Qt::RichText);
  rules_->setToolTip(tr("What happens at threshold and during the refractory period"));
  notes_->setObjectName("notes");
  notes_->setWordWrap(true);
  notes_->setTextFormat(Qt::RichText);
  notes_->setToolTip(tr("What to notice in this experiment (its \"notes\" in the file)"));
  for (QLabel* label : {equation_, rules_, notes_}) {
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
  }
  // Side by side, and no taller than the text: the height belongs to the plots.
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(6, 2, 6, 2);
  layout->addWidget(equation_, 0, Qt::AlignTop);
  layout->addWidget(rules_, 2, Qt::AlignTop);
  layout->addWidget(notes_, 3, Qt::AlignTop);
}

void EquationPanel::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  setMaximumHeight(layout()->totalHeightForWidth(width()));
}

void EquationPanel::setExperiment(const Experiment& e) {
  const QString name = QString::fromStdString(e.name).toHtmlEscaped();
  const QString notes = QString::fromStdString(e.notes).toHtmlEscaped();
  notes_->setText(notes.isEmpty() ? tr("<b>%1</b>").arg(name)
                                  : tr("<b>%1.</b> What to notice: %2").arg(name, notes));
  const PopulationSpec& shown = e.network.populations.front();
  if (shown.model != "lif") {
    showDeclaredEquations(e);
    return;
  }
  const LifParameters n = notebook_lif_parameters(e);
  const OnsetStepInput* onsets = notebook_onsets(e);
  const double amplitude = onsets != nullptr ? onsets->amplitude : 0.0;
  // -V with the notebook's V_rest = 0, -(V - V_rest) otherwise.
  const QString leak = n.rest_v == 0.0
                           ? QStringLiteral("−<i>V</i>")
                           : tr("−(<i>V</i> − %1 V)").arg(number(n.rest_v));
  equation_->setText(
      tr("<p style='font-size:large'><i>τ<sub>m</sub></i> d<i>V</i>/d<i>t</i> = %6 + "
         "<i>R<sub>m</sub> I</i></p>"
         "<p><b>%1 ms</b> · d<i>V</i>/d<i>t</i> = %6 + <b>%2 kΩ</b> × <b>%3 mA</b><br>"
         "<i>τ<sub>m</sub></i> = <i>R<sub>m</sub> C<sub>m</sub></i> = %2 kΩ × %4 µF; "
         "<i>V</i> relaxes toward <i>V<sub>rest</sub> + R<sub>m</sub> I</i> = %5 V</p>")
          .arg(number(n.tau_m_ms()), number(n.membrane_resistance_kohm), number(amplitude),
               number(n.membrane_capacitance_uf),
               number(n.rest_v + n.membrane_resistance_kohm * amplitude), leak));
  rules_->setText(
      tr("<b>Threshold (%1 V):</b> when <i>V</i> reaches it the neuron emits a spike and "
         "<i>V</i> drops to the reset value (%2 V).<br><b>Refractory period (%3 ms):</b> after "
         "a spike <i>V</i> is held at reset and ignores its input for this long, which caps how "
         "often a neuron can fire.")
          .arg(number(n.threshold_v), number(n.reset_v), number(n.refractory_ms)));
}

void EquationPanel::showDeclaredEquations(const Experiment& e) {
  // The model's own equations, from its declaration, with the first population's values.
  const PopulationSpec& shown = e.network.populations.front();
  const ModelDescriptor* model = find_model(shown.model);
  if (model == nullptr) return;
  std::vector<double> values = model->default_values();
  for (std::size_t k = 0; k < values.size(); ++k) {
    const ValueSpec* value = shown.parameter(std::string(model->parameters[k].key));
    if (value != nullptr) values[k] = uniform_value(*value).value_or(values[k]);
  }
  const QString equations =
      QString::fromStdString(equations_with_values(*model, values)).toHtmlEscaped();
  equation_->setText(tr("<p style='font-size:large'><b>%1</b></p><p>%2</p>")
                         .arg(QString::fromUtf8(model->title.data(),
                                                static_cast<qsizetype>(model->title.size()))
                                  .toHtmlEscaped(),
                              QString(equations).replace('\n', "<br>")));
  rules_->setText(tr("Population <b>%1</b>: %2 neurons of model %3.")
                      .arg(QString::fromStdString(shown.name).toHtmlEscaped())
                      .arg(shown.size)
                      .arg(QString::fromUtf8(model->name.data(),
                                             static_cast<qsizetype>(model->name.size()))));
}

}  // namespace spikescope
