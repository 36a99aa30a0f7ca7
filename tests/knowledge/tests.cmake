kexit_test(knowledge/knowledge_loader)
kexit_test(knowledge/secret_redactor)
