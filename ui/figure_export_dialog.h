#pragma once
// Asks what to export as a figure: all plots or one, the size and the scale factor. The file
// name and format are asked next, by the file dialog.
#include <QComboBox>
#include <QDialog>
#include <QSpinBox>

#include "figure_export.h"

namespace spikescope {

class FigureExportDialog : public QDialog {
  Q_OBJECT

 public:
  // `plot_names`: the plots that can be exported alone, top to bottom.
  FigureExportDialog(const QStringList& plot_names, const FigureSize& initial,
                     QWidget* parent = nullptr);

  // -1: all plots stacked; otherwise the index into plot_names.
  int plotIndex() const { return plot_->currentIndex() - 1; }
  FigureSize figureSize() const;

 private:
  QComboBox* plot_;
  QSpinBox* width_;
  QSpinBox* height_;
  QComboBox* scale_;
};

}  // namespace spikescope
