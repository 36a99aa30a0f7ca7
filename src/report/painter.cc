#include "report/painter.h"

namespace kexit::report {

std::string Painter::level(diagnose::ConfidenceLevel level, const std::string& text) const {
  switch (level) {
    case diagnose::ConfidenceLevel::kHigh:
      return paint("1;31", text);
    case diagnose::ConfidenceLevel::kMedium:
      return yellow(text);
    case diagnose::ConfidenceLevel::kLow:
      return dim(text);
  }
  return text;
}

}  // namespace kexit::report
