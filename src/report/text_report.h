#pragma once
// The human-readable report of `kexit inspect`: the best diagnosis in full, alternatives in
// one line each, readable at a glance, with colour on a terminal.

#include <string>
#include <vector>

#include "diagnose/diagnosis.h"
#include "report/painter.h"

namespace kexit::report {

enum class SeenIn { kHide, kShow };

struct TextStyle {
  Color color = Color::kNo;
  // Text is wrapped to this width.
  std::size_t width = 100;
  // Whether the top cause cites the corpus reports its rule diagnosed ("seen in: URL"):
  // inspect --details.
  SeenIn seen_in = SeenIn::kHide;
};

std::string render_text(const std::vector<diagnose::ContainerDiagnosis>& containers,
                        const TextStyle& style);

// Wraps `text` to `width` columns, every line after the first starting with `indent`.
std::string wrap(const std::string& text, std::size_t width, const std::string& indent);

}  // namespace kexit::report
