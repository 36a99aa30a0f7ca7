#include "kube/credential_provider.h"

#include <gtest/gtest.h>

#include "testing/fake_clock.h"
#include "testing/temp_directory.h"

namespace kexit::kube {
namespace {

using std::chrono::seconds;

// Counts its runs in a file and answers "tok-N", expiring at `expiration` (may be empty).
std::string counting_plugin(TempDirectory& directory, const std::string& expiration) {
  std::string expiry = expiration.empty() ? "" : ",\"expirationTimestamp\":\"" + expiration + "\"";
  return directory.write(
      "plugin.sh",
      "#!/bin/sh\n"
      "dir=\"$(dirname \"$0\")\"\n"
      "n=$(cat \"$dir/count\" 2>/dev/null || echo 0)\n"
      "n=$((n+1))\n"
      "echo $n > \"$dir/count\"\n"
      "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
      "\"status\":{\"token\":\"tok-'$n'\"" +
          expiry + "}}'\n",
      true);
}

ClientConfig exec_config(const std::string& command) {
  ClientConfig config;
  config.server = *parse_server_address("https://k8s.example");
  ExecConfig exec;
  exec.command = command;
  exec.api_version = "client.authentication.k8s.io/v1";
  exec.interactive_mode = "Never";
  config.auth.exec = exec;
  return config;
}

TEST(CredentialProvider, CachesAnExecCredentialUntilItExpires) {
  TempDirectory directory;
  // FakeClock starts at 2023-11-14T22:13:20Z.
  ClientConfig config = exec_config(counting_plugin(directory, "2023-11-14T22:20:00Z"));
  FakeClock clock;
  CredentialProvider provider(config, clock);
  EXPECT_EQ(provider.current()->bearer_token, "tok-1");
  clock.advance(seconds(300));
  EXPECT_EQ(provider.current()->bearer_token, "tok-1");
  clock.advance(seconds(100));
  EXPECT_EQ(provider.current()->bearer_token, "tok-2");
}

TEST(CredentialProvider, KeepsAnExecCredentialWithoutExpiryUntilRefused) {
  TempDirectory directory;
  FakeClock clock;
  CredentialProvider provider(exec_config(counting_plugin(directory, "")), clock);
  EXPECT_EQ(provider.current()->bearer_token, "tok-1");
  clock.advance(seconds(100000));
  EXPECT_EQ(provider.current()->bearer_token, "tok-1");
  EXPECT_TRUE(provider.invalidate());
  EXPECT_EQ(provider.current()->bearer_token, "tok-2");
}

TEST(CredentialProvider, RereadsARotatingTokenFile) {
  TempDirectory directory;
  std::string token_file = directory.write("token", "first\n");
  ClientConfig config;
  config.auth.token_file = token_file;
  FakeClock clock;
  CredentialProvider provider(config, clock);
  EXPECT_EQ(provider.current()->bearer_token, "first");
  directory.write("token", "second");
  clock.advance(seconds(30));
  EXPECT_EQ(provider.current()->bearer_token, "first");
  clock.advance(seconds(31));
  EXPECT_EQ(provider.current()->bearer_token, "second");
  directory.write("token", "third");
  EXPECT_TRUE(provider.invalidate());
  EXPECT_EQ(provider.current()->bearer_token, "third");
}

TEST(CredentialProvider, StaticCredentialsCannotBeRefreshed) {
  ClientConfig config;
  config.auth.token = "static";
  config.auth.client_certificate_pem = "CERT";
  config.auth.client_key_pem = "KEY";
  FakeClock clock;
  CredentialProvider provider(config, clock);
  auto credentials = provider.current();
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->bearer_token, "static");
  EXPECT_EQ(credentials->client_certificate_pem, "CERT");
  EXPECT_FALSE(provider.invalidate());
}

TEST(CredentialProvider, ReportsAnUnreadableTokenFile) {
  TempDirectory directory;
  ClientConfig config;
  config.auth.token_file = directory.path() + "/missing";
  FakeClock clock;
  CredentialProvider provider(config, clock);
  auto credentials = provider.current();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().where, directory.path() + "/missing");
}

}  // namespace
}  // namespace kexit::kube
