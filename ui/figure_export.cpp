#include "figure_export.h"

#include <qcustomplot.h>

#include <QBuffer>
#include <QFileInfo>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <cmath>
#include <numeric>

#include "io/atomic_file.h"

namespace spikescope {
namespace {

constexpr int kMinFigurePx = 100;
constexpr int kMaxFigurePx = 8000;
constexpr double kMaxScale = 4.0;
constexpr int kJpgQuality = 92;
// CSS pixels: the SVG's width and height (written in mm) then equal the figure size in px.
constexpr int kSvgDotsPerInch = 96;

// Heights in logical pixels that add up to `total`, in proportion to the plots' heights on
// screen (equal shares for plots not laid out yet).
std::vector<int> plot_heights(const std::vector<QCustomPlot*>& plots, int total) {
  std::vector<double> weights;
  for (const QCustomPlot* plot : plots) weights.push_back(std::max(1, plot->height()));
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<int> heights;
  int used = 0;
  for (std::size_t i = 0; i < plots.size(); ++i) {
    const int height = i + 1 == plots.size()
                           ? total - used
                           : static_cast<int>(std::lround(total * weights[i] / sum));
    heights.push_back(height);
    used += height;
  }
  return heights;
}

// Draws the plots stacked into `painter`, whose coordinates are logical pixels.
void paint_plots(QCPPainter& painter, const std::vector<QCustomPlot*>& plots,
                 const FigureSize& size) {
  const std::vector<int> heights = plot_heights(plots, size.height_px);
  int top = 0;
  for (std::size_t i = 0; i < plots.size(); ++i) {
    painter.save();
    painter.translate(0, top);
    plots[i]->toPainter(&painter, size.width_px, heights[i]);
    painter.restore();
    top += heights[i];
  }
}

QImage::Format image_format(FigureFormat format) {
  return format == FigureFormat::kJpg ? QImage::Format_RGB32 : QImage::Format_ARGB32_Premultiplied;
}

QImage render_image(const std::vector<QCustomPlot*>& plots, const FigureSize& size,
                    QImage::Format format) {
  QImage image(static_cast<int>(std::lround(size.width_px * size.scale)),
               static_cast<int>(std::lround(size.height_px * size.scale)), format);
  if (image.isNull()) {
    throw ExportError(QString("cannot allocate a %1 x %2 image")
                          .arg(image.width())
                          .arg(image.height())
                          .toStdString());
  }
  image.fill(Qt::white);
  QCPPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.scale(size.scale, size.scale);
  paint_plots(painter, plots, size);
  painter.end();
  return image;
}

}  // namespace

std::optional<FigureFormat> figure_format_for(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == "png") return FigureFormat::kPng;
  if (suffix == "jpg" || suffix == "jpeg") return FigureFormat::kJpg;
  if (suffix == "pdf") return FigureFormat::kPdf;
  if (suffix == "svg") return FigureFormat::kSvg;
  return std::nullopt;
}

void check_figure_size(const FigureSize& size) {
  const auto check_pixels = [](const char* field, int value) {
    if (value < kMinFigurePx || value > kMaxFigurePx) {
      throw ExportError(QString("%1: expected %2 to %3 pixels, got %4")
                            .arg(field)
                            .arg(kMinFigurePx)
                            .arg(kMaxFigurePx)
                            .arg(value)
                            .toStdString());
    }
  };
  check_pixels("width", size.width_px);
  check_pixels("height", size.height_px);
  if (!(size.scale >= 0.25 && size.scale <= kMaxScale)) {
    throw ExportError(
        QString("scale: expected 0.25 to %1, got %2").arg(kMaxScale).arg(size.scale).toStdString());
  }
}

QImage render_figure_image(const std::vector<QCustomPlot*>& plots, const FigureSize& size) {
  check_figure_size(size);
  return render_image(plots, size, QImage::Format_ARGB32_Premultiplied);
}

QByteArray render_figure(const std::vector<QCustomPlot*>& plots, FigureFormat format,
                         const FigureSize& size) {
  check_figure_size(size);
  if (plots.empty()) throw ExportError("no plot to export");
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  switch (format) {
    case FigureFormat::kPng:
    case FigureFormat::kJpg: {
      const QImage image = render_image(plots, size, image_format(format));
      const char* name = format == FigureFormat::kPng ? "PNG" : "JPG";
      if (!image.save(&buffer, name, format == FigureFormat::kJpg ? kJpgQuality : -1)) {
        throw ExportError(std::string("cannot encode the figure as ") + name);
      }
      break;
    }
    case FigureFormat::kPdf: {
      // One point per logical pixel: the page is the figure's size.
      QPdfWriter writer(&buffer);
      writer.setResolution(72);
      writer.setPageMargins(QMarginsF(0, 0, 0, 0));
      writer.setPageSize(QPageSize(QSizeF(size.width_px, size.height_px), QPageSize::Point,
                                   QString(), QPageSize::ExactMatch));
      writer.setCreator("Spikescope");
      QCPPainter painter(&writer);
      paint_plots(painter, plots, size);
      painter.end();
      break;
    }
    case FigureFormat::kSvg: {
      QSvgGenerator generator;
      generator.setOutputDevice(&buffer);
      generator.setSize(QSize(size.width_px, size.height_px));
      generator.setViewBox(QRect(0, 0, size.width_px, size.height_px));
      generator.setResolution(kSvgDotsPerInch);
      generator.setTitle("Spikescope figure");
      QCPPainter painter(&generator);
      paint_plots(painter, plots, size);
      painter.end();
      break;
    }
  }
  if (bytes.isEmpty()) throw ExportError("the figure came out empty");
  return bytes;
}

void export_figure(const QString& path, const std::vector<QCustomPlot*>& plots,
                   const FigureSize& size) {
  const std::optional<FigureFormat> format = figure_format_for(path);
  if (!format) {
    throw ExportError(path.toStdString() +
                      ": unknown figure format (use .png, .jpg, .pdf or .svg)");
  }
  const QByteArray bytes = render_figure(plots, *format, size);
  try {
    write_file_atomically(path.toStdString(), std::string_view(bytes.constData(), bytes.size()));
  } catch (const FileError& error) {
    throw ExportError(error.what());
  }
}

}  // namespace spikescope
