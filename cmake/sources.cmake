# The product's layers, lowest first. Each src/<layer>/sources.cmake lists its files in
# KEXIT_<LAYER>_SOURCES; each layer is its own static library that links only the layers
# below it. kexit_core is all of them. The include root is src/ for every layer, so the
# include-scan ctest (tests/layering/check_includes.py) is what keeps an arrow from going up.
set(KEXIT_LAYERS base kube knowledge diagnose report agent cli)
foreach(layer ${KEXIT_LAYERS})
  string(TOUPPER ${layer} upper)
  set(KEXIT_${upper}_SOURCES)
  include(${CMAKE_SOURCE_DIR}/src/${layer}/sources.cmake)
endforeach()

# kexit_layer(NAME BELOW <layer libraries> [LIBRARIES <external libraries>])
function(kexit_layer name)
  cmake_parse_arguments(LAYER "" "" "BELOW;LIBRARIES;EXTRA_SOURCES" ${ARGN})
  string(TOUPPER ${name} upper)
  add_library(kexit_${name} STATIC ${KEXIT_${upper}_SOURCES} ${LAYER_EXTRA_SOURCES})
  target_include_directories(kexit_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(kexit_${name} PUBLIC ${LAYER_BELOW} ${LAYER_LIBRARIES})
endfunction()
