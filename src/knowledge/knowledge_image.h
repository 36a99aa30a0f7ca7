#pragma once
// KnowledgeImage: a KnowledgeSet as compact bytes, written at build time from the validated
// YAML and read at every start instead of parsing YAML (about 100x faster to load).

#include <string>
#include <string_view>

#include "base/expected.h"
#include "knowledge/knowledge_model.h"

namespace kexit::knowledge {

// Everything but the golden cases: they are only read by `kexit kb test`, from the YAML.
std::string encode_knowledge_image(const KnowledgeSet& set);

// The set `encode_knowledge_image` was given (without cases). An image from another format
// version, or a truncated one, is an error naming `where`.
Expected<KnowledgeSet> decode_knowledge_image(std::string_view image, const std::string& where);

}  // namespace kexit::knowledge
