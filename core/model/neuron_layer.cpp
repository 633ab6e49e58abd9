#include "model/neuron_layer.h"

#include "models/lif/lif_exact_layer.h"
#include "models/lif/lif_notebook_layer.h"

namespace spikescope {

std::size_t state_bytes_per_neuron(IntegrationMode mode) {
  // Notebook: V and t_rest in binary64. Exact: V in float and a 16-bit countdown.
  return mode == IntegrationMode::kNotebook ? 2 * sizeof(double)
                                            : sizeof(float) + sizeof(std::uint16_t);
}

std::unique_ptr<NeuronLayer> make_lif_layer(IntegrationMode mode, std::size_t size,
                                            const LifParameters& parameters, double dt_ms) {
  if (mode == IntegrationMode::kNotebook) {
    return std::make_unique<NotebookLifLayer>(size, parameters, dt_ms);
  }
  return std::make_unique<ExactLifLayer<float>>(size, parameters, dt_ms);
}

}  // namespace spikescope
