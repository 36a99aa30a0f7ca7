kexit_test(knowledge/knowledge_loader)
kexit_test(knowledge/secret_redactor)
kexit_test(knowledge/knowledge_image)
kexit_test(knowledge/builtin_knowledge)
