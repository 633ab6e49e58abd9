#pragma once
// Figures as files: one plot or several stacked, drawn by QCustomPlot itself (toPainter) at a
// chosen logical size and pixel scale, as PNG, JPG, PDF or SVG. Everything is rendered in
// memory first and written atomically (atomic_file.h), so a failed export leaves no partial file.
#include <QByteArray>
#include <QImage>
#include <QString>
#include <optional>
#include <stdexcept>
#include <vector>

class QCustomPlot;

namespace spikescope {

// A refused or failed export; the message names the file or the option.
class ExportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class FigureFormat { kPng, kJpg, kPdf, kSvg };

// From the file name's suffix (case-insensitive; .jpeg is JPG); nullopt if unknown.
std::optional<FigureFormat> figure_format_for(const QString& path);

struct FigureSize {
  int width_px = 1600;  // logical size of the whole figure; PDF and SVG use it as points/units
  int height_px = 1000;
  double scale = 1.0;  // pixels per logical pixel in PNG and JPG (2 for projectors and print)
};

// Throws ExportError naming the field when a size or scale is out of range.
void check_figure_size(const FigureSize& size);

// The plots stacked top to bottom, each given a share of the height proportional to its
// current height on screen.
QImage render_figure_image(const std::vector<QCustomPlot*>& plots, const FigureSize& size);
QByteArray render_figure(const std::vector<QCustomPlot*>& plots, FigureFormat format,
                         const FigureSize& size);

// Renders, then writes `path` atomically; the format comes from its suffix. Throws ExportError.
void export_figure(const QString& path, const std::vector<QCustomPlot*>& plots,
                   const FigureSize& size);

}  // namespace spikescope
