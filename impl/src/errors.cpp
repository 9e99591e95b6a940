#include "wn/errors.hpp"

#include <utility>

namespace wn {

InvalidArgument::InvalidArgument(std::string function, std::string argument, std::string value,
                                 std::string expected)
    : std::invalid_argument(function + ": argument '" + argument + "' is " + value + "; expected " +
                            expected),
      function_(std::move(function)),
      argument_(std::move(argument)),
      value_(std::move(value)),
      expected_(std::move(expected)) {}

}  // namespace wn
