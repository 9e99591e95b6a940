#include "gradient_generators.hpp"

#include <ostream>

#include "layout_generators.hpp"

namespace wn::testing {
namespace {

rc::Gen<Tensor> gen_upstream(DType dtype, const Shape& shape) {
  // In a generated layout too (spec SHAPE-5): grad_w, dv and dg reach the
  // backward as strided as v does.
  return rc::gen::mapcat(rc::gen::element(Regime::Ordinary, Regime::MixedSigns), [dtype, shape](Regime r) {
    return rc::gen::mapcat(gen_tensor(dtype, shape, r), gen_with_layout);
  });
}

rc::Gen<GradientCase> with_upstream(rc::Gen<Case> cases) {
  return rc::gen::mapcat(std::move(cases), [](const Case& c) {
    return rc::gen::map(rc::gen::tuple(gen_upstream(c.dtype, c.v.shape()), gen_upstream(c.dtype, c.v.shape()),
                                       gen_upstream(c.dtype, c.g.shape())),
                        [c](const std::tuple<Tensor, Tensor, Tensor>& t) {
                          return GradientCase{c, std::get<0>(t), std::get<1>(t), std::get<2>(t)};
                        });
  });
}

Case with_dtype(Case c, DType dtype) {
  c.dtype = dtype;
  c.v = c.v.to(dtype);
  c.g = c.g.to(dtype);
  return c;
}

}  // namespace

rc::Gen<GradientCase> gen_gradient_case(CaseOptions options) {
  return with_upstream(rc::gen::suchThat(gen_case(options), [](const Case& c) { return c.regime != Regime::WideExponent; }));
}

rc::Gen<GradientCase> gen_gradient_case_f64(CaseOptions options) {
  return with_upstream(rc::gen::map(
      rc::gen::suchThat(gen_case(options), [](const Case& c) { return c.regime != Regime::WideExponent; }),
      [](const Case& c) { return with_dtype(c, DType::Float64); }));
}

const std::vector<IeeeClass>& edge5_grad_w_classes() {
  static const std::vector<IeeeClass> classes{IeeeClass::PositiveZero, IeeeClass::NegativeZero, IeeeClass::Subnormal,
                                              IeeeClass::Ordinary,     IeeeClass::Infinity,     IeeeClass::NotANumber};
  return classes;
}

rc::Gen<GradientCase> gen_special_grad_w_case(CaseOptions options) {
  return rc::gen::mapcat(gen_gradient_case(std::move(options)), [](const GradientCase& gc) {
    return rc::gen::map(with_special_values(gc.grad_w, 2, edge5_grad_w_classes()), [gc](Tensor grad_w) {
      GradientCase out = gc;
      out.grad_w = std::move(grad_w);
      return out;
    });
  });
}

void showValue(const GradientCase& g, std::ostream& os) {
  showValue(g.c, os);
  os << "\n  grad_w = " << g.grad_w << "\n  dv = " << g.dv << "\n  dg = " << g.dg;
}

}  // namespace wn::testing
