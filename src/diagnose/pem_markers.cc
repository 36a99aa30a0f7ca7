#include "diagnose/pem_markers.h"

namespace kexit::diagnose {

bool is_pem_begin(std::string_view line) {
  return line.find("-----BEGIN ") != std::string_view::npos;
}

bool is_pem_end(std::string_view line) { return line.find("-----END ") != std::string_view::npos; }

}  // namespace kexit::diagnose
