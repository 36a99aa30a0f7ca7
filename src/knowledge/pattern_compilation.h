#pragma once
// PatternCompilation: when the patterns of a knowledge set are compiled.

namespace kexit::knowledge {

// At once, reporting every bad one (user files, kb lint), or on first use, for the built-in
// set, whose patterns the build already compiled and checked (tools/knowledge_image_builder.cc):
// `kexit explain` then compiles no pattern at all.
enum class PatternCompilation { kNow, kOnFirstUse };

}  // namespace kexit::knowledge
