// ScrollingDensity, frame after frame of a scrolling window, against pooling the whole window
// anew (pool_raster, itself checked against brute force in tst_trace_reduction).
#include <QTest>

#include <random>

#include "record/scrolling_density.h"

using namespace spikescope;

namespace {

void append_random_steps(StepRing<std::uint32_t>& ring, int steps, std::mt19937& rng) {
  std::uniform_int_distribution<std::uint32_t> count(0, 4);
  for (int s = 0; s < steps; ++s) {
    std::uint32_t* slot = ring.append();
    for (std::size_t r = 0; r < ring.width(); ++r) slot[r] = count(rng);
  }
}

}  // namespace

class TestScrollingDensity : public QObject {
  Q_OBJECT
 private slots:
  void everyFrameEqualsAFullPooling_data();
  void everyFrameEqualsAFullPooling();
  void forgetStartsAfresh();
};

void TestScrollingDensity::everyFrameEqualsAFullPooling_data() {
  QTest::addColumn<int>("rows");
  QTest::addColumn<int>("maxRows");
  QTest::addColumn<int>("binSteps");
  QTest::newRow("rows pooled by 4, bins of 5") << 1024 << 300 << 5;
  QTest::newRow("one row per pixel, bins of 1") << 100 << 300 << 1;
  QTest::newRow("bins of 7") << 37 << 10 << 7;
}

void TestScrollingDensity::everyFrameEqualsAFullPooling() {
  QFETCH(int, rows);
  QFETCH(int, maxRows);
  QFETCH(int, binSteps);
  const std::int64_t window = 400;
  const std::int64_t bin = binSteps;
  // The ring holds the window plus the bin the view may start in before it.
  StepRing<std::uint32_t> ring(std::size_t(rows), std::size_t(window + bin));
  std::mt19937 rng(unsigned(rows + binSteps));
  ScrollingDensity density;
  int frames = 0;
  // Frames of irregular size: single steps, a few, many; the window fills, then scrolls.
  for (const int advance : {1, 1, 3, 17, 60, 1, 250, 2, 90, 400, 5, 1, 33, 777, 4}) {
    append_random_steps(ring, advance, rng);
    const std::int64_t end = ring.end_step();
    const std::int64_t first = std::max<std::int64_t>(0, end - window) / bin * bin;
    const DensityImage& kept =
        density.update(ring, first, end, std::size_t(maxRows), std::size_t(binSteps));
    const DensityImage full =
        pool_raster(ring, first, end, std::size_t(maxRows), std::size_t(binSteps));
    QVERIFY2(kept == full,
             qPrintable(QString("frame %1 (end step %2) differs").arg(frames).arg(end)));
    ++frames;
  }
}

void TestScrollingDensity::forgetStartsAfresh() {
  StepRing<std::uint32_t> ring(8, 100);
  std::mt19937 rng(3);
  append_random_steps(ring, 50, rng);
  ScrollingDensity density;
  density.update(ring, 0, ring.end_step(), 8, 4);
  // A new history (a reset) with the same step numbers: without forget() the old bins would
  // be kept; with it the image is the new history's.
  ring.clear();
  append_random_steps(ring, 50, rng);
  density.forget();
  QVERIFY(density.update(ring, 0, ring.end_step(), 8, 4) ==
          pool_raster(ring, 0, ring.end_step(), 8, 4));
}

QTEST_APPLESS_MAIN(TestScrollingDensity)
#include "tst_scrolling_density.moc"
