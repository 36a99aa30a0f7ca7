# Each source directory lists its own files in src/<dir>/sources.cmake, appending to
# KEXIT_BASE_SOURCES (base/), KEXIT_CORE_SOURCES (everything in kexit_core) or
# KEXIT_KUBESIM_SOURCES (kubesim's library; kubesim uses only base/).
set(KEXIT_BASE_SOURCES)
set(KEXIT_CORE_SOURCES)
set(KEXIT_KUBESIM_SOURCES)
foreach(dir base kube knowledge diagnose report agent cli kubesim)
  if(EXISTS ${CMAKE_SOURCE_DIR}/src/${dir}/sources.cmake)
    include(${CMAKE_SOURCE_DIR}/src/${dir}/sources.cmake)
  endif()
endforeach()
