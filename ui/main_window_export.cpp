// MainWindow's export: figures (all plots or one) in four formats, the clipboard, the data
// files on a pool thread, and the bundle of both.
#include <qcustomplot.h>

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QMenu>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

#include "data_export.h"
#include "experiment_document.h"
#include "figure_export_dialog.h"
#include "main_window.h"
#include "plot_panel.h"

namespace spikescope {

void MainWindow::create_export_menu(QMenu* file) {
  QMenu* exports = file->addMenu(tr("&Export"));
  QAction* figure = exports->addAction(tr("&Figure…"), this, [this] { export_figure_dialog(); });
  figure->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  QAction* data = exports->addAction(tr("&Data (CSV)…"), this, [this] {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export data"), "trace.csv", tr("CSV (*.csv)"));
    if (!path.isEmpty()) exportData(path);
  });
  data->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
  QAction* bundle = exports->addAction(tr("&Bundle (figure, data, experiment)…"), this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export bundle into"));
    if (!folder.isEmpty()) exportBundle(folder);
  });
  bundle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
  QMenu* copy = exports->addMenu(tr("&Copy plot to clipboard"));
  const QStringList names = plotNames();
  for (int index = -1; index < static_cast<int>(names.size()); ++index) {
    QAction* action = copy->addAction(index < 0 ? tr("All plots") : names[index], this,
                                      [this, index] { copyPlot(index); });
    if (index < 0) action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
  }
  addActions(exports->actions());
  addActions(copy->actions());
}

QStringList MainWindow::plotNames() const {
  return {tr("Vm layer 0"), tr("Summed layer-0 spikes"), tr("Vm layer 1"), tr("Raster")};
}

std::vector<QCustomPlot*> MainWindow::figurePlots(int index) const {
  const std::vector<QCustomPlot*> all{plots_->layer0Plot(), plots_->sumPlot(), plots_->layer1Plot(),
                                      plots_->rasterPlot()};
  if (index < 0 || index >= static_cast<int>(all.size())) return all;
  return {all[static_cast<std::size_t>(index)]};
}

bool MainWindow::exportFigure(const QString& path, int plot_index, const FigureSize& size) {
  try {
    export_figure(path, figurePlots(plot_index), size);
  } catch (const ExportError& error) {
    report_error(tr("Export failed"), QString::fromStdString(error.what()));
    return false;
  }
  statusBar()->showMessage(tr("Wrote %1").arg(path), 10000);
  return true;
}

bool MainWindow::exportData(const QString& trace_csv_path) {
  start_data_export(data_export_paths(trace_csv_path),
                    tr("Wrote %1, its spikes and its experiment file").arg(trace_csv_path));
  return true;
}

bool MainWindow::exportBundle(const QString& folder) {
  BundlePaths paths;
  try {
    paths = write_bundle_figures(folder, figurePlots(-1), FigureSize{}, document_->experiment());
  } catch (const std::exception& error) {
    report_error(tr("Export failed"), QString::fromStdString(error.what()));
    return false;
  }
  start_data_export(paths.data, tr("Exported figure, data and experiment into %1").arg(folder));
  return true;
}

void MainWindow::start_data_export(const DataExportPaths& paths, const QString& done_message) {
  statusBar()->showMessage(tr("Exporting…"));
  // The task owns copies of everything it touches, so the window may close meanwhile.
  auto* watcher = new QFutureWatcher<QString>(this);
  connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, done_message] {
    const QString error = watcher->result();
    watcher->deleteLater();
    if (error.isEmpty()) {
      statusBar()->showMessage(done_message, 10000);
    } else {
      report_error(tr("Export failed"), error);
    }
    emit exportFinished(error.isEmpty(), error.isEmpty() ? done_message : error);
  });
  watcher->setFuture(QtConcurrent::run([experiment = document_->experiment(), paths] {
    try {
      export_data(experiment, paths);
    } catch (const std::exception& error) {
      return QString::fromStdString(error.what());
    }
    return QString();
  }));
}

void MainWindow::copyPlot(int plot_index) {
  const std::vector<QCustomPlot*> plots = figurePlots(plot_index);
  int height = 0;
  for (const QCustomPlot* plot : plots) height += plot->height();
  FigureSize size{std::clamp(plots.front()->width(), 100, 8000), std::clamp(height, 100, 8000),
                  devicePixelRatioF()};
  QApplication::clipboard()->setImage(render_figure_image(plots, size));
  statusBar()->showMessage(tr("Copied to the clipboard"), 5000);
}

void MainWindow::export_figure_dialog() {
  FigureExportDialog dialog(plotNames(), FigureSize{}, this);
  if (dialog.exec() != QDialog::Accepted) return;
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Export figure"), "figure.png",
                                   tr("PNG (*.png);;JPG (*.jpg *.jpeg);;PDF (*.pdf);;SVG (*.svg)"));
  if (!path.isEmpty()) exportFigure(path, dialog.plotIndex(), dialog.figureSize());
}

}  // namespace spikescope
