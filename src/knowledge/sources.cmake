list(APPEND KEXIT_KNOWLEDGE_SOURCES
  src/knowledge/compiled_knowledge.cc
  src/knowledge/knowledge_lint.cc
  src/knowledge/knowledge_loader.cc
  src/knowledge/knowledge_model.cc
  src/knowledge/secret_redactor.cc
)
