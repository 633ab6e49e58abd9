#include "figure_export_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>

namespace spikescope {

FigureExportDialog::FigureExportDialog(const QStringList& plot_names, const FigureSize& initial,
                                       QWidget* parent)
    : QDialog(parent),
      plot_(new QComboBox),
      width_(new QSpinBox),
      height_(new QSpinBox),
      scale_(new QComboBox) {
  setWindowTitle(tr("Export figure"));
  plot_->setObjectName("plot");  // names for accessibility tools and tests
  width_->setObjectName("width");
  height_->setObjectName("height");
  scale_->setObjectName("scale");
  plot_->addItem(tr("All plots"));
  plot_->addItems(plot_names);
  plot_->setToolTip(tr("Export the whole figure or one plot"));
  for (QSpinBox* box : {width_, height_}) {
    box->setRange(100, 8000);
    box->setSuffix(tr(" px"));
  }
  width_->setValue(initial.width_px);
  height_->setValue(initial.height_px);
  width_->setToolTip(tr("Width of the figure (points in PDF and SVG)"));
  height_->setToolTip(tr("Height of the figure (points in PDF and SVG)"));
  for (const double scale : {1.0, 2.0, 3.0}) {
    scale_->addItem(tr("%1×").arg(scale), scale);
  }
  scale_->setCurrentIndex(std::max(0, scale_->findData(initial.scale)));
  scale_->setToolTip(tr("Pixels per figure pixel in PNG and JPG: 2× for projectors and papers"));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* form = new QFormLayout(this);
  form->addRow(tr("&Plot"), plot_);
  form->addRow(tr("&Width"), width_);
  form->addRow(tr("&Height"), height_);
  form->addRow(tr("&Scale"), scale_);
  form->addRow(buttons);
}

FigureSize FigureExportDialog::figureSize() const {
  return {width_->value(), height_->value(), scale_->currentData().toDouble()};
}

}  // namespace spikescope
