// The play/pause button reuses two icons. A QIcon made anew on every toggle has a new cache key,
// so the pixmaps the style renders from it (the disabled look, a scaled size) were put in
// QPixmapCache under keys never asked for again: the 10-minute soak's heap grew by about 5 MB
// that way. Two icons for any number of toggles, each the one its state shows.
#include <QSet>
#include <QTest>

#include "live_controls_panel.h"

using namespace spikescope;

class TestLiveControls : public QObject {
  Q_OBJECT
 private slots:
  void playIconsAreMadeOnce();
};

void TestLiveControls::playIconsAreMadeOnce() {
  LiveControlsPanel panel;
  QAction* play = panel.playAction();
  const qint64 play_key = play->icon().cacheKey();
  QSet<qint64> keys{play_key};
  qint64 pause_key = 0;
  for (int i = 0; i < 200; ++i) {
    if (i % 2 == 0) {
      play->trigger();  // as the user does: the button toggles
    } else {
      panel.setPlaying(!play->isChecked());  // as the window does when it shows an experiment
    }
    keys.insert(play->icon().cacheKey());
    if (play->isChecked() && pause_key == 0) pause_key = play->icon().cacheKey();
    QCOMPARE(play->icon().cacheKey(), play->isChecked() ? pause_key : play_key);
  }
  QVERIFY(pause_key != play_key);
  QCOMPARE(keys.size(), 2);
}

QTEST_MAIN(TestLiveControls)
#include "tst_live_controls.moc"
