/// @file
/// The storage of wn::Tensor's values: a std::vector that does not
/// zero-fill what it allocates. Spec DTYPE-2.
#pragma once

#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace wn {

/// std::allocator, except that `construct(p)` with no arguments
/// default-initialises (leaves a float or double unset) instead of
/// value-initialising it to zero.
///
/// Why: the reference writes every element of a result once. With
/// std::vector's zero fill the weight_norm of 10^6 elements paid a whole
/// extra pass over its result (benchmarks/README.md).
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  using value_type = T;  ///< The element type.
  /// The same allocator for another element type (std::allocator_traits).
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;  ///< The rebound allocator.
  };
  DefaultInitAllocator() noexcept = default;  ///< Stateless, as std::allocator.
  /// Converts from the allocator of another element type (stateless).
  template <class U>
  DefaultInitAllocator(const DefaultInitAllocator<U>& /*other*/) noexcept {}

  /// Default-initialises `*p`: a float or double is left unset.
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  /// Constructs `*p` from `args`, as std::allocator does.
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

/// A vector of `T` whose `resize(n)` and `NativeBuffer<T>(n)` leave the new
/// elements unset, for storage that is written in full right after.
template <class T>
using NativeBuffer = std::vector<T, DefaultInitAllocator<T>>;

}  // namespace wn
