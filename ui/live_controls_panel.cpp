#include "live_controls_panel.h"

#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace spikescope {

LiveControlsPanel::LiveControlsPanel(QWidget* parent)
    : QWidget(parent),
      play_icon_(style()->standardIcon(QStyle::SP_MediaPlay)),
      pause_icon_(style()->standardIcon(QStyle::SP_MediaPause)),
      play_(new QAction(tr("&Play"), this)),
      step_(new QAction(tr("Single &step"), this)),
      reset_(new QAction(tr("&Reset"), this)),
      speed_(new ParameterSlider({tr("Speed"), tr("× real time"),
                                  tr("Simulated time per wall-clock time: 0.01 is slow motion, "
                                     "1 is real time."),
                                  0.01, 100.0, 0.01, 2, true})),
      full_speed_(new QCheckBox(tr("As fast as possible"))),
      clock_(new QLabel) {
  play_->setCheckable(true);
  play_->setShortcut(Qt::Key_Space);
  play_->setIcon(play_icon_);
  play_->setToolTip(tr("Run or pause live mode (Space)"));
  step_->setShortcut(Qt::Key_Right);
  step_->setIcon(style()->standardIcon(QStyle::SP_MediaSkipForward));
  step_->setToolTip(tr("Advance live mode by one step (Right)"));
  reset_->setShortcut(Qt::Key_R);
  reset_->setIcon(style()->standardIcon(QStyle::SP_MediaSkipBackward));
  reset_->setToolTip(tr("Back to rest at t = 0 (R)"));
  full_speed_->setToolTip(tr("Run live mode as fast as this machine can"));
  clock_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  clock_->setMinimumWidth(clock_->fontMetrics().horizontalAdvance("t = 00000000.000 ms"));
  clock_->setToolTip(tr("Simulated time"));

  auto* buttons = new QHBoxLayout;
  for (QAction* action : {play_, step_, reset_}) {
    auto* button = new QToolButton;
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setFocusPolicy(Qt::StrongFocus);
    buttons->addWidget(button);
  }
  buttons->addStretch(1);
  auto* clock_row = new QHBoxLayout;
  clock_row->addWidget(full_speed_);
  clock_row->addStretch(1);
  clock_row->addWidget(clock_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(buttons);
  layout->addWidget(speed_);
  layout->addLayout(clock_row);

  connect(play_, &QAction::toggled, this, [this](bool playing) {
    show_playing(playing);
    emit playingChanged(playing);
  });
  connect(step_, &QAction::triggered, this, &LiveControlsPanel::stepRequested);
  connect(reset_, &QAction::triggered, this, &LiveControlsPanel::resetRequested);
  connect(speed_, &ParameterSlider::valueChanged, this, [this] { emit speedChanged(speed()); });
  connect(full_speed_, &QCheckBox::toggled, this, [this](bool full) {
    speed_->setEnabled(!full);
    emit speedChanged(speed());
  });
  speed_->setValue(1.0);
  setSimulatedTime(0.0);
}

double LiveControlsPanel::speed() const {
  return full_speed_->isChecked() ? 0.0 : speed_->value();
}

void LiveControlsPanel::setSpeed(double speed) {
  const QSignalBlocker block(full_speed_);
  full_speed_->setChecked(speed == 0.0);
  speed_->setEnabled(speed != 0.0);
  if (speed != 0.0) speed_->setValue(speed);
}

void LiveControlsPanel::setPlaying(bool playing) {
  const QSignalBlocker block(play_);
  play_->setChecked(playing);
  show_playing(playing);
}

void LiveControlsPanel::show_playing(bool playing) {
  play_->setText(playing ? tr("&Pause") : tr("&Play"));
  play_->setIcon(playing ? pause_icon_ : play_icon_);
}

void LiveControlsPanel::setSimulatedTime(double ms) {
  clock_->setText(tr("t = %1 ms").arg(ms, 0, 'f', 3));
}

}  // namespace spikescope
