#include "kube/evidence_reader.h"

namespace kexit::kube {

Expected<ApiResponse> EvidenceReader::read_workload(const std::string&, const std::string& kind,
                                                    const std::string&) {
  return Error{"this reader does not read " + kind + " objects", ""};
}

}  // namespace kexit::kube
