# Precompiled headers: a clean build parses nlohmann/json, GoogleTest, RE2 and the standard
# library once per group of targets instead of once per file (docs/reliability.md, "CI time",
# gives the measured cost before and after). A build without them checks that every file
# includes what it uses, which the headers below would otherwise hide.
#
# A precompiled header is only reused by targets compiled with the same flags and -D
# definitions (clang refuses a mismatch; g++ -Winvalid-pch warns, an error here), hence one
# owner per group: kexit_base; kexit_kube; kexit_knowledge for the layers above it, kexit and
# knowledge_image_builder; kubesim_lib; and one target for each test suite.
#
# Only headers without namespace-scope objects belong here: CLI11 defines its validators as
# objects in every file that includes it (about 5 s of code per file), so it stays out, or
# every file of the group would pay for them.
#
# Off by default until a whole clean build and ctest with it have run (docs/reliability.md,
# "CI time"): turn it on with -DKEXIT_PCH=ON.
option(KEXIT_PCH "Precompile the third-party and standard headers most files include" OFF)

set(KEXIT_PCH_HEADERS
    <algorithm> <chrono> <cstddef> <cstdint> <functional> <map> <memory> <optional> <set>
    <string> <string_view> <utility> <vector> <nlohmann/json.hpp>)

# g++ 12 warns, with a header precompiled, about std::string's own inlined memcpy
# (char_traits.h) in files where it is silent without one: the middle-end warnings below are
# known false positives there (GCC bugs 105329 and 105651), and a precompiled header changes
# what gets inlined where. A file under them gets them off with the header; clang's build, with
# AddressSanitizer, is where a real overflow shows.
set(KEXIT_PCH_GCC12_WARNINGS_OFF -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread
                                 -Wno-restrict)

function(kexit_pch_warnings target)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE ${KEXIT_PCH_GCC12_WARNINGS_OFF})
  endif()
endfunction()

# kexit_precompile_headers(<target> [<header>...]): <target> owns a precompiled header of
# KEXIT_PCH_HEADERS and the headers given.
function(kexit_precompile_headers target)
  if(KEXIT_PCH)
    target_precompile_headers(${target} PRIVATE ${KEXIT_PCH_HEADERS} ${ARGN})
    kexit_pch_warnings(${target})
  endif()
endfunction()

# kexit_reuse_precompiled_headers(<target> <owner>): <target> uses <owner>'s precompiled header,
# which it must match in flags and definitions (see above).
function(kexit_reuse_precompiled_headers target owner)
  if(KEXIT_PCH)
    target_precompile_headers(${target} REUSE_FROM ${owner})
    kexit_pch_warnings(${target})
  endif()
endfunction()
