#include "wn/layout.hpp"

#include <algorithm>
#include <numeric>

#include "wn/errors.hpp"

namespace wn {

const std::vector<LayoutKind>& all_layout_kinds() {
  static const std::vector<LayoutKind> all{LayoutKind::Contiguous, LayoutKind::Transposed, LayoutKind::Permuted,
                                           LayoutKind::Sliced, LayoutKind::ChannelsLast};
  return all;
}

std::string to_string(LayoutKind kind) {
  switch (kind) {
    case LayoutKind::Contiguous: return "contiguous";
    case LayoutKind::Transposed: return "transposed";
    case LayoutKind::Permuted: return "permuted";
    case LayoutKind::Sliced: return "sliced";
    case LayoutKind::ChannelsLast: return "channels_last";
  }
  return "?";
}

namespace {
std::vector<std::int64_t> order_of(const Layout& layout, std::size_t rank) {
  if (!layout.order.empty()) return layout.order;
  std::vector<std::int64_t> order(rank);
  std::iota(order.begin(), order.end(), 0);
  return order;
}

std::int64_t step_of(const Layout& layout, std::size_t d) {
  return layout.steps.empty() ? 1 : layout.steps[d];
}

std::string join(const std::vector<std::int64_t>& xs) {
  std::string s;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (i > 0) s += ',';
    s += std::to_string(xs[i]);
  }
  return s;
}
}  // namespace

bool Layout::contiguous() const {
  if (offset != 0) return false;
  for (std::size_t i = 0; i < order.size(); ++i)
    if (order[i] != static_cast<std::int64_t>(i)) return false;
  return std::all_of(steps.begin(), steps.end(), [](std::int64_t s) { return s == 1; });
}

std::string to_string(const Layout& layout) {
  if (layout.contiguous()) return "contiguous";
  return to_string(layout.kind) + "(order " + join(layout.order) + "; steps " + join(layout.steps) + "; offset " +
         std::to_string(layout.offset) + ")";
}

void check_layout(const Layout& layout, const Shape& shape) {
  const std::size_t rank = shape.size();
  const std::string what = to_string(layout) + " for shape " + to_string(shape);
  if (!layout.order.empty()) {
    std::vector<std::int64_t> sorted = layout.order;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::int64_t> identity(rank);
    std::iota(identity.begin(), identity.end(), 0);
    if (sorted != identity) throw InvalidArgument("Layout", "order", what, "a permutation of the dims");
  }
  if (!layout.steps.empty()) {
    if (layout.steps.size() != rank) throw InvalidArgument("Layout", "steps", what, "one step per dim");
    for (std::int64_t s : layout.steps)
      if (s < 1 || s > 1024) throw InvalidArgument("Layout", "steps", what, "steps in [1, 1024]");
  }
  if (layout.offset < 0 || layout.offset > 1024) throw InvalidArgument("Layout", "offset", what, "an offset in [0, 1024]");
  // The buffer's size, computed without overflow: every factor is checked
  // against the limit before it is multiplied in.
  constexpr std::int64_t kLimit = std::int64_t{1} << 31;
  std::int64_t extent = 1;
  for (std::size_t d = 0; d < rank; ++d) {
    const std::int64_t f = std::max<std::int64_t>(shape[d], 1) * step_of(layout, d);
    if (extent > kLimit / f) throw InvalidArgument("Layout", "steps", what, "a buffer below 2^31 elements");
    extent *= f;
  }
}

std::vector<std::int64_t> layout_strides(const Layout& layout, const Shape& shape) {
  const std::vector<std::int64_t> order = order_of(layout, shape.size());
  std::vector<std::int64_t> strides(shape.size(), 1);
  // Innermost first: a dim's stride is its step times the padded extent of
  // every dim inside it.
  std::int64_t unit = 1;
  for (std::size_t k = order.size(); k-- > 0;) {
    const auto d = static_cast<std::size_t>(order[k]);
    strides[d] = unit * step_of(layout, d);
    unit *= std::max<std::int64_t>(shape[d], 1) * step_of(layout, d);
  }
  return strides;
}

std::int64_t layout_buffer_size(const Layout& layout, const Shape& shape) {
  if (numel(shape) == 0) return 0;
  const std::vector<std::int64_t> strides = layout_strides(layout, shape);
  std::int64_t last = layout.offset;
  for (std::size_t d = 0; d < shape.size(); ++d) last += (shape[d] - 1) * strides[d];
  return last + 1;
}

namespace {
// Calls f(row-major index, buffer index) for every element.
template <typename F>
void for_each_position(const Layout& layout, const Shape& shape, F&& f) {
  const std::int64_t n = numel(shape);
  if (n == 0) return;
  const std::vector<std::int64_t> strides = layout_strides(layout, shape);
  std::vector<std::int64_t> index(shape.size(), 0);
  std::int64_t position = layout.offset;
  for (std::int64_t i = 0; i < n; ++i) {
    f(i, position);
    for (std::size_t d = shape.size(); d-- > 0;) {
      if (++index[d] < shape[d]) {
        position += strides[d];
        break;
      }
      position -= (shape[d] - 1) * strides[d];
      index[d] = 0;
    }
  }
}
}  // namespace

std::vector<double> to_buffer(const std::vector<double>& values, const Layout& layout, const Shape& shape,
                              double fill) {
  std::vector<double> buffer(static_cast<std::size_t>(layout_buffer_size(layout, shape)), fill);
  for_each_position(layout, shape, [&](std::int64_t i, std::int64_t p) {
    buffer[static_cast<std::size_t>(p)] = values[static_cast<std::size_t>(i)];
  });
  return buffer;
}

std::vector<double> from_buffer(const std::vector<double>& buffer, const Layout& layout, const Shape& shape) {
  std::vector<double> values(static_cast<std::size_t>(numel(shape)));
  for_each_position(layout, shape, [&](std::int64_t i, std::int64_t p) {
    values[static_cast<std::size_t>(i)] = buffer.at(static_cast<std::size_t>(p));
  });
  return values;
}

}  // namespace wn
