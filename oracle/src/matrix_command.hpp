// wn-oracle matrix and matrix-report: the regression oracle across LibTorch
// versions (scripts/matrix.sh; internal to wn-oracle).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wn::oracle {

struct MatrixOptions {
  /// NAME=DIR, one per LibTorch: DIR holds that version's run (reports/, the
  /// property reports), packages.txt (dpkg-query -W) and check-OTHER.json,
  /// this build's replay of OTHER's vectors.
  std::vector<std::string> versions;
  std::string json_out;  ///< the matrix as JSON (rendered again by matrix-report)
};

/// Assembles the matrix from the per-version directories, writes it and
/// prints it. 0 when no clause fails and no replayed case fails under any
/// version, 1 otherwise, 2 for a missing or unreadable input.
int run_matrix(const MatrixOptions& options);

/// Renders a saved matrix (the JSON run_matrix writes); same exit statuses.
/// With `page`, also writes it as a documentation page (docs/pages/matrix.md).
int run_matrix_report(const std::string& path, const std::string& page = "");

/// The matrix JSON from the per-version directories (throws
/// std::runtime_error naming the argument and file that cannot be read).
nlohmann::json build_matrix(const std::vector<std::string>& versions);

/// Prints the three tables of a matrix; returns 0 or 1 as run_matrix.
int render_matrix(const nlohmann::json& matrix, std::ostream& os);

/// The tables as a Markdown page for the docs: its title, how it was made,
/// and render_matrix's text verbatim (the columns need a fixed-width font).
std::string matrix_page(const nlohmann::json& matrix);

}  // namespace wn::oracle
