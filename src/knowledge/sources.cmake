list(APPEND KEXIT_KNOWLEDGE_SOURCES
  src/knowledge/cached_pattern.cc
  src/knowledge/compiled_knowledge.cc
  src/knowledge/container_runtime.cc
  src/knowledge/knowledge_lint.cc
  src/knowledge/knowledge_image.cc
  src/knowledge/knowledge_loader.cc
  src/knowledge/knowledge_model.cc
  src/knowledge/meaning_image.cc
  src/knowledge/next_step.cc
  src/knowledge/secret_literals.cc
  src/knowledge/secret_redactor.cc
)
# Needs the image the build writes with a tool that links the files above, so it is its own
# library (kexit_knowledge_builtin, see CMakeLists.txt).
list(APPEND KEXIT_KNOWLEDGE_BUILTIN_SOURCES
  src/knowledge/builtin_knowledge.cc
)
