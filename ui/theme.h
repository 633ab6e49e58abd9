#pragma once
// How the window looks: the platform's own colours, or a high-contrast light or dark theme for
// projectors; presentation mode on top of any of them enlarges fonts and thickens lines. The
// plots are restyled through QCustomPlot's own pens and fonts; their data is not touched.
#include <QFont>
#include <QString>
#include <optional>

namespace spikescope {

class PlotPanel;

enum class Theme { kSystem, kLight, kDark };

QString theme_key(Theme theme);  // "system", "light", "dark": how settings store it
std::optional<Theme> theme_from_key(const QString& key);

struct PlotStyle {
  Theme theme = Theme::kSystem;
  bool presentation = false;  // large fonts, thick lines
};

// Font size factor and line width of presentation mode.
inline constexpr double kPresentationFontScale = 1.6;
inline constexpr double kPresentationPenWidth = 3.0;

// The application palette for `theme`; the high-contrast ones also switch to the Fusion style,
// which follows palettes faithfully.
void apply_application_theme(Theme theme);
// Pens, backgrounds and fonts of the four plots. `base_font` is the font of normal mode.
void style_plots(PlotPanel& plots, const PlotStyle& style, const QFont& base_font);

}  // namespace spikescope
