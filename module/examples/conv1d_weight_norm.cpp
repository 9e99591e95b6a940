// Weight norm on a LibTorch Conv1d in one call, as in PyTorch (spec MOD-*):
// train a few SGD steps, remove it, save the state dict for Python.
//
//   conv1d_weight_norm OUT_DIR
//     writes OUT_DIR/conv1d.pt (the trained Conv1d's state dict: weight, bias)
//     and OUT_DIR/io.pt ({"x": input, "y": the Conv1d's output}); Python's
//     torch.load reads both (module/tests/python_interchange_test.py).
//   conv1d_weight_norm --load STATE_DICT INPUT OUTPUT
//     loads a weight-normalized Conv1d(2, 3, 3) state dict saved by Python
//     (weight_g, weight_v, bias) into the C++ module with weight norm, runs
//     it on INPUT's "x" and writes {"y": output} to OUTPUT.
#include <torch/nn/modules/conv.h>
#include <torch/optim/sgd.h>
#include <torch/serialize.h>

#include <filesystem>
#include <iostream>
#include <string>

#include "wn/module/state_dict.hpp"
#include "wn/module/weight_norm.hpp"

namespace {

torch::nn::Conv1d make_conv() { return torch::nn::Conv1d(torch::nn::Conv1dOptions(2, 3, 3)); }

int train_remove_save(const std::string& dir) {
  std::filesystem::create_directories(dir);
  torch::manual_seed(0);
  //! [train]
  auto conv = wn::module::weight_norm(make_conv());  // weight -> weight_g [3, 1, 1], weight_v [3, 2, 3]
  torch::optim::SGD sgd(conv->parameters(), torch::optim::SGDOptions(0.1));
  const torch::Tensor x = torch::randn({4, 2, 8});
  const torch::Tensor target = torch::randn({4, 3, 6});
  for (int step = 0; step < 5; ++step) {
    sgd.zero_grad();
    const torch::Tensor loss = (conv->forward(x) - target).pow(2).mean();  // forward recomputes the weight
    loss.backward();
    sgd.step();
    std::cout << "step " << step << ": loss " << loss.item<double>() << "\n";
  }
  wn::module::remove_weight_norm(conv);            // weight is a parameter again, from the trained g and v
  wn::module::save_state_dict(*conv, dir + "/conv1d.pt");  // torch.load(...) in Python: weight, bias
  //! [train]
  std::cout << "parameters after remove:";
  for (const auto& p : conv->named_parameters()) std::cout << " " << p.key();
  std::cout << "\n";
  wn::module::StateDict io;
  io.insert("x", x);
  io.insert("y", conv->forward(x).detach());
  wn::module::save_state_dict(io, dir + "/io.pt");
  return 0;
}

int load_python(const std::string& state_dict, const std::string& input, const std::string& output) {
  //! [load]
  auto conv = wn::module::weight_norm(make_conv());
  wn::module::load_state_dict(*conv, wn::module::load_state_dict_file(state_dict));  // weight_g, weight_v, bias
  //! [load]
  const torch::Tensor x = wn::module::load_state_dict_file(input).at("x");
  wn::module::StateDict out;
  out.insert("y", conv->forward(x).detach());
  wn::module::save_state_dict(out, output);
  std::cout << "loaded " << state_dict << " into the C++ Conv1d with weight norm; wrote " << output << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string first = argc > 1 ? argv[1] : "";
    if (argc == 2 && first != "--load") return train_remove_save(first);
    if (argc == 5 && first == "--load") return load_python(argv[2], argv[3], argv[4]);
    std::cerr << "usage: " << argv[0] << " OUT_DIR | --load STATE_DICT INPUT OUTPUT\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << argv[0] << ": " << e.what() << "\n";
    return 1;
  }
}
