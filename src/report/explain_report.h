#pragma once
// `kexit explain CODE`: every meaning the knowledge base knows for a number, grouped by origin.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "knowledge/knowledge_model.h"
#include "report/text_report.h"

namespace kexit::report {

struct ExplainQuery {
  long long code = 0;
  // Narrowing: meanings tied to another image or runtime are left out.
  std::string image;
  std::string runtime;
};

// Meanings of the code (and, for a positive code, of -code: Chromium's net errors are logged
// negative), the signal
// meaning for 128+N, narrowed by image and runtime, grouped in meaning_origins() order.
std::vector<knowledge::Meaning> find_meanings(const knowledge::KnowledgeSet& set,
                                              const ExplainQuery& query);

// Every runtime a meaning is tied to, lower-cased and sorted: what --runtime accepts.
std::vector<std::string> known_runtimes(const knowledge::KnowledgeSet& set);

std::string render_explain_text(const std::vector<knowledge::Meaning>& meanings,
                                const ExplainQuery& query, const TextStyle& style);
nlohmann::ordered_json explain_document(const std::vector<knowledge::Meaning>& meanings,
                                        const ExplainQuery& query);

}  // namespace kexit::report
