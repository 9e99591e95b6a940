/// @file
/// The one exception type the reference throws for bad input. Spec ERR-1.
#pragma once

#include <stdexcept>
#include <string>

namespace wn {

/// Thrown for every invalid call. The message names the function, the
/// argument, the value it had and what was expected, e.g.
/// `weight_norm: argument 'dim' is 3; expected none, -1 or an integer in [-2, 1] for v of shape [2, 3]`.
class InvalidArgument : public std::invalid_argument {
 public:
  /// The error of `function` for `argument`, which had `value` where
  /// `expected` was expected; what() combines all four.
  InvalidArgument(std::string function, std::string argument, std::string value,
                  std::string expected);

  const std::string& function() const { return function_; }  ///< e.g. "weight_norm"
  const std::string& argument() const { return argument_; }  ///< e.g. "dim"
  const std::string& value() const { return value_; }        ///< the value as written
  const std::string& expected() const { return expected_; }  ///< what would have been valid

 private:
  std::string function_, argument_, value_, expected_;
};

}  // namespace wn
