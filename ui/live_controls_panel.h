#pragma once
// Transport controls of live mode: play/pause, single step, reset, speed, and the simulated-time
// clock. The actions carry the shortcuts; the main window puts them into its menus.
#include <QAction>
#include <QCheckBox>
#include <QIcon>
#include <QLabel>
#include <QWidget>

#include "parameter_slider.h"

namespace spikescope {

class LiveControlsPanel : public QWidget {
  Q_OBJECT

 public:
  explicit LiveControlsPanel(QWidget* parent = nullptr);

  QAction* playAction() const { return play_; }
  QAction* stepAction() const { return step_; }
  QAction* resetAction() const { return reset_; }
  ParameterSlider* speedSlider() const { return speed_; }
  QCheckBox* fullSpeedBox() const { return full_speed_; }

  // Simulated time per wall time; 0 = as fast as the machine goes.
  double speed() const;
  // Shows these without emitting.
  void setSpeed(double speed);
  void setPlaying(bool playing);
  void setSimulatedTime(double ms);

 signals:
  void playingChanged(bool playing);
  void stepRequested();
  void resetRequested();
  void speedChanged(double speed);

 private:
  void show_playing(bool playing);

  // Made once: every QIcon made anew has a new cache key, so each play/pause toggle used to
  // leave its rendered (e.g. disabled-state) pixmaps in QPixmapCache for good, up to its 10 MB
  // limit (found by the soak run).
  QIcon play_icon_;
  QIcon pause_icon_;
  QAction* play_;
  QAction* step_;
  QAction* reset_;
  ParameterSlider* speed_;
  QCheckBox* full_speed_;
  QLabel* clock_;
};

}  // namespace spikescope
