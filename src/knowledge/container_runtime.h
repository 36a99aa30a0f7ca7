#pragma once
// container_runtime: which runtime of the knowledge's `runtimes:` a container runs, from its
// image's name or its command line, for what needs it when no log names it (base rates).

#include <string>
#include <string_view>

#include "knowledge/knowledge_model.h"

namespace kexit::knowledge {

// The name of the first runtime, in knowledge order, whose image pattern fits the image or
// whose command pattern fits the command line; "" when none does.
std::string container_runtime(const KnowledgeSet& set, std::string_view image,
                              std::string_view command_line);

}  // namespace kexit::knowledge
