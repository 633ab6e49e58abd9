#include "model/value_spec.h"

#include <cmath>
#include <numbers>
#include <sstream>

#include "common/onset_generator.h"
#include "common/parameter_error.h"

namespace spikescope {
namespace {

constexpr int kMaxRedraws = 1000;

double unit_interval(SplitMix64& rng) {
  return static_cast<double>(rng.next() >> 11) * 0x1p-53;
}

[[noreturn]] void refuse(const std::string& path, const std::string& reason) {
  throw ParameterError(path + ": " + reason);
}

std::vector<double> draw_uniform(const UniformDraw& draw, std::size_t size,
                                 const std::string& path) {
  if (!std::isfinite(draw.low) || !std::isfinite(draw.high)) {
    refuse(path + ".uniform", "the bounds must be finite numbers");
  }
  if (draw.low > draw.high) {
    std::ostringstream reason;
    reason << "low (" << draw.low << ") must not be above high (" << draw.high << ")";
    refuse(path + ".uniform", reason.str());
  }
  if (!std::isfinite(draw.high - draw.low)) {
    refuse(path + ".uniform", "the range high - low is too wide to draw from");
  }
  SplitMix64 rng(draw.seed);
  std::vector<double> values(size);
  for (double& value : values) value = draw.low + (draw.high - draw.low) * unit_interval(rng);
  return values;
}

std::vector<double> draw_normal(const NormalDraw& draw, std::size_t size,
                                const std::string& path) {
  if (!std::isfinite(draw.mean)) refuse(path + ".normal.mean", "must be a finite number");
  if (!std::isfinite(draw.sd) || draw.sd < 0) {
    refuse(path + ".normal.sd", "must be a finite number of at least 0");
  }
  const double min = draw.min.value_or(-INFINITY);
  const double max = draw.max.value_or(INFINITY);
  if (std::isnan(min) || std::isnan(max) || min > max) {
    refuse(path + ".normal", "min must not be above max");
  }
  SplitMix64 rng(draw.seed);
  std::vector<double> values(size);
  for (double& value : values) {
    int attempts = 0;
    do {
      if (++attempts > kMaxRedraws) {
        refuse(path + ".normal",
               "no value within [min, max] in 1000 draws; widen the bounds or move the mean");
      }
      const double u1 = unit_interval(rng);
      const double u2 = unit_interval(rng);
      value = draw.mean + draw.sd * std::sqrt(-2.0 * std::log(1.0 - u1)) *
                              std::cos(2.0 * std::numbers::pi * u2);
    } while (value < min || value > max);
    if (!std::isfinite(value)) {
      refuse(path + ".normal", "sd is too large: a draw is not a finite number");
    }
  }
  return values;
}

}  // namespace

ValueColumn resolve_values(const ValueSpec& spec, std::size_t size, const std::string& path) {
  if (const double* value = std::get_if<double>(&spec)) return ValueColumn(*value);
  if (const auto* draw = std::get_if<UniformDraw>(&spec)) {
    return ValueColumn(draw_uniform(*draw, size, path));
  }
  if (const auto* draw = std::get_if<NormalDraw>(&spec)) {
    return ValueColumn(draw_normal(*draw, size, path));
  }
  if (const auto* list = std::get_if<std::vector<double>>(&spec)) {
    if (list->size() != size) {
      refuse(path, std::to_string(list->size()) + " values given for " + std::to_string(size) +
                       "; need one per element");
    }
    return ValueColumn(*list);
  }
  const auto& ranges = std::get<RangeValues>(spec);
  std::vector<double> values(size, ranges.default_value);
  for (std::size_t r = 0; r < ranges.ranges.size(); ++r) {
    const IndexRangeValue& range = ranges.ranges[r];
    const std::string where = path + ".ranges[" + std::to_string(r) + "]";
    if (range.first >= range.end || range.end > size) {
      refuse(where, "must be a range first < end <= " + std::to_string(size) + ", got [" +
                        std::to_string(range.first) + ", " + std::to_string(range.end) + ")");
    }
    std::fill(values.begin() + static_cast<std::ptrdiff_t>(range.first),
              values.begin() + static_cast<std::ptrdiff_t>(range.end), range.value);
  }
  return ValueColumn(std::move(values));
}

std::optional<double> uniform_value(const ValueSpec& spec) {
  if (const double* value = std::get_if<double>(&spec)) return *value;
  // Only where resolve_values would give that one value too (not for a refused draw).
  if (const auto* draw = std::get_if<UniformDraw>(&spec);
      draw && draw->low == draw->high && std::isfinite(draw->low)) {
    return draw->low;
  }
  if (const auto* draw = std::get_if<NormalDraw>(&spec);
      draw && draw->sd == 0.0 && std::isfinite(draw->mean) &&
      !(draw->min && draw->mean < *draw->min) && !(draw->max && draw->mean > *draw->max)) {
    return draw->mean;
  }
  if (const auto* ranges = std::get_if<RangeValues>(&spec); ranges && ranges->ranges.empty()) {
    return ranges->default_value;
  }
  return std::nullopt;
}

}  // namespace spikescope
