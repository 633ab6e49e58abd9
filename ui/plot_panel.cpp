#include "plot_panel.h"

#include <qcustomplot.h>

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace spikescope {
namespace {

constexpr int kTopMargin = 8;
constexpr int kBottomMargin = 8;
constexpr int kTimeAxisMargin = 38;

const QColor kVmColor(31, 90, 180);
const QColor kSpikeColor(220, 110, 20);
const QColor kThresholdColor(200, 30, 30);
const QColor kSumColor(40, 130, 60);

QVector<double> to_qvector(const std::vector<double>& values) {
  return QVector<double>(values.begin(), values.end());
}

// Replaces a graph's data, or, when `settled_ms` is given, keeps the points before it (they are
// final, see PlotSnapshot::history), drops those scrolled out and appends the rest: the cost
// is then the new points, not the window.
void update_graph(QCPGraph* graph, const std::vector<double>& keys,
                  const std::vector<double>& values, std::optional<double> settled_ms) {
  if (!settled_ms) {
    graph->setData(to_qvector(keys), to_qvector(values), true);
    return;
  }
  QSharedPointer<QCPGraphDataContainer> data = graph->data();
  if (!keys.empty()) data->removeBefore(keys.front());
  data->removeAfter(std::nextafter(*settled_ms, -HUGE_VAL));  // keeps keys < settled_ms
  const auto resume = std::lower_bound(keys.begin(), keys.end(), *settled_ms);
  const auto offset = resume - keys.begin();
  graph->addData(QVector<double>(resume, keys.end()),
                 QVector<double>(values.begin() + offset, values.end()), true);
}

void update_graph(QCPGraph* graph, const PlotSeries& series, std::optional<double> settled_ms) {
  update_graph(graph, series.keys_ms, series.values, settled_ms);
}

// Spikes as vertical strokes from 0 to `height`.
void set_spikes(QCPGraph* graph, const std::vector<double>& times_ms, double height) {
  graph->setData(to_qvector(times_ms), QVector<double>(qsizetype(times_ms.size()), height), true);
}

QCPItemStraightLine* horizontal_line(QCustomPlot* plot, const QPen& pen) {
  auto* line = new QCPItemStraightLine(plot);
  line->setPen(pen);
  line->setClipToAxisRect(true);
  return line;
}

void place_horizontal(QCPItemStraightLine* line, double value) {
  line->point1->setCoords(0.0, value);
  line->point2->setCoords(1.0, value);
}

QCPRange value_range(const PlotSeries& vm, double threshold) {
  double low = std::min(0.0, threshold);
  double high = std::max(0.0, threshold);
  if (!vm.values.empty()) {
    const auto [lo, hi] = std::minmax_element(vm.values.begin(), vm.values.end());
    low = std::min(low, *lo);
    high = std::max(high, *hi);
  }
  const double pad = std::max(0.05, 0.12 * (high - low));
  return QCPRange(low - pad * 0.3, high + pad);
}

}  // namespace

PlotPanel::PlotPanel(QWidget* parent)
    : QWidget(parent),
      layer0_plot_(make_plot(tr("Vm layer 0 (V)"), false)),
      sum_plot_(make_plot(tr("layer-0 spikes"), false)),
      layer1_plot_(make_plot(tr("Vm layer 1 (V)"), false)),
      raster_plot_(make_plot(tr("layer-0 neuron"), true)) {
  // Refractory periods as a one-row image behind the trace: a filled graph would cost a
  // polygon fill per frame (several ms), an image of one cell per bin costs a blit.
  refractory_ = new QCPColorMap(layer0_plot_->xAxis, layer0_plot_->yAxis);
  QCPColorGradient shade;
  shade.setColorStopAt(0.0, QColor(0, 0, 0, 0));
  shade.setColorStopAt(1.0, QColor(110, 110, 110, 55));
  shade.setLevelCount(2);
  refractory_->setGradient(shade);
  refractory_->setInterpolate(false);
  refractory_->setDataRange(QCPRange(0.0, 1.0));
  refractory_->setName(tr("refractory"));
  layer0_spikes_ = layer0_plot_->addGraph();
  layer0_spikes_->setPen(QPen(kSpikeColor, 1.0));
  layer0_spikes_->setLineStyle(QCPGraph::lsImpulse);
  layer0_vm_ = layer0_plot_->addGraph();
  layer0_vm_->setPen(QPen(kVmColor, 1.0));
  layer0_threshold_ = horizontal_line(layer0_plot_, QPen(kThresholdColor, 1.0, Qt::DashLine));

  sum_ = sum_plot_->addGraph();
  sum_->setPen(QPen(kSumColor, 1.0));
  sum_->setLineStyle(QCPGraph::lsStepLeft);

  layer1_spikes_ = layer1_plot_->addGraph();
  layer1_spikes_->setPen(QPen(kSpikeColor, 1.0));
  layer1_spikes_->setLineStyle(QCPGraph::lsImpulse);
  layer1_vm_ = layer1_plot_->addGraph();
  layer1_vm_->setPen(QPen(kVmColor, 1.0));
  layer1_threshold_ = horizontal_line(layer1_plot_, QPen(kThresholdColor, 1.0, Qt::DashLine));

  raster_ = new QCPColorMap(raster_plot_->xAxis, raster_plot_->yAxis);
  QCPColorGradient density;
  density.setColorStopAt(0.0, Qt::white);
  density.setColorStopAt(0.15, QColor(150, 170, 220));
  density.setColorStopAt(1.0, QColor(10, 20, 80));
  raster_->setGradient(density);
  raster_->setInterpolate(false);
  raster_->setTightBoundary(true);
  onsets_ = raster_plot_->addGraph();
  onsets_->setLineStyle(QCPGraph::lsNone);
  onsets_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, kThresholdColor, 5));
  onsets_->setPen(QPen(kThresholdColor));
  onsets_->setAdaptiveSampling(false);  // at most one mark per pixel row already
  selected_row_ = horizontal_line(raster_plot_, QPen(QColor(220, 110, 20, 160), 1.0));

  layer0_plot_->setToolTip(
      tr("Membrane potential of the selected layer-0 neuron: threshold "
         "dashed, refractory periods shaded, spikes in orange"));
  sum_plot_->setToolTip(tr("Spikes of all layer-0 neurons per time bin: the input of layer 1"));
  layer1_plot_->setToolTip(tr("Membrane potential and spikes of the layer-1 neuron"));
  raster_plot_->setToolTip(
      tr("Spike density of layer 0 (one row per neuron or group); "
         "triangles mark onsets. Click a row to show that neuron above."));
  raster_plot_->setCursor(Qt::PointingHandCursor);
  connect(raster_plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
    if (const auto neuron = neuronAt(event->pos())) emit neuronSelected(*neuron);
  });
  // Plots replot in the order they were queued; the raster is queued last.
  connect(raster_plot_, &QCustomPlot::afterReplot, this, [this] {
    if (shown_) emit frameShown(shown_->generation);
  });

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addWidget(layer0_plot_, 3);
  layout->addWidget(sum_plot_, 2);
  layout->addWidget(layer1_plot_, 2);
  layout->addWidget(raster_plot_, 4);
}

QCustomPlot* PlotPanel::make_plot(const QString& value_label, bool time_label) {
  auto* plot = new QCustomPlot;
  plot->setMinimumHeight(90);
  plot->setNoAntialiasingOnDrag(true);
  plot->axisRect()->setAutoMargins(QCP::msNone);
  plot->axisRect()->setMargins(QMargins(kLeftMargin, kTopMargin, kRightMargin,
                                        time_label ? kTimeAxisMargin : kBottomMargin + 12));
  plot->yAxis->setLabel(value_label);
  plot->xAxis->setTickLabels(time_label);
  if (time_label) plot->xAxis->setLabel(tr("simulated time (ms)"));
  plot->xAxis->setRange(0.0, 500.0);
  return plot;
}

PlotGeometry PlotPanel::plotGeometry() const {
  PlotGeometry geometry;
  geometry.columns =
      static_cast<std::uint32_t>(std::max(100, raster_plot_->width() - kLeftMargin - kRightMargin));
  geometry.raster_rows = static_cast<std::uint32_t>(
      std::max(20, raster_plot_->height() - kTopMargin - kTimeAxisMargin));
  return geometry;
}

void PlotPanel::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  const PlotGeometry geometry = plotGeometry();
  if (geometry == last_geometry_) return;
  last_geometry_ = geometry;
  emit geometryChanged(geometry);
}

void PlotPanel::showSnapshot(std::shared_ptr<const PlotSnapshot> snapshot) {
  // A live frame continuing the history on screen only appends; anything else replaces.
  std::optional<double> settled;
  if (shown_ && shown_->run_mode == RunMode::kLive && snapshot->run_mode == RunMode::kLive &&
      shown_->history == snapshot->history && shown_->bin_steps == snapshot->bin_steps) {
    settled = shown_->settled_before_ms;
  }
  shown_ = std::move(snapshot);
  const PlotSnapshot& s = *shown_;
  const QCPRange time(s.start_ms, std::max(s.end_ms, s.start_ms + s.dt_ms));

  const QCPRange vm0_range = value_range(s.layer0_vm, s.threshold_v);
  update_graph(layer0_vm_, s.layer0_vm, settled);
  set_spikes(layer0_spikes_, s.layer0_spike_ms, vm0_range.upper);
  show_refractory(s, vm0_range);
  place_horizontal(layer0_threshold_, s.threshold_v);
  layer0_plot_->yAxis->setRange(vm0_range);
  layer0_plot_->yAxis->setLabel(tr("Vm neuron %1 (%2)")
                                    .arg(s.selected_neuron)
                                    .arg(QString::fromStdString(s.layer0_unit)));

  update_graph(sum_, s.layer0_sum, settled);
  double most = 1.0;
  for (const double v : s.layer0_sum.values) most = std::max(most, v);
  sum_plot_->yAxis->setRange(0.0, most * 1.1);
  sum_plot_->yAxis->setLabel(s.bin_steps == 1 ? tr("spikes / step")
                                              : tr("spikes / %1 steps").arg(s.bin_steps));

  const QCPRange vm1_range = value_range(s.layer1_vm, s.threshold_v);
  update_graph(layer1_vm_, s.layer1_vm, settled);
  set_spikes(layer1_spikes_, s.layer1_spike_ms, vm1_range.upper);
  place_horizontal(layer1_threshold_, s.threshold_v);
  layer1_plot_->yAxis->setRange(vm1_range);
  layer1_plot_->yAxis->setLabel(tr("Vm layer 1 (%1)").arg(QString::fromStdString(s.layer1_unit)));

  show_raster(s);

  for (QCustomPlot* plot : {layer0_plot_, sum_plot_, layer1_plot_, raster_plot_}) {
    plot->xAxis->setRange(time);
    plot->replot(QCustomPlot::rpQueuedReplot);
  }
}

void PlotPanel::show_refractory(const PlotSnapshot& s, const QCPRange& values) {
  // One cell per bin from start_ms; a cell is shaded if a refractory period overlaps it. Two
  // equal rows, so that the image spans the value range exactly.
  const double bin_ms = static_cast<double>(std::max<std::size_t>(1, s.bin_steps)) * s.dt_ms;
  const int cells = std::max(1, static_cast<int>(std::ceil((s.end_ms - s.start_ms) / bin_ms)));
  QCPColorMapData* data = refractory_->data();
  if (data->keySize() != cells || data->valueSize() != 2) data->setSize(cells, 2);
  const double quarter = 0.25 * values.size();
  data->setRange(QCPRange(s.start_ms + 0.5 * bin_ms, s.start_ms + (cells - 0.5) * bin_ms),
                 QCPRange(values.lower + quarter, values.upper - quarter));
  data->fill(0.0);
  for (const TimeInterval& held : s.refractory) {
    const int first =
        std::max(0, static_cast<int>(std::floor((held.begin_ms - s.start_ms) / bin_ms)));
    const int last =
        std::min(cells - 1, static_cast<int>(std::ceil((held.end_ms - s.start_ms) / bin_ms)) - 1);
    for (int cell = first; cell <= last; ++cell) {
      data->setCell(cell, 0, 1.0);
      data->setCell(cell, 1, 1.0);
    }
  }
}

void PlotPanel::show_raster(const PlotSnapshot& s) {
  const DensityImage& image = s.raster;
  QCPColorMapData* data = raster_->data();
  const int columns = static_cast<int>(image.columns);
  const int rows = static_cast<int>(image.rows);
  if (data->keySize() != columns || data->valueSize() != rows) data->setSize(columns, rows);
  const double bin_ms = static_cast<double>(image.bin_steps) * s.dt_ms;
  const double row_height = static_cast<double>(s.neurons_per_row);
  if (columns > 0 && rows > 0) {
    data->setRange(QCPRange(s.start_ms + 0.5 * bin_ms, s.start_ms + (columns - 0.5) * bin_ms),
                   QCPRange(0.5 * row_height, (rows - 0.5) * row_height));
    std::uint32_t most = 1;
    for (int row = 0; row < rows; ++row) {
      const std::uint32_t* counts =
          image.counts.data() + static_cast<std::size_t>(row) * image.columns;
      for (int column = 0; column < columns; ++column) {
        data->setCell(column, row, counts[column]);
        most = std::max(most, counts[column]);
      }
    }
    raster_->setDataRange(QCPRange(0.0, most));
  }
  QVector<double> keys;
  QVector<double> values;
  std::vector<std::pair<double, double>> marks;
  for (std::size_t row = 0; row < s.row_onset_ms.size(); ++row) {
    marks.emplace_back(s.row_onset_ms[row], (static_cast<double>(row) + 0.5) * row_height);
  }
  std::sort(marks.begin(), marks.end());
  for (const auto& [key, value] : marks) {
    keys << key;
    values << value;
  }
  onsets_->setData(keys, values, true);
  place_horizontal(selected_row_, s.selected_neuron + 0.5);
  raster_plot_->yAxis->setRange(0.0, std::max<double>(1.0, s.layer0_size));
}

std::optional<std::uint32_t> PlotPanel::neuronAt(const QPoint& position) const {
  if (!shown_ || shown_->layer0_size == 0) return std::nullopt;
  if (!raster_plot_->axisRect()->rect().contains(position)) return std::nullopt;
  const double value = raster_plot_->yAxis->pixelToCoord(position.y());
  if (value < 0.0 || value >= shown_->layer0_size) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

QPoint PlotPanel::rasterPosition(std::uint32_t neuron) const {
  const QRect rect = raster_plot_->axisRect()->rect();
  const double y = raster_plot_->yAxis->coordToPixel(neuron + 0.5);
  return QPoint(rect.center().x(), static_cast<int>(std::lround(y)));
}

}  // namespace spikescope
