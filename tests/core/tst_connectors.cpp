// The connector rules (network/connectors.h): the synapses each rule must make, rows sorted and
// free of duplicates, self-connections left out when asked, the statistics of the random rules
// against their laws, seeds, and the memory check's expected_synapses as an upper bound.
#include <QTest>
#include <cmath>
#include <numeric>

#include "network/connectors.h"

using namespace spikescope;

namespace {

ConnectorSpec rule(ConnectorRule kind, bool allow_self = true, std::uint64_t seed = 1) {
  ConnectorSpec c;
  c.rule = kind;
  c.allow_self = allow_self;
  c.seed = seed;
  return c;
}
ConnectorSpec probability(double p, bool allow_self = true, std::uint64_t seed = 1) {
  ConnectorSpec c = rule(ConnectorRule::kFixedProbability, allow_self, seed);
  c.p = p;
  return c;
}
ConnectorSpec in_degree(std::uint64_t k, bool allow_self = true, std::uint64_t seed = 1) {
  ConnectorSpec c = rule(ConnectorRule::kFixedInDegree, allow_self, seed);
  c.k = k;
  return c;
}

// What every connectivity must be: one row per source, rows strictly ascending (so no pair
// twice) and in range, no self-connection when skipped. Empty when it is; else what is wrong.
QString shape_error(const Connectivity& c, std::uint64_t sources, std::uint64_t targets,
                    bool skip_self) {
  if (c.row_begin.size() != sources + 1) return "row_begin has the wrong length";
  if (c.row_begin.front() != 0 || c.row_begin.back() != c.targets.size()) {
    return "row_begin does not span the targets";
  }
  for (std::uint64_t i = 0; i < sources; ++i) {
    if (c.row_begin[i] > c.row_begin[i + 1]) return QString("row %1 ends before it starts").arg(i);
    for (std::uint64_t s = c.row_begin[i]; s < c.row_begin[i + 1]; ++s) {
      if (c.targets[s] >= targets) return QString("row %1: target out of range").arg(i);
      if (s > c.row_begin[i] && c.targets[s] <= c.targets[s - 1]) {
        return QString("row %1 is not strictly ascending").arg(i);
      }
      if (skip_self && c.targets[s] == i) return QString("row %1 connects to itself").arg(i);
    }
  }
  return {};
}

std::vector<std::uint64_t> in_degrees(const Connectivity& c, std::uint64_t targets) {
  std::vector<std::uint64_t> degrees(targets, 0);
  for (const std::uint32_t t : c.targets) ++degrees[t];
  return degrees;
}

std::vector<std::uint64_t> out_degrees(const Connectivity& c) {
  std::vector<std::uint64_t> degrees(c.row_begin.size() - 1);
  for (std::size_t i = 0; i < degrees.size(); ++i) degrees[i] = c.row_begin[i + 1] - c.row_begin[i];
  return degrees;
}

// Mean and sample variance.
std::pair<double, double> moments(const std::vector<std::uint64_t>& values) {
  const double n = static_cast<double>(values.size());
  double sum = 0;
  double sum_squares = 0;
  for (const std::uint64_t v : values) {
    sum += static_cast<double>(v);
    sum_squares += static_cast<double>(v) * static_cast<double>(v);
  }
  const double mean = sum / n;
  return {mean, (sum_squares - n * mean * mean) / (n - 1)};
}

// Wilson-Hilferty: the chi-square quantile of `dof` degrees at the normal quantile z.
double chi_square_quantile(double dof, double z) {
  const double a = 2.0 / (9.0 * dof);
  return dof * std::pow(1.0 - a + z * std::sqrt(a), 3);
}

}  // namespace

class TestConnectors : public QObject {
  Q_OBJECT
 private slots:
  void allToAll_data();
  void allToAll();
  void oneToOne();
  void fixedProbability_data();
  void fixedProbability();
  void fixedProbabilitySeeds();
  void fixedInDegree_data();
  void fixedInDegree();
  void fixedInDegreeSourcesAreUniform_data();
  void fixedInDegreeSourcesAreUniform();
  void fixedInDegreeSeeds();
};

void TestConnectors::allToAll_data() {
  QTest::addColumn<quint64>("sources");
  QTest::addColumn<quint64>("targets");
  QTest::addColumn<bool>("same");
  QTest::addColumn<bool>("allow_self");
  QTest::newRow("two populations") << quint64{7} << quint64{11} << false << false;
  QTest::newRow("one population, self allowed") << quint64{10} << quint64{10} << true << true;
  QTest::newRow("one population, no self") << quint64{10} << quint64{10} << true << false;
  QTest::newRow("one neuron, no self") << quint64{1} << quint64{1} << true << false;
}

void TestConnectors::allToAll() {
  QFETCH(quint64, sources);
  QFETCH(quint64, targets);
  QFETCH(bool, same);
  QFETCH(bool, allow_self);
  const ConnectorSpec spec = rule(ConnectorRule::kAllToAll, allow_self);
  const bool skip_self = same && !allow_self;
  const Connectivity c = spikescope::connect(spec, sources, targets, same);
  const QString error = shape_error(c, sources, targets, skip_self);
  QVERIFY2(error.isEmpty(), qPrintable(error));
  QCOMPARE(c.synapse_count(), sources * targets - (skip_self ? sources : 0));
  // Strictly ascending rows of the right length are every target (but the neuron itself).
  for (const std::uint64_t degree : out_degrees(c)) {
    QCOMPARE(degree, targets - (skip_self ? 1 : 0));
  }
  QVERIFY(expected_synapses(spec, sources, targets, same) >= c.synapse_count());
  QCOMPARE(expected_synapses(spec, sources, targets, same), c.synapse_count());
}

void TestConnectors::oneToOne() {
  const ConnectorSpec spec = rule(ConnectorRule::kOneToOne);
  const Connectivity c = spikescope::connect(spec, 50, 50, false);
  QCOMPARE(shape_error(c, 50, 50, false), QString());
  QCOMPARE(c.synapse_count(), std::uint64_t{50});
  for (std::uint32_t i = 0; i < 50; ++i) {
    QCOMPARE(c.row_begin[i + 1] - c.row_begin[i], std::uint64_t{1});
    QCOMPARE(c.targets[c.row_begin[i]], i);
  }
  QCOMPARE(expected_synapses(spec, 50, 50, false), std::uint64_t{50});
  QCOMPARE(spikescope::connect(spec, 50, 50, true).synapse_count(), std::uint64_t{50});
  // Within one population without self-connections every pair i -> i is one.
  const ConnectorSpec no_self = rule(ConnectorRule::kOneToOne, false);
  const Connectivity none = spikescope::connect(no_self, 50, 50, true);
  QCOMPARE(shape_error(none, 50, 50, true), QString());
  QCOMPARE(none.synapse_count(), std::uint64_t{0});
  QCOMPARE(expected_synapses(no_self, 50, 50, true), std::uint64_t{0});
}

void TestConnectors::fixedProbability_data() {
  QTest::addColumn<double>("p");
  QTest::addColumn<bool>("same");
  for (const double p : {0.02, 0.5, 1.0, 0.0, 0.999}) {
    QTest::addRow("p=%g, two populations", p) << p << false;
    QTest::addRow("p=%g, one population, no self", p) << p << true;
  }
}

// Each pair is Bernoulli(p): the count is Binomial(pairs, p), each target's in-degree
// Binomial(sources that may reach it, p).
void TestConnectors::fixedProbability() {
  QFETCH(double, p);
  QFETCH(bool, same);
  const std::uint64_t sources = same ? 300 : 400;
  const std::uint64_t targets = 300;
  const ConnectorSpec spec = probability(p, /*allow_self=*/false, 12345);
  const Connectivity c = spikescope::connect(spec, sources, targets, same);
  const QString error = shape_error(c, sources, targets, same);
  QVERIFY2(error.isEmpty(), qPrintable(error));

  const std::uint64_t reaching = sources - (same ? 1 : 0);
  const double pairs = static_cast<double>(reaching * targets);
  const double count = static_cast<double>(c.synapse_count());
  const double sd = std::sqrt(pairs * p * (1 - p));
  QVERIFY2(std::abs(count - pairs * p) <= 4 * sd,
           qPrintable(QString("%1 synapses, expected %2 +- %3").arg(count).arg(pairs * p).arg(sd)));
  if (p == 0.0) QCOMPARE(c.synapse_count(), std::uint64_t{0});
  if (p == 1.0) QCOMPARE(c.synapse_count(), reaching * targets);

  const auto [mean, variance] = moments(in_degrees(c, targets));
  const double mean_theory = static_cast<double>(reaching) * p;
  const double variance_theory = mean_theory * (1 - p);
  const double n = static_cast<double>(targets);
  QVERIFY2(std::abs(mean - mean_theory) <= 4 * std::sqrt(variance_theory / n) + 1e-9,
           qPrintable(QString("mean in-degree %1, expected %2").arg(mean).arg(mean_theory)));
  // A near-normal sample variance has standard error var * sqrt(2 / (n - 1)).
  QVERIFY2(
      std::abs(variance - variance_theory) <= 5 * variance_theory * std::sqrt(2 / (n - 1)) + 1e-9,
      qPrintable(QString("in-degree variance %1, binomial %2").arg(variance).arg(variance_theory)));
  QVERIFY(expected_synapses(spec, sources, targets, same) >= c.synapse_count());
}

void TestConnectors::fixedProbabilitySeeds() {
  const Connectivity a = spikescope::connect(probability(0.1, true, 7), 200, 150, false);
  const Connectivity b = spikescope::connect(probability(0.1, true, 7), 200, 150, false);
  const Connectivity other = spikescope::connect(probability(0.1, true, 8), 200, 150, false);
  QCOMPARE(a.row_begin, b.row_begin);
  QCOMPARE(a.targets, b.targets);
  QVERIFY(a.targets != other.targets || a.row_begin != other.row_begin);
  // The geometric gaps are drawn in one stream: no two rows are copies of each other's start.
  QVERIFY(std::vector<std::uint32_t>(a.targets.begin() + a.row_begin[0],
                                     a.targets.begin() + a.row_begin[1]) !=
          std::vector<std::uint32_t>(a.targets.begin() + a.row_begin[1],
                                     a.targets.begin() + a.row_begin[2]));
}

void TestConnectors::fixedInDegree_data() {
  QTest::addColumn<quint64>("sources");
  QTest::addColumn<quint64>("targets");
  QTest::addColumn<quint64>("k");
  QTest::addColumn<bool>("same");
  QTest::addColumn<bool>("allow_self");
  QTest::newRow("two populations") << quint64{50} << quint64{80} << quint64{10} << false << false;
  QTest::newRow("one population, no self")
      << quint64{60} << quint64{60} << quint64{10} << true << false;
  QTest::newRow("one population, self allowed")
      << quint64{60} << quint64{60} << quint64{10} << true << true;
  QTest::newRow("k = all sources") << quint64{40} << quint64{30} << quint64{40} << false << false;
  QTest::newRow("k = all others") << quint64{60} << quint64{60} << quint64{59} << true << false;
  QTest::newRow("k = all, self allowed")
      << quint64{25} << quint64{25} << quint64{25} << true << true;
  QTest::newRow("k = 0") << quint64{20} << quint64{30} << quint64{0} << false << false;
  QTest::newRow("k = 1") << quint64{1000} << quint64{500} << quint64{1} << false << false;
}

void TestConnectors::fixedInDegree() {
  QFETCH(quint64, sources);
  QFETCH(quint64, targets);
  QFETCH(quint64, k);
  QFETCH(bool, same);
  QFETCH(bool, allow_self);
  const ConnectorSpec spec = in_degree(k, allow_self, 99);
  const bool skip_self = same && !allow_self;
  const Connectivity c = spikescope::connect(spec, sources, targets, same);
  // Strictly ascending rows: no source appears twice for a target, so in-degrees count
  // distinct sources.
  const QString error = shape_error(c, sources, targets, skip_self);
  QVERIFY2(error.isEmpty(), qPrintable(error));
  const auto degrees = in_degrees(c, targets);
  for (std::uint64_t j = 0; j < targets; ++j) {
    QVERIFY2(degrees[j] == k, qPrintable(QString("target %1: %2 sources").arg(j).arg(degrees[j])));
  }
  QCOMPARE(c.synapse_count(), k * targets);
  QVERIFY(expected_synapses(spec, sources, targets, same) >= c.synapse_count());
  // Taking every available source leaves no choice: every (other) pair.
  if (k == sources - (skip_self ? 1 : 0)) {
    const Connectivity all =
        spikescope::connect(rule(ConnectorRule::kAllToAll, allow_self), sources, targets, same);
    QCOMPARE(c.row_begin, all.row_begin);
    QCOMPARE(c.targets, all.targets);
  }
}

void TestConnectors::fixedInDegreeSourcesAreUniform_data() {
  QTest::addColumn<bool>("same");
  QTest::newRow("two populations") << false;
  QTest::newRow("one population, no self") << true;
}

// Each target takes k of the m sources it may have: a source's out-degree O has mean
// E = targets * k / sources and variance E (1 - k/m), so
//   X = (n - 1) / n * sum (O - E)^2 / (E (1 - k/m))   over the n sources
// is near chi-square with n - 1 degrees (the total is fixed). Too large: some sources favoured;
// too small: the draw is more even than chance (a round robin).
void TestConnectors::fixedInDegreeSourcesAreUniform() {
  QFETCH(bool, same);
  const std::uint64_t sources = 100;
  const std::uint64_t targets = same ? 100 : 3000;
  const std::uint64_t k = 10;
  // Within one population source i is a candidate for the other 99 targets.
  const double m = same ? 99.0 : 100.0;
  std::vector<std::uint64_t> out(sources, 0);
  // One population of 100 is too few draws; add the rows of several seeds.
  const int repeats = same ? 30 : 1;
  for (int r = 0; r < repeats; ++r) {
    const Connectivity c =
        spikescope::connect(in_degree(k, false, 500 + r), sources, targets, same);
    const auto degrees = out_degrees(c);
    for (std::uint64_t i = 0; i < sources; ++i) out[i] += degrees[i];
  }
  const double n = static_cast<double>(sources);
  const double expected = repeats * static_cast<double>(targets * k) / n;
  const double variance = expected * (1 - static_cast<double>(k) / m);
  double x = 0;
  for (const std::uint64_t o : out) {
    const double d = static_cast<double>(o) - expected;
    x += d * d / variance;
  }
  x *= (n - 1) / n;
  const double dof = n - 1;
  const double low = chi_square_quantile(dof, -3.29);  // 0.05% on each side
  const double high = chi_square_quantile(dof, 3.29);
  QVERIFY2(x > low && x < high,
           qPrintable(QString("chi-square %1, outside [%2, %3]").arg(x).arg(low).arg(high)));
}

void TestConnectors::fixedInDegreeSeeds() {
  const Connectivity a = spikescope::connect(in_degree(5, false, 3), 80, 80, true);
  const Connectivity b = spikescope::connect(in_degree(5, false, 3), 80, 80, true);
  const Connectivity other = spikescope::connect(in_degree(5, false, 4), 80, 80, true);
  QCOMPARE(a.row_begin, b.row_begin);
  QCOMPARE(a.targets, b.targets);
  QVERIFY(a.targets != other.targets || a.row_begin != other.row_begin);
}

QTEST_GUILESS_MAIN(TestConnectors)
#include "tst_connectors.moc"
