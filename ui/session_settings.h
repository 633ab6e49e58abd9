#pragma once
// The last session in QSettings: the experiment (as an experiment file's text, so it is read
// back with every check of a file), window geometry and layout, theme, recent files. Anything
// damaged falls back to its default and is reported, never trusted.
#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <optional>

#include "experiment/experiment.h"
#include "theme.h"

namespace spikescope {

struct SessionState {
  std::optional<Experiment> experiment;  // nullopt: none saved, or damaged
  QByteArray geometry;                   // QWidget::saveGeometry
  QByteArray window_state;               // QMainWindow::saveState
  Theme theme = Theme::kSystem;
  QStringList recent_files;  // newest first
  QStringList problems;      // what was damaged and fell back to defaults
};

inline constexpr int kMaxRecentFiles = 8;

SessionState read_session(const QSettings& settings);
void write_session(QSettings& settings, const SessionState& state);
// `path` first, without duplicates, at most kMaxRecentFiles.
QStringList with_recent_file(QStringList recent, const QString& path);

}  // namespace spikescope
