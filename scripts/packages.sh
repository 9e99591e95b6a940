# The Debian packages weightnorm-oracle needs, written once: sourced by
# scripts/setup.sh (the host) and scripts/matrix.sh (the chroots).
packages=(
  cmake ninja-build g++            # build
  libtorch-dev                     # LibTorch: the implementation under test
  librapidcheck-dev libgtest-dev   # properties and tests
  nlohmann-json3-dev libcli11-dev libfmt-dev   # reports, command-line oracle
  libmpfr-dev libbenchmark-dev     # exact reference for accuracy, benchmarks
  doxygen graphviz libjs-mathjax   # documentation, with offline math
)
# The rendered check of the documentation; the host only (the matrix builds
# the docs but does not render them).
render_packages=(chromium)
# The sanitizer run and libFuzzer (scripts/sanitize.sh); the host only.
sanitizer_packages=(clang-14 libclang-rt-14-dev)
optional=(python3-torch)           # PyTorch's Python API, for the parity recorder
