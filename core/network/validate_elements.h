#pragma once
// The checks of single elements behind validate_network.h: one population's, projection's or
// input's shape and values, each refusal naming the element's path (ParameterError). Internal to
// core/network: validate_network.cpp composes them into the whole network's checks.
#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "model/model_descriptor.h"
#include "model/value_spec.h"
#include "network/network_spec.h"

namespace spikescope::validation {

[[noreturn]] void refuse(const std::string& path, const std::string& reason);
std::string quoted(const std::string& text);
std::uint64_t physical_memory_bytes();
std::string mib(std::uint64_t bytes);  // "12 MiB", rounded up
void require_finite(const std::string& path, double value);
std::string population_names(const NetworkSpec& spec);  // "a, b, c", for messages
std::size_t find_population(const NetworkSpec& spec, const std::string& name,
                            const std::string& path);
std::string projection_name(const ProjectionSpec& projection);
std::string known_keys(std::span<const ParameterDescriptor> parameters);
std::string known_state(std::span<const StateVariableDescriptor> state);
bool per_element(const ValueSpec& spec);  // a value per neuron or synapse, not one for all
void check_population_shape(const PopulationSpec& population, const std::string& path,
                            std::set<std::string>& names);
void check_connector(const ProjectionSpec& projection, const std::string& path,
                     std::uint64_t source_size, std::uint64_t target_size, bool same);
void check_synapse(const ChannelSpec& synapse, const std::string& path);
void check_weight(const ProjectionSpec& projection, const std::string& path,
                  std::uint64_t source_size, std::uint64_t target_size, bool same);
void require_time(const std::string& path, double time_ms, double earliest,
                  const char* earliest_name);
void check_input_shape(const InputSpec& input, const std::string& path);
// The index of the channel `synapse` feeds in `channels`, added when new.
std::size_t channel_of(std::vector<ChannelSpec>& channels, const ChannelSpec& synapse);

}  // namespace spikescope::validation
