#pragma once
// meaning_fits_image: whether a knowledge meaning's image pattern (`image:`) fits a container
// image - the one test behind a declared `program` meaning and `kexit explain --image`.

#include <string_view>

#include "knowledge/knowledge_model.h"

namespace kexit::knowledge {

// False when the meaning names no image pattern or the image is empty. Each pattern is compiled
// once for the process, on its first use: the agent asks once per termination, and explain once
// per meaning of a code.
bool meaning_fits_image(const Meaning& meaning, std::string_view image);

}  // namespace kexit::knowledge
