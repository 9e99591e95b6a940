#include "layout_generators.hpp"

#include <algorithm>
#include <numeric>

namespace wn::testing {

std::vector<LayoutKind> layout_kinds_for(const Shape& shape) {
  const std::size_t rank = shape.size();
  std::vector<LayoutKind> kinds{LayoutKind::Contiguous, LayoutKind::Sliced};
  if (rank >= 2) kinds.push_back(LayoutKind::Transposed);
  if (rank >= 3) kinds.push_back(LayoutKind::Permuted);
  if (rank == 3 || rank == 4) kinds.push_back(LayoutKind::ChannelsLast);
  return kinds;
}

namespace {
std::vector<std::int64_t> identity_order(std::size_t rank) {
  std::vector<std::int64_t> order(rank);
  std::iota(order.begin(), order.end(), 0);
  return order;
}

// The order that sorts the dims by their keys (ties by dim): a uniform-ish
// random permutation from independent keys, which RapidCheck can shrink.
std::vector<std::int64_t> order_from_keys(const std::vector<int>& keys) {
  std::vector<std::int64_t> order = identity_order(keys.size());
  std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
    return keys[static_cast<std::size_t>(a)] < keys[static_cast<std::size_t>(b)];
  });
  return order;
}

// Neither the identity nor the reverse (those are contiguous and transposed):
// the innermost two dims of the permutation are swapped when it is either.
std::vector<std::int64_t> proper_permutation(std::vector<std::int64_t> order) {
  std::vector<std::int64_t> reversed = identity_order(order.size());
  std::reverse(reversed.begin(), reversed.end());
  if (order == identity_order(order.size()) || order == reversed) std::swap(order[0], order[1]);
  return order;
}

rc::Gen<Layout> gen_sliced(const Shape& shape, std::int64_t max_buffer) {
  return rc::gen::map(rc::gen::pair(rc::gen::container<std::vector<std::int64_t>>(shape.size(), rc::gen::inRange<std::int64_t>(1, 4)),
                                    rc::gen::inRange<std::int64_t>(0, 8)),
                      [shape, max_buffer](const std::pair<std::vector<std::int64_t>, std::int64_t>& p) {
                        Layout l{LayoutKind::Sliced, identity_order(shape.size()), p.first, p.second};
                        // At least one gap or an offset, else it is contiguous.
                        if (l.contiguous()) l.offset = 1;
                        if (layout_buffer_size(l, shape) > max_buffer) l.steps.assign(shape.size(), 1);
                        return l;
                      });
}
}  // namespace

rc::Gen<Layout> gen_layout(const Shape& shape, std::int64_t max_buffer) {
  return rc::gen::mapcat(rc::gen::elementOf(layout_kinds_for(shape)), [shape, max_buffer](LayoutKind kind) -> rc::Gen<Layout> {
    const std::size_t rank = shape.size();
    switch (kind) {
      case LayoutKind::Contiguous: return rc::gen::just(Layout{});
      case LayoutKind::Sliced: return gen_sliced(shape, max_buffer);
      case LayoutKind::Transposed: {
        std::vector<std::int64_t> order = identity_order(rank);
        std::reverse(order.begin(), order.end());
        return rc::gen::just(Layout{kind, order, {}, 0});
      }
      case LayoutKind::Permuted:
        return rc::gen::map(rc::gen::container<std::vector<int>>(rank, rc::gen::inRange(0, 8)), [kind](const std::vector<int>& keys) {
          return Layout{kind, proper_permutation(order_from_keys(keys)), {}, 0};
        });
      case LayoutKind::ChannelsLast: {
        // [N, C, L] -> memory N, L, C; [N, C, H, W] -> N, H, W, C.
        std::vector<std::int64_t> order{0};
        for (std::size_t d = 2; d < rank; ++d) order.push_back(static_cast<std::int64_t>(d));
        order.push_back(1);
        return rc::gen::just(Layout{kind, order, {}, 0});
      }
    }
    return rc::gen::just(Layout{});
  });
}

rc::Gen<Tensor> gen_with_layout(const Tensor& t) {
  return rc::gen::map(gen_layout(t.shape()), [t](Layout l) { return t.with_layout(std::move(l)); });
}

}  // namespace wn::testing
