#include "theme.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>
#include <cmath>

#include "plot_panel.h"

namespace spikescope {
namespace {

// The pen a graph or line was created with, kept on the object the first time it is styled,
// so that themes and presentation mode always start from the original.
constexpr const char* kBasePen = "spikescope_base_pen";
constexpr const char* kBaseMargins = "spikescope_base_margins";

QPen base_pen(QObject* object, const QPen& current) {
  const QVariant stored = object->property(kBasePen);
  if (stored.isValid()) return stored.value<QPen>();
  object->setProperty(kBasePen, QVariant::fromValue(current));
  return current;
}

// Larger fonts need wider axis margins; the plots' own margins are the base.
QMargins styled_margins(QCustomPlot* plot, const PlotStyle& style) {
  QVariant stored = plot->property(kBaseMargins);
  if (!stored.isValid()) {
    stored = QVariant::fromValue(plot->axisRect()->margins());
    plot->setProperty(kBaseMargins, stored);
  }
  const QMargins base = stored.value<QMargins>();
  if (!style.presentation) return base;
  const auto scaled = [](int margin) {
    return static_cast<int>(std::lround(margin * kPresentationFontScale));
  };
  return QMargins(scaled(base.left()), base.top(), base.right(), scaled(base.bottom()));
}

QPen styled_pen(QPen pen, const PlotStyle& style) {
  if (style.theme == Theme::kDark) pen.setColor(pen.color().lighter(170));
  if (style.theme == Theme::kLight) pen.setColor(pen.color().darker(130));
  if (style.presentation) pen.setWidthF(std::max(pen.widthF(), 1.0) * kPresentationPenWidth);
  return pen;
}

QPalette high_contrast_palette(bool dark) {
  const QColor background = dark ? QColor(0, 0, 0) : QColor(255, 255, 255);
  const QColor panel = dark ? QColor(28, 28, 28) : QColor(240, 240, 240);
  const QColor text = dark ? QColor(255, 255, 255) : QColor(0, 0, 0);
  const QColor highlight = dark ? QColor(255, 200, 0) : QColor(0, 60, 180);
  QPalette palette;
  palette.setColor(QPalette::Window, panel);
  palette.setColor(QPalette::WindowText, text);
  palette.setColor(QPalette::Base, background);
  palette.setColor(QPalette::AlternateBase, panel);
  palette.setColor(QPalette::Text, text);
  palette.setColor(QPalette::Button, panel);
  palette.setColor(QPalette::ButtonText, text);
  palette.setColor(QPalette::ToolTipBase, background);
  palette.setColor(QPalette::ToolTipText, text);
  palette.setColor(QPalette::PlaceholderText, text);
  palette.setColor(QPalette::Highlight, highlight);
  palette.setColor(QPalette::HighlightedText, dark ? QColor(0, 0, 0) : QColor(255, 255, 255));
  palette.setColor(QPalette::BrightText, dark ? QColor(255, 120, 120) : QColor(200, 0, 0));
  palette.setColor(QPalette::Link, highlight);
  palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(128, 128, 128));
  palette.setColor(QPalette::Disabled, QPalette::Text, QColor(128, 128, 128));
  palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(128, 128, 128));
  return palette;
}

void style_axis(QCPAxis* axis, const QColor& ink, const QFont& font, const PlotStyle& style) {
  QPen pen(ink, style.presentation ? 2.0 : 1.0);
  axis->setBasePen(pen);
  axis->setTickPen(pen);
  axis->setSubTickPen(pen);
  axis->setLabelColor(ink);
  axis->setTickLabelColor(ink);
  axis->setLabelFont(font);
  axis->setTickLabelFont(font);
  QColor grid = ink;
  grid.setAlpha(style.theme == Theme::kSystem ? 40 : 70);
  axis->grid()->setPen(QPen(grid, 1.0, Qt::DotLine));
}

}  // namespace

QString theme_key(Theme theme) {
  switch (theme) {
    case Theme::kLight:
      return "light";
    case Theme::kDark:
      return "dark";
    case Theme::kSystem:
      break;
  }
  return "system";
}

std::optional<Theme> theme_from_key(const QString& key) {
  for (const Theme theme : {Theme::kSystem, Theme::kLight, Theme::kDark}) {
    if (key == theme_key(theme)) return theme;
  }
  return std::nullopt;
}

void apply_application_theme(Theme theme) {
  if (theme == Theme::kSystem) {
    QApplication::setPalette(QApplication::style()->standardPalette());
    return;
  }
  if (QStyle* fusion = QStyleFactory::create("Fusion")) QApplication::setStyle(fusion);
  QApplication::setPalette(high_contrast_palette(theme == Theme::kDark));
}

void style_plots(PlotPanel& panel, const PlotStyle& style, const QFont& base_font) {
  const bool dark = style.theme == Theme::kDark;
  const QColor ink = dark ? QColor(255, 255, 255) : QColor(0, 0, 0);
  const QColor background = dark ? QColor(0, 0, 0) : QColor(255, 255, 255);
  QFont font = base_font;
  if (style.presentation) font.setPointSizeF(base_font.pointSizeF() * kPresentationFontScale);
  for (QCustomPlot* plot :
       {panel.layer0Plot(), panel.sumPlot(), panel.layer1Plot(), panel.rasterPlot()}) {
    plot->setBackground(background);
    plot->axisRect()->setMargins(styled_margins(plot, style));
    for (QCPAxis* axis : plot->axisRect()->axes()) style_axis(axis, ink, font, style);
    for (int i = 0; i < plot->graphCount(); ++i) {
      QCPGraph* graph = plot->graph(i);
      graph->setPen(styled_pen(base_pen(graph, graph->pen()), style));
    }
    for (int i = 0; i < plot->itemCount(); ++i) {
      if (auto* line = qobject_cast<QCPItemStraightLine*>(plot->item(i))) {
        line->setPen(styled_pen(base_pen(line, line->pen()), style));
      }
    }
    // Fast polylines make thick lines cheap but thin ones slower (toolchain.md): only here.
    plot->setPlottingHint(QCP::phFastPolylines, style.presentation);
    plot->replot(QCustomPlot::rpQueuedReplot);
  }
  // The raster's empty cells take the background, so spikes stay the ink's opposite.
  QCPColorGradient density;
  density.setColorStopAt(0.0, background);
  density.setColorStopAt(0.15, dark ? QColor(60, 90, 160) : QColor(150, 170, 220));
  density.setColorStopAt(1.0, dark ? QColor(200, 230, 255) : QColor(10, 20, 80));
  panel.rasterMap()->setGradient(density);
}

}  // namespace spikescope
