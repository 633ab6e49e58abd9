#pragma once
// The four plots. Shows whatever PlotSnapshot it is given, as it is: the worker has already
// reduced every series to a few points per pixel column, so the work here is a handful of
// setData calls and one queued replot per plot, whatever the network's size.
#include <QWidget>
#include <memory>
#include <optional>

#include "plot_snapshot.h"

class QCustomPlot;
class QCPGraph;
class QCPColorMap;
class QCPItemStraightLine;
class QCPRange;

namespace spikescope {

class PlotPanel : public QWidget {
  Q_OBJECT

 public:
  explicit PlotPanel(QWidget* parent = nullptr);

  void showSnapshot(std::shared_ptr<const PlotSnapshot> snapshot);
  const std::shared_ptr<const PlotSnapshot>& shownSnapshot() const { return shown_; }
  // Pixel columns of the time axes and pixel rows of the raster.
  PlotGeometry plotGeometry() const;

  QCustomPlot* layer0Plot() const { return layer0_plot_; }
  QCustomPlot* sumPlot() const { return sum_plot_; }
  QCustomPlot* layer1Plot() const { return layer1_plot_; }
  QCustomPlot* rasterPlot() const { return raster_plot_; }
  QCPGraph* layer0VmGraph() const { return layer0_vm_; }
  QCPColorMap* refractoryMap() const { return refractory_; }
  QCPGraph* sumGraph() const { return sum_; }
  QCPGraph* layer1VmGraph() const { return layer1_vm_; }
  QCPColorMap* rasterMap() const { return raster_; }
  QCPGraph* onsetGraph() const { return onsets_; }

  // The layer-0 neuron drawn at this point of the raster plot, if any.
  std::optional<std::uint32_t> neuronAt(const QPoint& raster_plot_position) const;
  // Where neuron `neuron` is drawn in the raster plot (the middle of the time axis).
  QPoint rasterPosition(std::uint32_t neuron) const;

  // Fixed margins, so that the four time axes line up and the geometry does not depend on
  // tick labels.
  static constexpr int kLeftMargin = 70;
  static constexpr int kRightMargin = 15;

 signals:
  // The user picked a layer-0 neuron in the raster.
  void neuronSelected(std::uint32_t neuron);
  // The plots have been redrawn with the frame of this generation.
  void frameShown(quint64 generation);
  void geometryChanged(const PlotGeometry& geometry);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  QCustomPlot* make_plot(const QString& value_label, bool time_label);
  void show_refractory(const PlotSnapshot& snapshot, const QCPRange& values);
  void show_raster(const PlotSnapshot& snapshot);

  std::shared_ptr<const PlotSnapshot> shown_;
  PlotGeometry last_geometry_;
  QCustomPlot* layer0_plot_;
  QCustomPlot* sum_plot_;
  QCustomPlot* layer1_plot_;
  QCustomPlot* raster_plot_;
  QCPGraph* layer0_vm_;
  QCPGraph* layer0_spikes_;
  QCPColorMap* refractory_;
  QCPItemStraightLine* layer0_threshold_;
  QCPGraph* sum_;
  QCPGraph* layer1_vm_;
  QCPGraph* layer1_spikes_;
  QCPItemStraightLine* layer1_threshold_;
  QCPColorMap* raster_;
  QCPGraph* onsets_;
  QCPItemStraightLine* selected_row_;
};

}  // namespace spikescope
