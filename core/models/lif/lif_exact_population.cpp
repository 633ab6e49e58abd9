#include "models/lif/lif_exact_population.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>

#include "models/lif/lif_model.h"

namespace spikescope {
namespace {

LifParameters uniform_parameters(const ParameterColumns& columns) {
  std::vector<double> values;
  for (const ValueColumn& column : columns) values.push_back(column.uniform);
  return lif_parameters_from(values);
}

// How an inline channel's per-neuron arrivals come (ChannelArrivals): in binary64 rows, in
// binary32 rows that the kernel empties, or not at all (none arrive, or the network adds them
// to I_syn itself: next_step_current).
enum Rows : int { kNoRows = 0, kRowsF32 = 1, kRowsF64 = 2 };

// What one chunk's kernel needs: the compile-time variant and the per-step currents.
template <bool kOnset, bool kPerNeuron, int kExp, int kRows0, int kRows1>
struct ExactKernel {
  static constexpr bool onset = kOnset;
  static constexpr bool per_neuron = kPerNeuron;
  static constexpr int exp_channels = kExp;
  static constexpr int rows0 = kRows0;
  static constexpr int rows1 = kRows1;
  const ChunkInput* in;
  const double* current_on;
  const double* current_off;
  LifInputs* inputs;
  std::array<std::size_t, 2> exp_channel{};  // index of each inline channel in in->channels
};

// The step kernel counts spikes in 16 bits: in 16-bit lanes the count costs a third of the
// instructions it takes in 32-bit ones (about 12% of the whole loop with AVX-512).
constexpr std::size_t kMaxNeuronsPerCall = 2048;

// The constants of one inline channel in a step; its arrays go to exact_step one by one.
template <typename Real>
struct ExpStep {
  Real decay = 0;
  Real coupling = 0;
  Real arriving_uniform = 0;
};

// The arrays of one inline channel for a call: I_syn and the arrivals, in binary64 or binary32
// (ChannelArrivals::per_neuron_f32), all [neuron] shifted to the call's range.
template <typename Real>
struct ExpArrays {
  Real* current = nullptr;
  const double* arriving = nullptr;
  float* arriving_f32 = nullptr;
};

// I_syn of neuron j with its arrivals; binary32 cells are emptied as they are read
// (ChannelArrivals). Without rows nothing is added, not even 0: I_syn + 0 would turn -0 into +0.
template <int kRows, typename Real>
[[gnu::always_inline]] inline Real with_arrivals(Real current, const double* __restrict arriving,
                                                 float* __restrict arriving_f32, std::size_t j) {
  if constexpr (kRows == kRowsF32) {
    const Real value = static_cast<Real>(arriving_f32[j]);
    arriving_f32[j] = 0.0f;
    return current + value;
  } else if constexpr (kRows == kRowsF64) {
    return current + static_cast<Real>(arriving[j]);
  } else {
    return current;
  }
}

// One step of neurons [0, n), n <= kMaxNeuronsPerCall, of the arrays given; returns how many
// fired, and with kFlags sets flag[j] to whether neuron j fired. Branch-free, so that it
// vectorises; the arrays never overlap, which __restrict tells the compiler so that it skips
// checking.
template <bool kOnset, bool kPerNeuron, int kExp, int kRows0, int kRows1, bool kFlags,
          typename Real>
[[gnu::always_inline]] inline std::uint32_t exact_step(
    std::size_t n, const ExactConstants<Real> c, Real v_inf_on, Real v_inf_off, double current_on,
    double current_off, std::int32_t sample, const std::int32_t* __restrict onset,
    const double* __restrict extra, const std::array<ExpStep<Real>, 2> exp,
    Real* __restrict current0, Real* __restrict current1, const double* __restrict arriving0,
    const double* __restrict arriving1, float* __restrict arriving0_f32,
    float* __restrict arriving1_f32, Real* __restrict vm, std::uint16_t* __restrict left,
    std::uint8_t* __restrict flag) {
  std::uint16_t count = 0;
  // After inlining, GCC no longer trusts the __restrict above and vectorises only behind a
  // run-time overlap check of every pair of arrays: say again that iterations are independent.
#pragma GCC ivdep
  for (std::size_t j = 0; j < n; ++j) {
    Real v_inf;
    if constexpr (kPerNeuron) {
      const double current =
          (kOnset ? (sample >= onset[j] ? current_on : current_off) : current_on) + extra[j];
      v_inf = c.rest_v + static_cast<Real>(current) * c.rm_kohm;
    } else {
      v_inf = kOnset ? (sample >= onset[j] ? v_inf_on : v_inf_off) : v_inf_on;
    }
    Real next = v_inf - (v_inf - vm[j]) * c.decay;
    if constexpr (kExp >= 1) {
      const Real current =
          with_arrivals<kRows0>(current0[j] + exp[0].arriving_uniform, arriving0, arriving0_f32, j);
      next += exp[0].coupling * current;
      current0[j] = current * exp[0].decay;
    }
    if constexpr (kExp >= 2) {
      const Real current =
          with_arrivals<kRows1>(current1[j] + exp[1].arriving_uniform, arriving1, arriving1_f32, j);
      next += exp[1].coupling * current;
      current1[j] = current * exp[1].decay;
    }
    const std::uint16_t remaining = left[j];
    const bool refractory = remaining != 0;
    const bool spike = !refractory & (next >= c.threshold_v);
    vm[j] = (refractory | spike) ? c.reset_v : next;
    left[j] =
        spike ? c.refractory_steps : static_cast<std::uint16_t>(refractory ? remaining - 1 : 0);
    if constexpr (kFlags) flag[j] = spike;
    count += spike;
  }
  return count;
}

}  // namespace

template <typename Real>
ExactLifPopulation<Real>::ExactLifPopulation(const PopulationSetup& setup)
    : parameters_(uniform_parameters(setup.parameters)),
      dt_ms_(setup.dt_ms),
      constants_(exact_constants<Real>(parameters_, setup.dt_ms)),
      vm_v_(setup.size),
      refractory_left_(setup.size),
      inputs_(setup.channels, setup.size, setup.dt_ms, kInlineExpCurrents,
              lif_model().mV_per_voltage_unit) {
  for (const std::size_t c : inputs_.inline_channels()) {
    ExpCurrent channel;
    channel.tau_ms = setup.channels[c].tau_ms;
    channel.current.assign(setup.size, Real(0));
    exp_currents_.push_back(std::move(channel));
  }
  derive_constants();
  if (!setup.initial.empty() && setup.initial[0]) {
    const ValueColumn& v = *setup.initial[0];
    initial_vm_.resize(setup.size);
    for (std::size_t j = 0; j < setup.size; ++j) initial_vm_[j] = static_cast<Real>(v[j]);
  }
  reset();
}

template <typename Real>
ExactLifPopulation<Real>::ExactLifPopulation(const ExactLifPopulation& other, std::size_t size)
    : parameters_(other.parameters_),
      dt_ms_(other.dt_ms_),
      constants_(other.constants_),
      vm_v_(size),
      refractory_left_(size),
      exp_currents_(other.exp_currents_),
      inputs_(other.inputs_) {}

template <typename Real>
const ModelDescriptor& ExactLifPopulation<Real>::model() const {
  return lif_model();
}

template <typename Real>
void ExactLifPopulation<Real>::derive_constants() {
  constants_ = exact_constants<Real>(parameters_, dt_ms_);
  const double tau_m = parameters_.tau_m_ms();
  const double decay_m = std::exp(-dt_ms_ / tau_m);
  for (ExpCurrent& channel : exp_currents_) {
    const double tau_s = channel.tau_ms;
    const double decay_s = std::exp(-dt_ms_ / tau_s);
    // tau_s / (tau_s - tau_m) * (e_s - e_m), which tends to dt/tau_m * e_m as tau_s -> tau_m.
    const double factor = std::abs(tau_s - tau_m) < 1e-9 * tau_m
                              ? dt_ms_ / tau_m * decay_m
                              : tau_s / (tau_s - tau_m) * (decay_s - decay_m);
    channel.decay = static_cast<Real>(decay_s);
    channel.coupling = static_cast<Real>(parameters_.membrane_resistance_kohm * factor);
  }
}

template <typename Real>
std::unique_ptr<NeuronPopulation> ExactLifPopulation<Real>::gathered(
    std::span<const std::uint32_t> source_of) const {
  std::unique_ptr<ExactLifPopulation> population(new ExactLifPopulation(*this, source_of.size()));
  for (std::size_t j = 0; j < source_of.size(); ++j) {
    population->vm_v_[j] = vm_v_[source_of[j]];
    population->refractory_left_[j] = refractory_left_[source_of[j]];
  }
  for (std::size_t c = 0; c < exp_currents_.size(); ++c) {
    auto& current = population->exp_currents_[c].current;
    current.resize(source_of.size());
    for (std::size_t j = 0; j < source_of.size(); ++j) {
      current[j] = exp_currents_[c].current[source_of[j]];
    }
  }
  if (!initial_vm_.empty()) {
    population->initial_vm_.resize(source_of.size());
    for (std::size_t j = 0; j < source_of.size(); ++j) {
      population->initial_vm_[j] = initial_vm_[source_of[j]];
    }
  }
  population->inputs_ = inputs_.gathered(source_of);
  return population;
}

template <typename Real>
void ExactLifPopulation<Real>::set_parameters(const ParameterColumns& parameters) {
  parameters_ = uniform_parameters(parameters);
  derive_constants();
  // A shorter refractory period applies at once to neurons already counting down.
  for (auto& left : refractory_left_) left = std::min(left, constants_.refractory_steps);
}

template <typename Real>
void ExactLifPopulation<Real>::reset() {
  if (initial_vm_.empty()) {
    std::fill(vm_v_.begin(), vm_v_.end(), constants_.rest_v);
  } else {
    std::copy(initial_vm_.begin(), initial_vm_.end(), vm_v_.begin());
  }
  std::fill(refractory_left_.begin(), refractory_left_.end(), std::uint16_t{0});
  for (ExpCurrent& channel : exp_currents_) {
    std::fill(channel.current.begin(), channel.current.end(), Real(0));
  }
  inputs_.reset();
}

template <typename Real>
bool ExactLifPopulation<Real>::reads_float_arrivals(std::size_t channel) const {
  // Binary32 sums are what the float kernel adds anyway; the binary64 kernel keeps binary64.
  if constexpr (!std::is_same_v<Real, float>) return false;
  const auto inline_channels = inputs_.inline_channels();
  return std::find(inline_channels.begin(), inline_channels.end(), channel) !=
         inline_channels.end();
}

template <typename Real>
float* ExactLifPopulation<Real>::next_step_current(std::size_t channel) {
  // Only the binary32 kernel: the network adds binary32 weights.
  if constexpr (!std::is_same_v<Real, float>) {
    return nullptr;
  } else {
    const auto inline_channels = inputs_.inline_channels();
    for (std::size_t c = 0; c < inline_channels.size(); ++c) {
      if (inline_channels[c] == channel) return exp_currents_[c].current.data();
    }
    return nullptr;
  }
}

template <typename Real>
void ExactLifPopulation<Real>::advance(const ChunkInput& input, ChunkOutput& output, int threads) {
  inputs_.prepare(input);
  const bool onset = inputs_.onset();
  const bool per_neuron = inputs_.per_neuron();
  const std::size_t exp = exp_currents_.size();
  int rows[2] = {kNoRows, kNoRows};
  for (std::size_t c = 0; c < exp; ++c) {
    const ChannelArrivals& arrivals = input.channels[inputs_.inline_channels()[c]];
    rows[c] = arrivals.per_neuron_f32 != nullptr ? kRowsF32
              : arrivals.per_neuron != nullptr   ? kRowsF64
                                                 : kNoRows;
  }
  // Every combination the kernel is compiled for: binary64 rows on every channel, or binary32
  // rows and none in any mix (the network gives a binary32 population no binary64 rows).
  auto dispatch = [&]<bool kOnset, bool kPerNeuron>() {
    const auto with = [&]<int kExp, int kRows0, int kRows1>() {
      advance_with<kOnset, kPerNeuron, kExp, kRows0, kRows1>(input, output, threads);
    };
    if (exp == 0) return with.template operator()<0, kNoRows, kNoRows>();
    if (exp == 1) {
      if (rows[0] == kRowsF64) return with.template operator()<1, kRowsF64, kNoRows>();
      if (rows[0] == kRowsF32) return with.template operator()<1, kRowsF32, kNoRows>();
      return with.template operator()<1, kNoRows, kNoRows>();
    }
    if (rows[0] == kRowsF64 && rows[1] == kRowsF64) {
      return with.template operator()<2, kRowsF64, kRowsF64>();
    }
    if (rows[0] == kRowsF64 || rows[1] == kRowsF64) {
      throw std::logic_error("ExactLifPopulation: binary64 rows on one channel only");
    }
    if (rows[0] == kRowsF32 && rows[1] == kRowsF32) {
      return with.template operator()<2, kRowsF32, kRowsF32>();
    }
    if (rows[0] == kRowsF32) return with.template operator()<2, kRowsF32, kNoRows>();
    if (rows[1] == kRowsF32) return with.template operator()<2, kNoRows, kRowsF32>();
    return with.template operator()<2, kNoRows, kNoRows>();
  };
  if (onset && per_neuron) dispatch.template operator()<true, true>();
  if (onset && !per_neuron) dispatch.template operator()<true, false>();
  if (!onset && per_neuron) dispatch.template operator()<false, true>();
  if (!onset && !per_neuron) dispatch.template operator()<false, false>();
}

template <typename Real>
template <bool kOnset, bool kPerNeuron, int kExp, int kRows0, int kRows1>
void ExactLifPopulation<Real>::advance_with(const ChunkInput& input, ChunkOutput& output,
                                            int threads) {
  ExactKernel<kOnset, kPerNeuron, kExp, kRows0, kRows1> kernel{&input, inputs_.current_on(),
                                                               inputs_.current_off(), &inputs_};
  const auto inline_channels = inputs_.inline_channels();
  for (std::size_t c = 0; c < inline_channels.size(); ++c) {
    kernel.exp_channel[c] = inline_channels[c];
  }
  advance_blocked(*this, size(), input, kernel, output, threads, workspace_);
}

template <typename Real>
template <class Kernel, bool kFlags>
SPIKESCOPE_VECTOR_CLONES std::uint32_t ExactLifPopulation<Real>::step_range(
    std::size_t begin, std::size_t end, int step, const Kernel& kernel, std::uint8_t* spiked) {
  const ChunkInput& in = *kernel.in;
  const std::int32_t sample = in.stimulus_sample(step);
  const double current_on = kernel.current_on[step];
  const double current_off = kernel.current_off[step];
  const Real v_inf_on = constants_.rest_v + static_cast<Real>(current_on) * constants_.rm_kohm;
  const Real v_inf_off = constants_.rest_v + static_cast<Real>(current_off) * constants_.rm_kohm;
  std::uint32_t count = 0;
  double extra[kMaxNeuronsPerCall];
  std::array<ExpStep<Real>, 2> exp{};
  std::array<ExpArrays<Real>, 2> arrays{};
  for (int c = 0; c < Kernel::exp_channels; ++c) {
    const ExpCurrent& channel = exp_currents_[c];
    const double uniform = in.channels[kernel.exp_channel[c]].uniform[step];
    exp[c] = ExpStep<Real>{channel.decay, channel.coupling, static_cast<Real>(uniform)};
  }
  for (std::size_t first = begin; first < end; first += kMaxNeuronsPerCall) {
    const std::size_t n = std::min(end - first, kMaxNeuronsPerCall);
    if constexpr (Kernel::per_neuron) {
      kernel.inputs->neuron_current(
          first, first + n, step, in, [&](std::size_t j) { return double(vm_v_[j]); }, extra);
    }
    for (int c = 0; c < Kernel::exp_channels; ++c) {
      const ChannelArrivals& arrivals = in.channels[kernel.exp_channel[c]];
      arrays[c].current = exp_currents_[c].current.data() + first;
      const int rows = c == 0 ? Kernel::rows0 : Kernel::rows1;
      if (rows == kRowsF32) arrays[c].arriving_f32 = arrivals.per_neuron_f32[step] + first;
      if (rows == kRowsF64) arrays[c].arriving = arrivals.per_neuron[step] + first;
    }
    const std::int32_t* onset = Kernel::onset ? in.onset->onset_steps.data() + first : nullptr;
    count += exact_step<Kernel::onset, Kernel::per_neuron, Kernel::exp_channels, Kernel::rows0,
                        Kernel::rows1, kFlags>(
        n, constants_, v_inf_on, v_inf_off, current_on, current_off, sample, onset, extra, exp,
        arrays[0].current, arrays[1].current, arrays[0].arriving, arrays[1].arriving,
        arrays[0].arriving_f32, arrays[1].arriving_f32, vm_v_.data() + first,
        refractory_left_.data() + first, kFlags ? spiked + (first - begin) : nullptr);
  }
  return count;
}

template class ExactLifPopulation<float>;
template class ExactLifPopulation<double>;

}  // namespace spikescope
