# Every neuron model, one line each. The folder core/models/<name>/ holds <name>_model.h, which
# declares `const ModelDescriptor& <name>_model();`, and a CMakeLists.txt that adds its sources to
# spikescope_core. The registry (model/model_registry.h) is generated from this list, in order.
set(SPIKESCOPE_MODELS
  lif
  lif_adaptive
  izhikevich
  adex
  hh
  poisson
)
