// The plot reductions against brute force: every pixel column keeps exactly its extremes, bins
// keep exactly their sums, the density image keeps every spike in the right cell.
#include <QTest>

#include <algorithm>
#include <random>

#include "record/trace_reduction.h"

using namespace spikescope;

namespace {

std::vector<double> random_series(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> value(-1.0, 1.0);
  std::vector<double> series(n);
  for (double& v : series) v = value(rng);
  return series;
}

std::vector<std::uint8_t> random_spikes(std::size_t n, double rate, unsigned seed) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution spike(rate);
  std::vector<std::uint8_t> flags(n);
  for (auto& f : flags) f = spike(rng) ? 1 : 0;
  return flags;
}

}  // namespace

class TestTraceReduction : public QObject {
  Q_OBJECT
 private slots:
  void envelopeKeepsEveryColumnsExtremes_data();
  void envelopeKeepsEveryColumnsExtremes();
  void shortSeriesPassesThrough();
  void binSumsMatchDirectSums();
  void densityImageMatchesBruteForce_data();
  void densityImageMatchesBruteForce();
  void refractoryIntervalsCoverExactlyTheHeldSteps();
  void spikeIndicesKeepOnePerColumn();
};

void TestTraceReduction::envelopeKeepsEveryColumnsExtremes_data() {
  QTest::addColumn<int>("samples");
  QTest::addColumn<int>("binSteps");
  QTest::newRow("4001 samples, bins of 3") << 4001 << 3;
  QTest::newRow("short last bin") << 10007 << 31;
  QTest::newRow("one bin") << 500 << 500;
  QTest::newRow("bins of 2") << 201 << 2;
}

void TestTraceReduction::envelopeKeepsEveryColumnsExtremes() {
  QFETCH(int, samples);
  QFETCH(int, binSteps);
  const auto series = random_series(std::size_t(samples), unsigned(samples));
  const Polyline line = min_max_envelope(series, std::size_t(binSteps));
  QCOMPARE(line.indices.size(), line.values.size());
  QVERIFY(std::is_sorted(line.indices.begin(), line.indices.end()));
  const int bins = (samples + binSteps - 1) / binSteps;
  QVERIFY(line.indices.size() <= 2 * std::size_t(bins));
  for (std::size_t p = 0; p < line.indices.size(); ++p) {
    QCOMPARE(line.values[p], series[std::size_t(line.indices[p])]);
  }
  // Brute force: the extremes of each bin appear among that bin's points.
  std::size_t point = 0;
  for (int b = 0; b < bins; ++b) {
    const std::size_t begin = std::size_t(b) * std::size_t(binSteps);
    const std::size_t end = std::min(std::size_t(samples), begin + std::size_t(binSteps));
    const double lo = *std::min_element(series.begin() + long(begin), series.begin() + long(end));
    const double hi = *std::max_element(series.begin() + long(begin), series.begin() + long(end));
    std::vector<double> in_bin;
    while (point < line.indices.size() && std::size_t(line.indices[point]) < end) {
      QVERIFY(std::size_t(line.indices[point]) >= begin);
      in_bin.push_back(line.values[point++]);
    }
    QVERIFY(!in_bin.empty() && in_bin.size() <= 2);
    QCOMPARE(*std::min_element(in_bin.begin(), in_bin.end()), lo);
    QCOMPARE(*std::max_element(in_bin.begin(), in_bin.end()), hi);
  }
  QCOMPARE(point, line.indices.size());
}

void TestTraceReduction::shortSeriesPassesThrough() {
  const auto series = random_series(150, 3);
  for (std::size_t bin : {std::size_t(1), std::size_t(2)}) {
    const Polyline line = min_max_envelope(series, bin);
    QCOMPARE(line.values, series);
    QCOMPARE(line.indices.front(), std::int64_t(0));
    QCOMPARE(line.indices.back(), std::int64_t(149));
  }
  // A series that starts on a bin boundary keeps its finished bins when it grows.
  const Polyline shorter = min_max_envelope(std::span(series).first(100), 7);
  const Polyline longer = min_max_envelope(series, 7);
  const std::size_t settled = std::size_t(std::count_if(
      shorter.indices.begin(), shorter.indices.end(), [](std::int64_t i) { return i < 98; }));
  QVERIFY(std::equal(shorter.values.begin(), shorter.values.begin() + long(settled),
                     longer.values.begin()));
}

void TestTraceReduction::binSumsMatchDirectSums() {
  const auto series = random_series(1003, 9);
  for (std::size_t bin : {std::size_t(1), std::size_t(3), std::size_t(10), std::size_t(2000)}) {
    const auto sums = sum_per_bin(series, bin);
    QCOMPARE(sums.size(), (series.size() + bin - 1) / bin);
    for (std::size_t b = 0; b < sums.size(); ++b) {
      double direct = 0.0;
      for (std::size_t i = b * bin; i < std::min(series.size(), (b + 1) * bin); ++i) {
        direct += series[i];
      }
      QCOMPARE(sums[b], direct);
    }
  }
  QCOMPARE(bin_steps_for(4001, 1400), std::size_t(3));
  QCOMPARE(bin_steps_for(1400, 1400), std::size_t(1));
  QCOMPARE(bin_steps_for(1401, 1400), std::size_t(2));
}

void TestTraceReduction::densityImageMatchesBruteForce_data() {
  QTest::addColumn<int>("rasterRows");
  QTest::addColumn<int>("maxRows");
  QTest::addColumn<int>("binSteps");
  QTest::newRow("no pooling") << 50 << 100 << 1;
  QTest::newRow("rows pooled by 3, steps by 4") << 301 << 100 << 4;
  QTest::newRow("all rows into one") << 40 << 1 << 7;
}

void TestTraceReduction::densityImageMatchesBruteForce() {
  QFETCH(int, rasterRows);
  QFETCH(int, maxRows);
  QFETCH(int, binSteps);
  // A ring that has already wrapped, so that absolute steps matter.
  StepRing<std::uint32_t> ring(std::size_t(rasterRows), 200);
  std::mt19937 rng(11);
  std::uniform_int_distribution<std::uint32_t> count(0, 5);
  std::vector<std::vector<std::uint32_t>> truth;  // [step][row] for every step written
  for (int s = 0; s < 530; ++s) {
    std::uint32_t* slot = ring.append();
    truth.emplace_back(std::size_t(rasterRows));
    for (int r = 0; r < rasterRows; ++r) slot[r] = truth.back()[std::size_t(r)] = count(rng);
  }
  const std::int64_t first = 350;
  const std::int64_t end = 517;
  const DensityImage image =
      pool_raster(ring, first, end, std::size_t(maxRows), std::size_t(binSteps));
  const std::size_t per_pixel = std::size_t((rasterRows + maxRows - 1) / maxRows);
  QCOMPARE(image.rows_per_pixel, per_pixel);
  QCOMPARE(image.rows, (std::size_t(rasterRows) + per_pixel - 1) / per_pixel);
  QVERIFY(image.rows <= std::size_t(maxRows));
  QCOMPARE(image.columns, std::size_t((end - first + binSteps - 1) / binSteps));
  for (std::size_t row = 0; row < image.rows; ++row) {
    for (std::size_t column = 0; column < image.columns; ++column) {
      std::uint32_t expected = 0;
      for (std::int64_t s = first + std::int64_t(column) * binSteps;
           s < std::min(end, first + std::int64_t(column + 1) * binSteps); ++s) {
        for (std::size_t r = row * per_pixel;
             r < std::min(std::size_t(rasterRows), (row + 1) * per_pixel); ++r) {
          expected += truth[std::size_t(s)][r];
        }
      }
      QCOMPARE(image.counts[row * image.columns + column], expected);
    }
  }
  // Steps the ring no longer holds are left out rather than read.
  const DensityImage clipped = pool_raster(ring, 0, 530, std::size_t(maxRows), 1);
  QCOMPARE(clipped.columns, std::size_t(200));
}

void TestTraceReduction::refractoryIntervalsCoverExactlyTheHeldSteps() {
  for (std::int64_t hold : {std::int64_t(0), std::int64_t(1), std::int64_t(5), std::int64_t(32)}) {
    const auto spikes = random_spikes(3000, 0.03, unsigned(hold) + 1);
    std::vector<bool> held(spikes.size() + std::size_t(hold) + 1, false);
    for (std::size_t k = 0; k < spikes.size(); ++k) {
      if (spikes[k] == 0) continue;
      for (std::int64_t j = 1; j <= hold; ++j) held[k + std::size_t(j)] = true;
    }
    std::vector<bool> covered(held.size(), false);
    const auto intervals = refractory_intervals(spikes, hold);
    for (std::size_t i = 0; i < intervals.size(); ++i) {
      QVERIFY(intervals[i].begin < intervals[i].end);
      if (i > 0) QVERIFY(intervals[i - 1].end < intervals[i].begin);  // merged when touching
      for (std::int64_t s = intervals[i].begin; s < intervals[i].end; ++s)
        covered[std::size_t(s)] = true;
    }
    QCOMPARE(covered, held);
  }
}

void TestTraceReduction::spikeIndicesKeepOnePerColumn() {
  const auto spikes = random_spikes(10000, 0.2, 5);
  const std::size_t bin = 13;
  const auto kept = spike_indices(spikes, bin);
  const std::size_t bins = (spikes.size() + bin - 1) / bin;
  std::vector<std::int64_t> first_in_bin(bins, -1);
  for (std::size_t i = spikes.size(); i-- > 0;) {
    if (spikes[i]) first_in_bin[i / bin] = std::int64_t(i);
  }
  std::vector<std::int64_t> expected;
  for (const std::int64_t first : first_in_bin) {
    if (first >= 0) expected.push_back(first);
  }
  QCOMPARE(kept, expected);
  // Bins of one step: every spike is kept.
  const auto sparse = random_spikes(300, 0.1, 6);
  QCOMPARE(spike_indices(sparse, 1).size(),
           std::size_t(std::count(sparse.begin(), sparse.end(), std::uint8_t(1))));
}

QTEST_APPLESS_MAIN(TestTraceReduction)
#include "tst_trace_reduction.moc"
