#include "session_settings.h"

#include "experiment/experiment_file.h"

namespace spikescope {
namespace {

constexpr const char* kExperimentKey = "session/experiment";
constexpr const char* kGeometryKey = "window/geometry";
constexpr const char* kStateKey = "window/state";
constexpr const char* kThemeKey = "view/theme";
constexpr const char* kRecentKey = "files/recent";

}  // namespace

SessionState read_session(const QSettings& settings) {
  SessionState state;
  if (settings.contains(kExperimentKey)) {
    const QString text = settings.value(kExperimentKey).toString();
    try {
      state.experiment = parse_experiment(text.toStdString()).experiment;
    } catch (const ParameterError& error) {
      state.problems << QString("%1 damaged (%2); using the seed experiment")
                            .arg(kExperimentKey, QString::fromStdString(error.what()));
    }
  }
  state.geometry = settings.value(kGeometryKey).toByteArray();
  state.window_state = settings.value(kStateKey).toByteArray();
  if (settings.contains(kThemeKey)) {
    const QString key = settings.value(kThemeKey).toString();
    if (const std::optional<Theme> theme = theme_from_key(key)) {
      state.theme = *theme;
    } else {
      state.problems << QString("%1 damaged (\"%2\" is not system, light or dark); using system")
                            .arg(kThemeKey, key.left(40));
    }
  }
  const QVariant recent = settings.value(kRecentKey);
  if (recent.isValid() && !recent.canConvert<QStringList>()) {
    state.problems << QString("%1 damaged; starting an empty list").arg(kRecentKey);
  } else {
    for (const QString& path : recent.toStringList()) {
      if (!path.isEmpty() && state.recent_files.size() < kMaxRecentFiles) {
        state.recent_files << path;
      }
    }
  }
  return state;
}

void write_session(QSettings& settings, const SessionState& state) {
  if (state.experiment) {
    settings.setValue(kExperimentKey,
                      QString::fromStdString(serialize_experiment(*state.experiment)));
  }
  settings.setValue(kGeometryKey, state.geometry);
  settings.setValue(kStateKey, state.window_state);
  settings.setValue(kThemeKey, theme_key(state.theme));
  settings.setValue(kRecentKey, state.recent_files);
  settings.sync();
}

QStringList with_recent_file(QStringList recent, const QString& path) {
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecentFiles) recent.removeLast();
  return recent;
}

}  // namespace spikescope
