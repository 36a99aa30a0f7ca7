#include "knowledge/secret_redactor.h"

#include <gtest/gtest.h>

#include "testing/builtin_redactor.h"

namespace kexit::knowledge {
namespace {

using testing_support::builtin_redactor;

struct RedactionCase {
  // The gtest parameter name: ctest names stay stable and readable (no addresses).
  const char* name;
  const char* input;
  const char* expected;
};

// What gtest prints for a parameter (and gtest_discover_tests puts in the ctest name).
void PrintTo(const RedactionCase& redaction, std::ostream* out) { *out << redaction.name; }

std::string case_name(const testing::TestParamInfo<RedactionCase>& info) { return info.param.name; }

class SecretRedactorTest : public testing::TestWithParam<RedactionCase> {};

TEST_P(SecretRedactorTest, Redacts) {
  EXPECT_EQ(builtin_redactor().redact(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Secrets, SecretRedactorTest,
    testing::Values(
        RedactionCase{"AuthorizationBearer", "Authorization: Bearer abc.def-123",
                      "Authorization: Bearer [REDACTED]"},
        RedactionCase{"BearerJwt",
                      "using bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl now",
                      "using bearer [REDACTED] now"},
        RedactionCase{"JwtAssignment", "jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
                      "jwt=[REDACTED]"},
        RedactionCase{"AwsAccessKeyId", "key AKIAIOSFODNN7EXAMPLE used", "key [REDACTED] used"},
        RedactionCase{"AwsSecretAccessKey",
                      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                      "aws_secret_access_key = [REDACTED]"},
        RedactionCase{"PostgresUrl", "dial postgres://app:hunter2@db:5432/app failed",
                      "dial postgres://app:[REDACTED]@db:5432/app failed"},
        RedactionCase{"AdoPassword", "Server=db;User Id=sa;Password=Sup3r!;",
                      "Server=db;User Id=sa;Password=[REDACTED];"},
        RedactionCase{"JsonPassword", "{\"password\": \"hunter2\", \"user\": \"x\"}",
                      "{\"password\": \"[REDACTED]\", \"user\": \"x\"}"},
        RedactionCase{"ClientSecret", "client_secret: s3cr3t", "client_secret: [REDACTED]"},
        RedactionCase{"GithubToken", "token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
                      "token [REDACTED]"},
        RedactionCase{"PemBlock",
                      "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\nok",
                      "[REDACTED PEM BLOCK]\nok"},
        RedactionCase{"NothingSecret", "exit code 101, nothing secret here",
                      "exit code 101, nothing secret here"},
        // Shapes that passed untouched before they were data.
        RedactionCase{"GoogleOauthClientSecret", "secret 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",
                      "secret [REDACTED]"},
        RedactionCase{"NpmToken",
                      "//registry.npmjs.org/:_authToken=npm_KLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFR",
                      "//registry.npmjs.org/:_authToken=[REDACTED]"},
        RedactionCase{"OpenaiProjectKey",
                      "key sk-proj-nXsiVpzz63FfkCzJr4i0B3JrTAwR4y9ojfljoQoaF1Llqsaj invalid",
                      "key [REDACTED] invalid"},
        RedactionCase{"HuggingFaceToken", "login hf_IBXuDL7DxtpYlSXpfKtHF4vUCsMehGAkWv",
                      "login [REDACTED]"},
        RedactionCase{"BareBasic", "proxy sent Basic YWxhZGRpbjpvcGVuc2VzYW1l",
                      "proxy sent Basic [REDACTED]"},
        RedactionCase{"CurlUser", "+ curl -u admin:hunter2 https://api.example.com",
                      "+ curl -u admin:[REDACTED] https://api.example.com"},
        RedactionCase{"Base64Pem", "tls.key: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=",
                      "tls.key: [REDACTED]"}),
    case_name);

INSTANTIATE_TEST_SUITE_P(
    NotSecrets, SecretRedactorTest,
    testing::Values(
        // Code in a traceback: a reference, a lookup or a placeholder is no secret.
        RedactionCase{"DjangoSecretKeyFromEnviron",
                      "    SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]",
                      "    SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]"},
        RedactionCase{"FunctionCall", "  password = get_password(user)",
                      "  password = get_password(user)"},
        RedactionCase{"VariableReference", "token: ${GITHUB_TOKEN}", "token: ${GITHUB_TOKEN}"},
        RedactionCase{"UrlPasswordReference", "DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app",
                      "DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app"},
        RedactionCase{"DiskUsageWord", "the disk-usage-threshold was reached",
                      "the disk-usage-threshold was reached"}),
    case_name);

TEST(SecretRedactor, IsIdempotent) {
  std::string once = builtin_redactor().redact("password=hunter2 Authorization: Bearer x");
  EXPECT_EQ(builtin_redactor().redact(once), once);
}

TEST(SecretRedactor, KeepsTheTextAroundTheSecretGroupAndAppliesShapesInOrder) {
  std::vector<Error> errors;
  SecretShape shape;
  shape.id = "test.pin";
  shape.provider = "test";
  shape.pattern = "pin (?P<secret>[0-9]+)!";
  shape.unless_value = {"0000"};
  shape.references = {"https://example.com/pin"};
  shape.examples = {"pin 1234!"};
  shape.not_examples = {"pin 0000!"};
  std::vector<SecretShape> shapes = {shape};
  SecretRedactor redactor = SecretRedactor::compile(shapes, errors);
  redactor.check_examples(shapes, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(redactor.redact("a pin 1234! b pin 0000! c pin 99!"),
            "a pin [REDACTED]! b pin 0000! c pin [REDACTED]!");
}

TEST(SecretRedactor, NamesAShapeWithoutAReferenceOrWithOneThatIsNoUrl) {
  SecretShape shape;
  shape.id = "test.unsourced";
  shape.provider = "test";
  shape.pattern = "tok_[a-z]{8}";
  shape.examples = {"tok_abcdefgh"};
  shape.where = "secrets.yaml:9";
  SecretShape cited = shape;
  cited.id = "test.cited-by-name";
  cited.references = {"the provider's docs"};
  std::vector<SecretShape> shapes = {shape, cited};
  std::vector<Error> errors;
  SecretRedactor::compile(shapes, errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].to_string(),
            "secrets.yaml:9: secret \"test.unsourced\" has no references; cite the provider's "
            "documentation of its format");
  EXPECT_EQ(errors[1].to_string(),
            "secrets.yaml:9: secret \"test.cited-by-name\" reference \"the provider's docs\" is "
            "not an https:// URL; cite the provider's documentation of the format");
}

TEST(SecretRedactor, LintNamesAShapeThatMissesItsExampleOrEatsItsLookAlike) {
  SecretShape shape;
  shape.id = "test.broken";
  shape.provider = "test";
  shape.pattern = "tok_[a-z]{8}";
  shape.references = {"https://example.com/tokens"};
  shape.examples = {"tok_ABCDEFGH"};
  shape.not_examples = {"tok_abcdefgh is a sample"};
  shape.where = "secrets.yaml:3";
  std::vector<SecretShape> shapes = {shape};
  std::vector<Error> errors;
  SecretRedactor redactor = SecretRedactor::compile(shapes, errors);
  EXPECT_TRUE(errors.empty());
  redactor.check_examples(shapes, errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].to_string(),
            "secrets.yaml:3: secret \"test.broken\": example \"tok_ABCDEFGH\" is not redacted");
  EXPECT_EQ(errors[1].to_string(),
            "secrets.yaml:3: secret \"test.broken\": not_example \"tok_abcdefgh is a sample\" is "
            "changed to \"[REDACTED] is a sample\"");
}

}  // namespace
}  // namespace kexit::knowledge
