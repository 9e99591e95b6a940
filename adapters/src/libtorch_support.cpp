#include "libtorch_support.hpp"

#include <limits>
#include <type_traits>

#include "wn/errors.hpp"
#include "wn/layout.hpp"

namespace wn::libtorch_detail {

namespace {
// LibTorch's element type for the type dispatch_dtype hands over: c10::Half
// and c10::BFloat16 for the 16-bit dtypes.
template <class T>
struct AtElement {
  using type = T;
};
template <>
struct AtElement<float16_value> {
  using type = c10::Half;
};
template <>
struct AtElement<bfloat16_value> {
  using type = c10::BFloat16;
};
template <class T>
using at_element_t = typename AtElement<T>::type;

// Values of the dtype convert exactly both ways: through float for the
// 16-bit types, whose values are all floats (c10's float conversion is exact
// on them; from double it would round twice, which no value here needs).
template <class E>
E to_element(double x) {
  if constexpr (std::is_same_v<E, c10::Half> || std::is_same_v<E, c10::BFloat16>) {
    return E(static_cast<float>(x));
  } else {
    return static_cast<E>(x);
  }
}
template <class E>
double from_element(E x) {
  if constexpr (std::is_same_v<E, c10::Half> || std::is_same_v<E, c10::BFloat16>) {
    return static_cast<double>(static_cast<float>(x));
  } else {
    return static_cast<double>(x);
  }
}
}  // namespace

at::ScalarType to_at(DType dtype) {
  return dispatch_dtype(dtype, [](auto t) { return c10::CppTypeToScalarType<at_element_t<decltype(t)>>::value; });
}

namespace {
// A fresh 1-d buffer holding `values`, in `dtype`.
at::Tensor buffer_of(const std::vector<double>& values, DType dtype) {
  at::Tensor out = at::empty({static_cast<std::int64_t>(values.size())}, at::TensorOptions().dtype(to_at(dtype)));
  dispatch_dtype(dtype, [&](auto t) {
    using E = at_element_t<decltype(t)>;
    E* p = out.data_ptr<E>();
    for (std::size_t i = 0; i < values.size(); ++i) p[i] = to_element<E>(values[i]);
  });
  return out;
}
}  // namespace

at::Tensor to_at(const Tensor& t) {
  if (t.layout().contiguous() || t.numel() == 0) return buffer_of(t.values(), t.dtype()).reshape(t.shape());
  // The strided view the layout describes, on a buffer whose gaps hold NaN
  // (spec SHAPE-5): what LibTorch gets from w.t(), w[:, ::2] or channels_last.
  const std::vector<double> buffer =
      to_buffer(t.values(), t.layout(), t.shape(), std::numeric_limits<double>::quiet_NaN());
  return buffer_of(buffer, t.dtype()).as_strided(t.shape(), layout_strides(t.layout(), t.shape()), t.layout().offset);
}

Tensor from_at(const at::Tensor& x) {
  const at::Tensor c = x.detach().contiguous();
  Shape shape(c.sizes().begin(), c.sizes().end());
  std::vector<double> values(static_cast<std::size_t>(c.numel()));
  for (DType dtype : all_dtypes()) {
    if (c.scalar_type() != to_at(dtype)) continue;
    dispatch_dtype(dtype, [&](auto t) {
      const auto* p = c.data_ptr<at_element_t<decltype(t)>>();
      for (std::size_t i = 0; i < values.size(); ++i) values[i] = from_element(p[i]);
    });
    return Tensor(dtype, std::move(shape), std::move(values));
  }
  throw RejectedCall(std::string("LibTorch returned a tensor of unsupported dtype ") +
                     std::string(c10::toString(c.scalar_type())));
}

}  // namespace wn::libtorch_detail
