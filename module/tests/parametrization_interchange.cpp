// The C++ side of module/tests/parametrization_interchange_test.py: the
// parametrization form (PyTorch >= 2.1, spec MOD-16 to MOD-19) on a Conv1d,
// its state dicts written for and read from PyTorch.
//
//   parametrization_interchange save OUT_DIR
//     a Conv1d(2, 3, 3) with parametrizations::weight_norm after one SGD step:
//     OUT_DIR/cpp_state.pt (bias, parametrizations.weight.original0/original1)
//     and OUT_DIR/cpp_io.pt ({"x": input, "y": its output}).
//   parametrization_interchange load STATE INPUT OUTPUT REMOVED
//     loads STATE (either naming: MOD-19 converts weight_g/weight_v when both
//     are there) into the C++ module with the parametrization form; writes
//     OUTPUT = {"y": forward(INPUT's x), "weight": current("weight"),
//     "recomputed": current("weight") after original0 *= 2 (MOD-17)} and
//     REMOVED = the state dict after remove_parametrizations (MOD-18).
//     A state dict that does not load exits 1 with the error (missing and
//     unexpected keys).
// It runs on any LibTorch (1.13 too): only the Python side needs torch >= 2.1.
#include <torch/nn/modules/conv.h>
#include <torch/optim/sgd.h>

#include <filesystem>
#include <iostream>
#include <string>

#include "wn/module/parametrizations.hpp"
#include "wn/module/state_dict.hpp"

namespace {

namespace wm = wn::module;

wm::WeightNormed<torch::nn::Conv1dImpl> make_conv() {
  return wm::parametrizations::weight_norm(torch::nn::Conv1d(torch::nn::Conv1dOptions(2, 3, 3)));
}

int save(const std::string& dir) {
  std::filesystem::create_directories(dir);
  torch::manual_seed(3);
  auto conv = make_conv();
  const torch::Tensor x = torch::randn({4, 2, 8});
  // One step, so that g and v are not those of any weight the module had.
  torch::optim::SGD sgd(conv->parameters(), torch::optim::SGDOptions(0.1));
  conv->forward(x).pow(2).mean().backward();
  sgd.step();
  wm::save_state_dict(*conv, dir + "/cpp_state.pt");
  wm::StateDict io;
  io.insert("x", x);
  io.insert("y", conv->forward(x).detach());
  wm::save_state_dict(io, dir + "/cpp_io.pt");
  return 0;
}

int load(const std::string& state, const std::string& input, const std::string& output, const std::string& removed) {
  auto conv = make_conv();
  wm::load_state_dict(*conv, wm::load_state_dict_file(state));
  wm::StateDict out;
  out.insert("y", conv->forward(wm::load_state_dict_file(input).at("x")).detach());
  out.insert("weight", conv->current("weight").detach());
  {
    torch::NoGradGuard no_grad;
    conv->named_parameters()["parametrizations.weight.original0"].mul_(2.0);
  }
  out.insert("recomputed", conv->current("weight").detach());
  wm::save_state_dict(out, output);
  wm::parametrize::remove_parametrizations(conv, "weight");  // leave_parametrized = true
  wm::save_state_dict(*conv, removed);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "save" && argc == 3) return save(argv[2]);
    if (mode == "load" && argc == 6) return load(argv[2], argv[3], argv[4], argv[5]);
    std::cerr << "usage: " << argv[0] << " save OUT_DIR | load STATE INPUT OUTPUT REMOVED\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << argv[0] << ": " << e.what() << "\n";
    return 1;
  }
}
