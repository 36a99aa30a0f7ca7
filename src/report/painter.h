#pragma once
// Painter: the colours of kexit's text output (SGR escape sequences), one palette for the
// single report and the summary table, or none when colour is off.

#include <string>

#include "diagnose/diagnosis.h"

namespace kexit::report {

enum class Color { kNo, kYes };

class Painter {
 public:
  explicit Painter(Color color) : color_(color == Color::kYes) {}
  std::string bold(const std::string& text) const { return paint("1", text); }
  std::string dim(const std::string& text) const { return paint("2", text); }
  std::string red(const std::string& text) const { return paint("31", text); }
  std::string yellow(const std::string& text) const { return paint("33", text); }
  std::string green(const std::string& text) const { return paint("32", text); }
  std::string cyan(const std::string& text) const { return paint("36", text); }

  // A confidence as loud as it is sure: high bold red, medium yellow, low dim.
  std::string level(diagnose::ConfidenceLevel level, const std::string& text) const;

 private:
  std::string paint(const char* code, const std::string& text) const {
    return color_ ? std::string("\x1b[") + code + "m" + text + "\x1b[0m" : text;
  }
  bool color_;
};

}  // namespace kexit::report
