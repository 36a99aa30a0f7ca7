#include "diagnose/secret_redactor.h"

#include <gtest/gtest.h>

namespace kexit::diagnose {
namespace {

struct RedactionCase {
  const char* input;
  const char* expected;
};

class SecretRedactorTest : public testing::TestWithParam<RedactionCase> {};

TEST_P(SecretRedactorTest, Redacts) {
  EXPECT_EQ(redact_secrets(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Secrets, SecretRedactorTest,
    testing::Values(
        RedactionCase{"Authorization: Bearer abc.def-123", "Authorization: Bearer [REDACTED]"},
        RedactionCase{"using bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl now",
                      "using bearer [REDACTED] now"},
        RedactionCase{"jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "jwt=[REDACTED]"},
        RedactionCase{"key AKIAIOSFODNN7EXAMPLE used", "key [REDACTED] used"},
        RedactionCase{"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                      "aws_secret_access_key = [REDACTED]"},
        RedactionCase{"dial postgres://app:hunter2@db:5432/app failed",
                      "dial postgres://app:[REDACTED]@db:5432/app failed"},
        RedactionCase{"Server=db;User Id=sa;Password=Sup3r!;",
                      "Server=db;User Id=sa;Password=[REDACTED];"},
        RedactionCase{"{\"password\": \"hunter2\", \"user\": \"x\"}",
                      "{\"password\": \"[REDACTED]\", \"user\": \"x\"}"},
        RedactionCase{"client_secret: s3cr3t", "client_secret: [REDACTED]"},
        RedactionCase{"token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "token [REDACTED]"},
        RedactionCase{"-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\nok",
                      "[REDACTED PEM BLOCK]\nok"},
        RedactionCase{"exit code 101, nothing secret here", "exit code 101, nothing secret here"}));

TEST(SecretRedactor, IsIdempotent) {
  std::string once = redact_secrets("password=hunter2 Authorization: Bearer x");
  EXPECT_EQ(redact_secrets(once), once);
}

TEST(SecretRedactor, RecognisesPemMarkers) {
  EXPECT_TRUE(is_pem_begin("-----BEGIN CERTIFICATE-----"));
  EXPECT_TRUE(is_pem_end("-----END CERTIFICATE-----"));
  EXPECT_FALSE(is_pem_begin("BEGIN"));
}

}  // namespace
}  // namespace kexit::diagnose
