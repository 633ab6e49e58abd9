#pragma once
// The JSON Schema (draft 2020-12) of version-2 experiment files, generated from the key table
// (experiment_keys.h), the core's limits and the model descriptors, so that a new model's
// parameters are in it without anyone writing them down. The shipped copy is
// resources/experiments/spikescope-experiment-v2.schema.json; a test (tests/core/
// check_experiment_schema.py) checks that it is this text, that every shipped file is valid for
// it, and that the reader agrees with it on the fuzz corpus.
//
// What the schema says is what the reader checks as structure (ExperimentFileError::Kind::
// kStructure): types, required fields, words, integer ranges, list lengths, names of models,
// methods, parameters and state variables, unknown keys (which the reader only warns about).
// The meaning (parameter ranges, references between elements, p in [0, 1]) is validation's and
// appears in the schema's descriptions only.
#include <string>

namespace spikescope {

// The schema as the shipped file holds it (two-space indent, a newline at the end).
std::string experiment_schema_json();

}  // namespace spikescope
